package dev.missive.imap.server;

import dev.missive.imap.ResponseCode;
import dev.missive.imap.mailbox.UpdatePolicy;
import java.util.Optional;

/** The decision an {@link ImapServer} waits for: the event the host took and how its answer completes the command. */
final class Pending {

  /** What kind of answer fits. */
  enum Kind {
    LOGIN, SELECT, MAILBOX, APPEND_MESSAGE, APPEND_COMMIT, FETCH, STORE, SEARCH, COPY, MOVE, EXPUNGE, CLOSE,
    /** A SELECT with QRESYNC answered, its resynchronisation under way (RFC 7162 §3.2.5.1). */
    RESYNC
  }

  final Kind kind;
  final ImapServerEvent.DecisionRequired event;
  /** The command's name in completion texts, such as {@code FETCH} or {@code +FLAGS}. */
  final String verb;
  /** Which mailbox updates may be sent before the completion (RFC 9051 §7.5.1). */
  final UpdatePolicy policy;
  /** Whether messages the command named were expunged elsewhere and left out (RFC 2180 §4.1). */
  final boolean expungeIssued;
  /** Whether the client's next bytes were already waiting when the APPEND message was announced. */
  final boolean bytesWaiting;

  Pending(Kind kind, ImapServerEvent.DecisionRequired event, String verb, UpdatePolicy policy,
          boolean expungeIssued, boolean bytesWaiting) {
    this.kind = kind;
    this.event = event;
    this.verb = verb;
    this.policy = policy;
    this.expungeIssued = expungeIssued;
    this.bytesWaiting = bytesWaiting;
  }

  Pending(Kind kind, ImapServerEvent.DecisionRequired event, String verb, UpdatePolicy policy) {
    this(kind, event, verb, policy, false, false);
  }

  /** The code of a plain {@code reject()}. */
  Optional<ResponseCode> defaultRejectCode() {
    return switch (kind) {
      case LOGIN -> Optional.of(ResponseCode.AUTHENTICATIONFAILED);
      case SELECT -> Optional.of(ResponseCode.NONEXISTENT);
      case COPY, MOVE, APPEND_MESSAGE -> Optional.of(ResponseCode.TRYCREATE);
      default -> Optional.empty();
    };
  }

  @Override
  public String toString() {
    return kind + " " + event.tag();
  }
}
