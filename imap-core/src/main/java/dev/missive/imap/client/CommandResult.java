package dev.missive.imap.client;

import dev.missive.imap.IdParameter;
import dev.missive.imap.ResponseCode;
import dev.missive.imap.ResponseStatus;
import dev.missive.imap.SequenceSet;
import dev.missive.imap.response.UntaggedResponse;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * How a command ended, as {@link ImapClientEvent.Completed} reports it: {@link Failed} for every NO and BAD with
 * its response code (RFC 9051 §7.1, RFC 5530), otherwise a record with what the command gathered. Java 17 hosts
 * dispatch with an {@code instanceof} chain.
 */
public sealed interface CommandResult {

  /**
   * The server refused the command: NO (it failed) or BAD (the server did not understand it, RFC 9051 §7.1.2-3).
   *
   * @param status NO or BAD
   * @param code   the response code, such as {@code [TRYCREATE]} or {@code [AUTHENTICATIONFAILED]} (RFC 5530)
   * @param text   the human-readable text
   */
  record Failed(ResponseStatus status, Optional<ResponseCode> code, String text) implements CommandResult {
    /**
     * Checks the values.
     *
     * @param status NO or BAD
     * @param code   the response code
     * @param text   the text
     */
    public Failed {
      Objects.requireNonNull(status, "status");
      Objects.requireNonNull(code, "code");
      Objects.requireNonNull(text, "text");
    }
  }

  /**
   * The command succeeded and gathered nothing of its own (NOOP, STORE, FETCH, EXPUNGE, CLOSE, …): its effects came
   * as events.
   *
   * @param code the tagged OK's response code, if any
   * @param text the tagged OK's text
   */
  record Done(Optional<ResponseCode> code, String text) implements CommandResult {
    /**
     * Checks the values.
     *
     * @param code the response code
     * @param text the text
     */
    public Done {
      Objects.requireNonNull(code, "code");
      Objects.requireNonNull(text, "text");
    }
  }

  /**
   * SELECT or EXAMINE succeeded (RFC 9051 §6.3.2): the mailbox is now {@link ImapClient#mailbox()}.
   *
   * @param mailbox the selected mailbox
   */
  record Selected(ClientMailbox mailbox) implements CommandResult {
    /**
     * Checks the value.
     *
     * @param mailbox the selected mailbox
     */
    public Selected {
      Objects.requireNonNull(mailbox, "mailbox");
    }
  }

  /**
   * LIST or LSUB (RFC 9051 §6.3.9, RFC 5258, RFC 5819 LIST-STATUS, RFC 6154 SPECIAL-USE).
   *
   * @param mailboxes the mailboxes, with their attributes
   * @param statuses  the STATUS responses of {@code RETURN (STATUS ...)}, in the order they came
   */
  record Listed(List<UntaggedResponse.MailboxList> mailboxes, List<UntaggedResponse.MailboxStatus> statuses)
      implements CommandResult {
    /**
     * Copies the lists.
     *
     * @param mailboxes the mailboxes
     * @param statuses  the statuses
     */
    public Listed {
      mailboxes = List.copyOf(mailboxes);
      statuses = List.copyOf(statuses);
    }
  }

  /**
   * STATUS (RFC 9051 §6.3.11).
   *
   * @param status the mailbox's status
   */
  record Status(UntaggedResponse.MailboxStatus status) implements CommandResult {
    /**
     * Checks the value.
     *
     * @param status the status
     */
    public Status {
      Objects.requireNonNull(status, "status");
    }
  }

  /**
   * SEARCH or UID SEARCH, from a SEARCH response (RFC 3501 §7.2.5) or an ESEARCH response (RFC 9051 §7.3.4,
   * RFC 4731). The matches are kept as a set of ranges, never expanded.
   *
   * @param uid     whether the numbers are UIDs
   * @param matches the matching messages, empty when none matched or ALL was not asked for
   * @param min     the lowest match, when known
   * @param max     the highest match, when known
   * @param count   how many matched, when known
   */
  record Searched(boolean uid, Optional<SequenceSet> matches, OptionalLong min, OptionalLong max, OptionalLong count)
      implements CommandResult {
    /**
     * Checks the values.
     *
     * @param uid     whether the numbers are UIDs
     * @param matches the matches
     * @param min     the lowest match
     * @param max     the highest match
     * @param count   the number of matches
     */
    public Searched {
      Objects.requireNonNull(matches, "matches");
      Objects.requireNonNull(min, "min");
      Objects.requireNonNull(max, "max");
      Objects.requireNonNull(count, "count");
    }
  }

  /**
   * COPY or MOVE succeeded (RFC 9051 §6.4.7-8, RFC 6851).
   *
   * @param copyUid the {@code [COPYUID]} code (RFC 4315 §3), when the server sent one
   */
  record Copied(Optional<ResponseCode.CopyUid> copyUid) implements CommandResult {
    /**
     * Checks the value.
     *
     * @param copyUid the code
     */
    public Copied {
      Objects.requireNonNull(copyUid, "copyUid");
    }
  }

  /**
   * APPEND succeeded (RFC 9051 §6.3.12).
   *
   * @param appendUid the {@code [APPENDUID]} code (RFC 4315 §3), when the server sent one
   */
  record Appended(Optional<ResponseCode.AppendUid> appendUid) implements CommandResult {
    /**
     * Checks the value.
     *
     * @param appendUid the code
     */
    public Appended {
      Objects.requireNonNull(appendUid, "appendUid");
    }
  }

  /**
   * ENABLE (RFC 5161 §3.2): what the server enabled.
   *
   * @param capabilities the enabled capabilities
   */
  record Enabled(List<String> capabilities) implements CommandResult {
    /**
     * Copies the list.
     *
     * @param capabilities the capabilities
     */
    public Enabled {
      capabilities = List.copyOf(capabilities);
    }
  }

  /**
   * NAMESPACE (RFC 9051 §6.3.10, RFC 2342).
   *
   * @param namespace the namespaces, or empty when the server sent no NAMESPACE response
   */
  record Namespaces(Optional<UntaggedResponse.Namespace> namespace) implements CommandResult {
    /**
     * Checks the value.
     *
     * @param namespace the namespaces
     */
    public Namespaces {
      Objects.requireNonNull(namespace, "namespace");
    }
  }

  /**
   * ID (RFC 2971 §3.2): what the server says about itself.
   *
   * @param parameters the server's field-value pairs, empty for NIL
   */
  record ServerId(List<IdParameter> parameters) implements CommandResult {
    /**
     * Copies the list.
     *
     * @param parameters the pairs
     */
    public ServerId {
      parameters = List.copyOf(parameters);
    }
  }

  /**
   * CAPABILITY (RFC 9051 §6.1.1).
   *
   * @param capabilities the capabilities now known
   */
  record Capabilities(List<String> capabilities) implements CommandResult {
    /**
     * Copies the list.
     *
     * @param capabilities the capabilities
     */
    public Capabilities {
      capabilities = List.copyOf(capabilities);
    }
  }
}
