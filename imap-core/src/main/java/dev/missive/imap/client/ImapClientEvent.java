package dev.missive.imap.client;

import dev.missive.imap.ResponseCode;
import dev.missive.imap.ResponseStatus;
import dev.missive.imap.SequenceSet;
import dev.missive.imap.response.FetchAttribute;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What the {@link ImapClient} reports to its host, in the order it happens. Java 17 hosts dispatch with an
 * {@code instanceof} chain. Only {@link AppendReady} asks the host for something (the message's octets).
 */
public sealed interface ImapClientEvent {

  /**
   * The server's greeting (RFC 9051 §7.1.1 OK, §7.1.4 PREAUTH).
   *
   * @param status OK, or PREAUTH when the connection is already authenticated
   * @param code   the greeting's response code
   * @param text   the greeting's text
   */
  record Greeted(ResponseStatus status, Optional<ResponseCode> code, String text) implements ImapClientEvent {
    /**
     * Checks the values.
     *
     * @param status OK or PREAUTH
     * @param code   the response code
     * @param text   the text
     */
    public Greeted {
      Objects.requireNonNull(status, "status");
      Objects.requireNonNull(code, "code");
      Objects.requireNonNull(text, "text");
    }
  }

  /**
   * The server's capabilities became known, from a CAPABILITY response or response code (RFC 9051 §6.1.1, §7.2.2).
   *
   * @param capabilities the capabilities
   * @param tls          whether the session runs under TLS
   */
  record CapabilitiesKnown(List<String> capabilities, boolean tls) implements ImapClientEvent {
    /**
     * Copies the list.
     *
     * @param capabilities the capabilities
     * @param tls          whether under TLS
     */
    public CapabilitiesKnown {
      capabilities = List.copyOf(capabilities);
    }
  }

  /** The server accepted STARTTLS: the engine waits for the host's TLS handshake (RFC 9051 §6.2.1). */
  record TlsRequested() implements ImapClientEvent {}

  /**
   * The session is authenticated (LOGIN, AUTHENTICATE or PREAUTH) and opened (ENABLE done): the host's commands go
   * now (RFC 9051 §3.2).
   *
   * @param method  {@code LOGIN}, {@code AUTHENTICATE <mechanism>} or {@code PREAUTH}
   * @param enabled the capabilities ENABLE turned on (RFC 5161)
   */
  record LoggedIn(String method, List<String> enabled) implements ImapClientEvent {
    /**
     * Checks the values.
     *
     * @param method  how the session was authenticated
     * @param enabled the enabled capabilities
     */
    public LoggedIn {
      Objects.requireNonNull(method, "method");
      enabled = List.copyOf(enabled);
    }
  }

  /**
   * The login failed or was not attempted; the engine logs out.
   *
   * @param method  {@code LOGIN} or {@code AUTHENTICATE <mechanism>}
   * @param failure the server's NO/BAD, or a failure of the client's own (code empty) such as a refusal to send a
   *                password without TLS
   */
  record LoginFailed(String method, CommandResult.Failed failure) implements ImapClientEvent {
    /**
     * Checks the values.
     *
     * @param method  the method
     * @param failure the failure
     */
    public LoginFailed {
      Objects.requireNonNull(method, "method");
      Objects.requireNonNull(failure, "failure");
    }
  }

  /**
   * A command the host sent ended.
   *
   * @param tag    the tag its method returned
   * @param result its result: {@link CommandResult.Failed} for NO/BAD
   */
  record Completed(String tag, CommandResult result) implements ImapClientEvent {
    /**
     * Checks the values.
     *
     * @param tag    the tag
     * @param result the result
     */
    public Completed {
      Objects.requireNonNull(tag, "tag");
      Objects.requireNonNull(result, "result");
    }
  }

  /**
   * The selected mailbox's message count (RFC 9051 §7.3.1): new mail, or the count at SELECT.
   *
   * @param count how many messages it holds
   */
  record Exists(long count) implements ImapClientEvent {}

  /**
   * A message was expunged (RFC 9051 §7.5.1); every later sequence number dropped by one.
   *
   * @param seq the number it had
   * @param uid its UID, when the client had learnt it
   */
  record Expunged(long seq, OptionalLong uid) implements ImapClientEvent {
    /**
     * Checks the value.
     *
     * @param seq the number it had
     * @param uid its UID
     */
    public Expunged {
      Objects.requireNonNull(uid, "uid");
    }
  }

  /**
   * Messages gone, by UID (RFC 7162 §3.2.10), once QRESYNC is enabled: without {@code earlier} they were in the
   * mailbox and the count shrank by as many (as after as many {@link Expunged}); with it they answer a
   * resynchronisation ({@code SELECT ... (QRESYNC ...)} or {@code UID FETCH ... (CHANGEDSINCE n VANISHED)}) and name
   * what left a cached copy since, possibly UIDs the cache never held.
   *
   * @param earlier whether it is {@code VANISHED (EARLIER)}
   * @param uids    the UIDs
   */
  record Vanished(boolean earlier, SequenceSet uids) implements ImapClientEvent {
    /**
     * Checks the value.
     *
     * @param earlier whether it is {@code VANISHED (EARLIER)}
     * @param uids    the UIDs
     */
    public Vanished {
      Objects.requireNonNull(uids, "uids");
    }
  }

  /**
   * A FETCH response (RFC 9051 §7.5.2), solicited or not (flag changes by others): typed attributes (FLAGS, UID,
   * INTERNALDATE, RFC822.SIZE, ENVELOPE, BODYSTRUCTURE, BINARY.SIZE). Section contents came before it as
   * {@link SectionStart}/{@link SectionChunk}/{@link SectionEnd}; here they appear as their {@code Content} item.
   *
   * @param seq        the message sequence number
   * @param uid        the UID, from the response or as the client knew it
   * @param attributes the attributes
   */
  record Fetched(long seq, OptionalLong uid, List<FetchAttribute> attributes) implements ImapClientEvent {
    /**
     * Copies the list.
     *
     * @param seq        the number
     * @param uid        the UID
     * @param attributes the attributes
     */
    public Fetched {
      Objects.requireNonNull(uid, "uid");
      attributes = List.copyOf(attributes);
    }
  }

  /**
   * A FETCH section's contents start ({@code BODY[...]}, {@code BINARY[...]}, {@code RFC822*}); chunks follow.
   *
   * @param seq      the message sequence number
   * @param content  which section, its origin and size
   * @param literal8 whether the octets may hold NUL (a BINARY literal8, RFC 3516 §4.2)
   * @param earlier  the attributes of the same response before it (often the UID)
   */
  record SectionStart(long seq, FetchAttribute.Content content, boolean literal8, List<FetchAttribute> earlier)
      implements ImapClientEvent {
    /**
     * Copies the values.
     *
     * @param seq      the number
     * @param content  the section
     * @param literal8 whether literal8
     * @param earlier  the attributes before it
     */
    public SectionStart {
      Objects.requireNonNull(content, "content");
      earlier = List.copyOf(earlier);
    }
  }

  /**
   * Octets of the current section: a read-only view of the host's input buffer, valid until the host feeds the
   * engine again or refills that buffer; copy or write what you keep. The engine takes no input while this event
   * is untaken, which is the back-pressure: a body never sits whole in memory.
   *
   * @param bytes the octets
   */
  record SectionChunk(ByteBuffer bytes) implements ImapClientEvent {
    /**
     * Checks the value.
     *
     * @param bytes the octets
     */
    public SectionChunk {
      Objects.requireNonNull(bytes, "bytes");
    }
  }

  /** The current section's octets were all delivered. */
  record SectionEnd() implements ImapClientEvent {}

  /**
   * The server is ready for APPEND's message: the host streams exactly {@code size} octets with
   * {@link ImapClient#appendContent(ByteBuffer)} (after the {@code +} of a synchronizing literal, at once with
   * LITERAL+, RFC 9051 §4.3, RFC 7888).
   *
   * @param tag  the APPEND's tag
   * @param size the octets announced
   */
  record AppendReady(String tag, long size) implements ImapClientEvent {}

  /**
   * The server is idling (RFC 9051 §6.3.13): updates come as events until the host calls
   * {@link ImapClient#idleDone()}.
   *
   * @param tag the IDLE's tag
   */
  record IdleStarted(String tag) implements ImapClientEvent {}

  /**
   * An untagged OK, NO, BAD or BYE with a text for the user (RFC 9051 §7.1): {@code [ALERT]}s must be shown.
   *
   * @param status the status
   * @param code   the response code
   * @param text   the text
   */
  record ServerNotice(ResponseStatus status, Optional<ResponseCode> code, String text) implements ImapClientEvent {
    /**
     * Checks the values.
     *
     * @param status the status
     * @param code   the response code
     * @param text   the text
     */
    public ServerNotice {
      Objects.requireNonNull(status, "status");
      Objects.requireNonNull(code, "code");
      Objects.requireNonNull(text, "text");
    }
  }

  /**
   * The session ended; the host closes the connection once the output is drained. Commands still in flight or
   * queued were not answered.
   *
   * @param orderly whether it ended with LOGOUT answered
   * @param reason  why
   */
  record Closed(boolean orderly, String reason) implements ImapClientEvent {
    /**
     * Checks the value.
     *
     * @param orderly whether orderly
     * @param reason  why
     */
    public Closed {
      Objects.requireNonNull(reason, "reason");
    }
  }
}
