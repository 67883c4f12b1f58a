package dev.missive.imap.command;

import dev.missive.imap.Flag;
import dev.missive.imap.SequenceSet;
import dev.missive.imap.internal.text.Checks;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The commands valid only with a mailbox selected (RFC 9051 §6.4 {@code command-select}), their UID forms
 * (§6.4.9) included: {@code uid} true means the numbers are UIDs. Whether an untagged EXPUNGE may be sent while one
 * of them runs depends on it (RFC 9051 §7.5.1).
 */
public sealed interface SelectedCommand extends Command {

  /** {@return whether this is the UID form of the command (numbers are UIDs)} */
  default boolean uid() {
    return false;
  }

  /**
   * CHECK (RFC 3501 §6.4.1; removed by RFC 9051, which answers it like NOOP).
   *
   * @param tag the command's tag
   */
  record Check(String tag) implements SelectedCommand {
    /**
     * Checks the tag.
     *
     * @param tag the command's tag
     */
    public Check {
      Checks.tag(tag);
    }
  }

  /**
   * CLOSE (RFC 9051 §6.4.1) or, with {@code expunge} false, UNSELECT (§6.4.2, RFC 3691).
   *
   * @param tag     the command's tag
   * @param expunge true for CLOSE (expunge silently), false for UNSELECT
   */
  record Close(String tag, boolean expunge) implements SelectedCommand {
    /**
     * Checks the tag.
     *
     * @param tag     the command's tag
     * @param expunge true for CLOSE, false for UNSELECT
     */
    public Close {
      Checks.tag(tag);
    }
  }

  /**
   * EXPUNGE (RFC 9051 §6.4.3) or UID EXPUNGE with a UID set (§6.4.9, RFC 4315 §2.1).
   *
   * @param tag  the command's tag
   * @param uids for UID EXPUNGE, the UIDs to expunge among those with {@code \Deleted}; empty for EXPUNGE
   */
  record Expunge(String tag, Optional<SequenceSet> uids) implements SelectedCommand {
    /**
     * Checks the values.
     *
     * @param tag  the command's tag
     * @param uids for UID EXPUNGE, the UIDs; empty for EXPUNGE
     */
    public Expunge {
      Checks.tag(tag);
      Objects.requireNonNull(uids, "uids");
    }

    @Override
    public boolean uid() {
      return uids.isPresent();
    }
  }

  /**
   * SEARCH or UID SEARCH (RFC 9051 §6.4.4) with ESEARCH return options (RFC 4731) and SEARCHRES (RFC 5182).
   *
   * @param tag           the command's tag
   * @param uid           whether it is UID SEARCH
   * @param returnOptions the {@code RETURN (...)} options; empty Optional when no RETURN was given, an empty set
   *                      for {@code RETURN ()} (which means ALL)
   * @param charset       the CHARSET argument, if given
   * @param criteria      the search criteria (several top-level keys form an {@link SearchKey.And})
   */
  record Search(String tag, boolean uid, Optional<Set<SearchReturnOption>> returnOptions, Optional<String> charset,
                SearchKey criteria) implements SelectedCommand {
    /**
     * Checks the values.
     *
     * @param tag           the command's tag
     * @param uid           whether it is UID SEARCH
     * @param returnOptions the RETURN options, empty when none was given
     * @param charset       the CHARSET argument, if given
     * @param criteria      the search criteria
     */
    public Search {
      Checks.tag(tag);
      returnOptions = returnOptions.map(o -> Checks.enumSet(SearchReturnOption.class, o));
      Objects.requireNonNull(charset, "charset");
      Objects.requireNonNull(criteria, "criteria");
    }
  }

