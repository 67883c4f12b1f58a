package dev.missive.imap.command;

import dev.missive.imap.MailboxAttribute;
import dev.missive.imap.StatusItem;
import dev.missive.imap.internal.text.Checks;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The commands valid once authenticated, selected or not (RFC 9051 §6.3 {@code command-auth}). Mailbox names are
 * decoded: Unicode text, modified UTF-7 undone for IMAP4rev1 (RFC 3501 §5.1.3), {@code INBOX} in any case spelt
 * {@code INBOX} (RFC 9051 §5.1).
 */
public sealed interface AuthenticatedCommand extends Command {

  /**
   * ENABLE (RFC 9051 §6.3.1, RFC 5161).
   *
   * @param tag          the command's tag
   * @param capabilities the capability names, as sent
   */
  record Enable(String tag, List<String> capabilities) implements AuthenticatedCommand {
    /**
     * Checks the values.
     *
     * @param tag          the command's tag
     * @param capabilities the capability names, as sent
     */
    public Enable {
      Checks.tag(tag);
      capabilities = Checks.list("capabilities", capabilities);
      if (capabilities.isEmpty()) {
        throw new IllegalArgumentException("ENABLE names at least one capability");
      }
      capabilities.forEach(c -> Checks.atom("capability", c));
    }
  }

  /**
   * SELECT (RFC 9051 §6.3.2) or, with {@code readOnly}, EXAMINE (§6.3.3), with the select parameters of RFC 7162:
   * {@code (CONDSTORE)} (§3.1.8) and {@code (QRESYNC (...))} (§3.2.5).
   *
   * @param tag       the command's tag
   * @param mailbox   the mailbox name
   * @param readOnly  true for EXAMINE
   * @param condstore whether the {@code CONDSTORE} parameter was given
   * @param qresync   the {@code QRESYNC} parameter, if given
   */
  record Select(String tag, String mailbox, boolean readOnly, boolean condstore, Optional<QresyncParameters> qresync)
      implements AuthenticatedCommand {
    /**
     * Checks the values.
     *
     * @param tag       the command's tag
     * @param mailbox   the mailbox name
     * @param readOnly  true for EXAMINE
     * @param condstore whether the {@code CONDSTORE} parameter was given
     * @param qresync   the {@code QRESYNC} parameter, if given
     */
    public Select {
      Checks.tag(tag);
      Objects.requireNonNull(mailbox, "mailbox");
      Objects.requireNonNull(qresync, "qresync");
    }

    /**
     * A SELECT or EXAMINE without parameters.
     *
     * @param tag      the command's tag
     * @param mailbox  the mailbox name
     * @param readOnly true for EXAMINE
     */
    public Select(String tag, String mailbox, boolean readOnly) {
      this(tag, mailbox, readOnly, false, Optional.empty());
    }
  }

  /**
   * CREATE (RFC 9051 §6.3.4), with the special uses of CREATE-SPECIAL-USE (RFC 6154 §3) if any.
   *
   * @param tag        the command's tag
   * @param mailbox    the mailbox name
   * @param specialUse the {@code USE (...)} attributes, empty when none
   */
  record Create(String tag, String mailbox, List<MailboxAttribute> specialUse) implements AuthenticatedCommand {
    /**
     * Checks the values.
     *
     * @param tag        the command's tag
     * @param mailbox    the mailbox name
     * @param specialUse the {@code USE (...)} attributes, empty when none
     */
    public Create {
      Checks.tag(tag);
      Objects.requireNonNull(mailbox, "mailbox");
      specialUse = Checks.list("specialUse", specialUse);
    }
  }

  /**
   * DELETE (RFC 9051 §6.3.5).
   *
   * @param tag     the command's tag
   * @param mailbox the mailbox name
   */
  record Delete(String tag, String mailbox) implements AuthenticatedCommand {
    /**
     * Checks the values.
     *
     * @param tag     the command's tag
     * @param mailbox the mailbox name
     */
    public Delete {
      Checks.tag(tag);
      Objects.requireNonNull(mailbox, "mailbox");
    }
  }

  /**
   * RENAME (RFC 9051 §6.3.6).
   *
   * @param tag     the command's tag
   * @param from    the existing name
   * @param to      the new name
   */
  record Rename(String tag, String from, String to) implements AuthenticatedCommand {
    /**
     * Checks the values.
     *
     * @param tag     the command's tag
     * @param from    the existing name
     * @param to      the new name
     */
    public Rename {
      Checks.tag(tag);
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(to, "to");
    }
  }

  /**
   * SUBSCRIBE (RFC 9051 §6.3.7) or, with {@code subscribe} false, UNSUBSCRIBE (§6.3.8).
   *
   * @param tag       the command's tag
   * @param mailbox   the mailbox name
   * @param subscribe false for UNSUBSCRIBE
   */
  record Subscribe(String tag, String mailbox, boolean subscribe) implements AuthenticatedCommand {
    /**
     * Checks the values.
     *
     * @param tag       the command's tag
     * @param mailbox   the mailbox name
     * @param subscribe false for UNSUBSCRIBE
     */
    public Subscribe {
      Checks.tag(tag);
      Objects.requireNonNull(mailbox, "mailbox");
    }
  }