  /**
   * FETCH or UID FETCH (RFC 9051 §6.4.5); the macros ALL, FAST and FULL are expanded. The fetch modifiers of RFC
   * 7162: {@code CHANGEDSINCE} (§3.1.4.1) and, for UID FETCH, {@code VANISHED} (§3.2.6).
   *
   * @param tag          the command's tag
   * @param uid          whether it is UID FETCH
   * @param set          the messages
   * @param items        the data items, at least one
   * @param changedSince only messages whose mod-sequence is above this, if given (positive)
   * @param vanished     whether UIDs of the set expunged since {@code changedSince} are reported first
   */
  record Fetch(String tag, boolean uid, SequenceSet set, List<FetchItem> items, OptionalLong changedSince,
               boolean vanished) implements SelectedCommand {
    /**
     * Checks the values.
     *
     * @param tag          the command's tag
     * @param uid          whether it is UID FETCH
     * @param set          the messages
     * @param items        the data items, at least one
     * @param changedSince the CHANGEDSINCE modifier's mod-sequence, if given
     * @param vanished     whether the VANISHED modifier was given (UID FETCH with CHANGEDSINCE only, RFC 7162 §3.2.6)
     */
    public Fetch {
      Checks.tag(tag);
      Objects.requireNonNull(set, "set");
      items = Checks.list("items", items);
      if (items.isEmpty()) {
        throw new IllegalArgumentException("FETCH asks for at least one item");
      }
      Objects.requireNonNull(changedSince, "changedSince");
      changedSince.ifPresent(m -> Checks.modSeq(m, false));
      if (vanished && (!uid || changedSince.isEmpty())) {
        throw new IllegalArgumentException("VANISHED needs UID FETCH and CHANGEDSINCE (RFC 7162 §3.2.6)");
      }
    }

    /**
     * A FETCH without modifiers.
     *
     * @param tag   the command's tag
     * @param uid   whether it is UID FETCH
     * @param set   the messages
     * @param items the data items, at least one
     */
    public Fetch(String tag, boolean uid, SequenceSet set, List<FetchItem> items) {
      this(tag, uid, set, items, OptionalLong.empty(), false);
    }
  }

  /**
   * STORE or UID STORE (RFC 9051 §6.4.6), with the {@code UNCHANGEDSINCE} modifier of RFC 7162 §3.1.3.
   *
   * @param tag            the command's tag
   * @param uid            whether it is UID STORE
   * @param set            the messages
   * @param action         replace, add or remove
   * @param silent         whether {@code .SILENT} was given (no untagged FETCH for the change)
   * @param flags          the flags, possibly none
   * @param unchangedSince only messages whose mod-sequence is at most this are changed, if given (0 allowed)
   */
  record Store(String tag, boolean uid, SequenceSet set, StoreAction action, boolean silent, List<Flag> flags,
               OptionalLong unchangedSince) implements SelectedCommand {
    /**
     * Checks the values.
     *
     * @param tag            the command's tag
     * @param uid            whether it is UID STORE
     * @param set            the messages
     * @param action         replace, add or remove
     * @param silent         whether {@code .SILENT} was given
     * @param flags          the flags, possibly none
     * @param unchangedSince the UNCHANGEDSINCE modifier's mod-sequence, if given
     */
    public Store {
      Checks.tag(tag);
      Objects.requireNonNull(set, "set");
      Objects.requireNonNull(action, "action");
      flags = Checks.list("flags", flags);
      Objects.requireNonNull(unchangedSince, "unchangedSince");
      unchangedSince.ifPresent(m -> Checks.modSeq(m, true));
    }

    /**
     * A STORE without modifiers.
     *
     * @param tag    the command's tag
     * @param uid    whether it is UID STORE
     * @param set    the messages
     * @param action replace, add or remove
     * @param silent whether {@code .SILENT} was given
     * @param flags  the flags, possibly none
     */
    public Store(String tag, boolean uid, SequenceSet set, StoreAction action, boolean silent, List<Flag> flags) {
      this(tag, uid, set, action, silent, flags, OptionalLong.empty());
    }
  }

  /**
   * COPY or UID COPY (RFC 9051 §6.4.7), or with {@code move} MOVE or UID MOVE (§6.4.8, RFC 6851).
   *
   * @param tag     the command's tag
   * @param uid     whether it is the UID form
   * @param set     the messages
   * @param mailbox the destination mailbox
   * @param move    true for MOVE
   */
  record Copy(String tag, boolean uid, SequenceSet set, String mailbox, boolean move) implements SelectedCommand {
    /**
     * Checks the values.
     *
     * @param tag     the command's tag
     * @param uid     whether it is the UID form
     * @param set     the messages
     * @param mailbox the destination mailbox
     * @param move    true for MOVE
     */
    public Copy {
      Checks.tag(tag);
      Objects.requireNonNull(set, "set");
      Objects.requireNonNull(mailbox, "mailbox");
    }
  }
}