  /**
   * LIST (RFC 9051 §6.3.9), basic or extended (RFC 5258): selection options, a reference, one or more patterns and
   * return options, with LIST-STATUS's items (RFC 5819).
   *
   * @param tag         the command's tag
   * @param selection   the selection options, empty when none
   * @param reference   the reference name (empty string for none)
   * @param patterns    the mailbox patterns, with {@code *} and {@code %} wildcards; at least one
   * @param returns     the return options, empty when none
   * @param statusItems the items of {@code RETURN (STATUS (...))}, empty unless {@code returns} has STATUS
   * @param extended    whether the command used the extended syntax (selection options, several patterns in
   *                    parentheses or {@code RETURN}), which changes some answers (RFC 5258 §3)
   */
  record ListMailboxes(String tag, Set<ListSelectOption> selection, String reference, List<String> patterns,
                       Set<ListReturnOption> returns, List<StatusItem> statusItems, boolean extended)
      implements AuthenticatedCommand {
    /**
     * Checks the values.
     *
     * @param tag         the command's tag
     * @param selection   the selection options, empty when none
     * @param reference   the reference name (empty string for none)
     * @param patterns    the mailbox patterns, with {@code *} and {@code %} wildcards; at least one
     * @param returns     the return options, empty when none
     * @param statusItems the items of {@code RETURN (STATUS (...))}, empty unless {@code returns} has STATUS
     * @param extended    whether the command used the extended syntax
     */
    public ListMailboxes {
      Checks.tag(tag);
      selection = Checks.enumSet(ListSelectOption.class, selection);
      Objects.requireNonNull(reference, "reference");
      patterns = Checks.list("patterns", patterns);
      returns = Checks.enumSet(ListReturnOption.class, returns);
      statusItems = Checks.list("statusItems", statusItems);
      if (patterns.isEmpty()) {
        throw new IllegalArgumentException("LIST needs a pattern");
      }
      if (returns.contains(ListReturnOption.STATUS) == statusItems.isEmpty()) {
        throw new IllegalArgumentException("STATUS return option and its items go together");
      }
      if (!extended && (!selection.isEmpty() || !returns.isEmpty() || patterns.size() > 1)) {
        throw new IllegalArgumentException("options and several patterns need the extended syntax");
      }
    }
  }

  /**
   * LSUB (RFC 3501 §6.3.9; deprecated by RFC 9051 in favour of {@code LIST (SUBSCRIBED)}).
   *
   * @param tag       the command's tag
   * @param reference the reference name
   * @param pattern   the mailbox pattern
   */
  record Lsub(String tag, String reference, String pattern) implements AuthenticatedCommand {
    /**
     * Checks the values.
     *
     * @param tag       the command's tag
     * @param reference the reference name
     * @param pattern   the mailbox pattern
     */
    public Lsub {
      Checks.tag(tag);
      Objects.requireNonNull(reference, "reference");
      Objects.requireNonNull(pattern, "pattern");
    }
  }

  /**
   * COMPRESS (RFC 4978 §3): compression in both directions from the octet after the tagged OK.
   *
   * @param tag       the command's tag
   * @param mechanism the compression mechanism as sent, such as {@code DEFLATE} (RFC 4978 §5 {@code algorithm})
   */
  record Compress(String tag, String mechanism) implements AuthenticatedCommand {
    /**
     * Checks the values.
     *
     * @param tag       the command's tag
     * @param mechanism the compression mechanism, an atom
     */
    public Compress {
      Checks.tag(tag);
      Checks.atom("mechanism", mechanism);
    }
  }

  /**
   * NAMESPACE (RFC 9051 §6.3.10, RFC 2342).
   *
   * @param tag the command's tag
   */
  record Namespace(String tag) implements AuthenticatedCommand {
    /**
     * Checks the tag.
     *
     * @param tag the command's tag
     */
    public Namespace {
      Checks.tag(tag);
    }
  }

  /**
   * STATUS (RFC 9051 §6.3.11).
   *
   * @param tag     the command's tag
   * @param mailbox the mailbox name
   * @param items   the items asked for, in the order asked; at least one
   */
  record Status(String tag, String mailbox, List<StatusItem> items) implements AuthenticatedCommand {
    /**
     * Checks the values.
     *
     * @param tag     the command's tag
     * @param mailbox the mailbox name
     * @param items   the items asked for, in the order asked; at least one
     */
    public Status {
      Checks.tag(tag);
      Objects.requireNonNull(mailbox, "mailbox");
      items = Checks.list("items", items);
      if (items.isEmpty()) {
        throw new IllegalArgumentException("STATUS asks for at least one item");
      }
    }
  }

  /**
   * IDLE (RFC 9051 §6.3.13, RFC 2177); the client ends it with {@code DONE} on a line of its own.
   *
   * @param tag the command's tag
   */
  record Idle(String tag) implements AuthenticatedCommand {
    /**
     * Checks the tag.
     *
     * @param tag the command's tag
     */
    public Idle {
      Checks.tag(tag);
    }
  }
}
