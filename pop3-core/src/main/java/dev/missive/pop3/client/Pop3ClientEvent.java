package dev.missive.pop3.client;

import dev.missive.pop3.Capability;
import dev.missive.pop3.Pop3Response;
import dev.missive.pop3.ResponseCode;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the POP3 client engine reports to its host (RFC 1939 §3–§7 responses; docs/architecture.md, "Events and
 * queries"), one edge-triggered record per occurrence, taken with {@link Pop3Client#nextEvent()}. On Java 17 a host
 * uses an {@code instanceof} chain:
 * <pre>{@code
 * for (Pop3ClientEvent e; (e = pop3.nextEvent()) != null; ) {
 *   if (e instanceof Pop3ClientEvent.LoggedIn l)          pop3.uidl();
 *   else if (e instanceof Pop3ClientEvent.UidlResult u)   fetchNew(u.listings());   // retrieve(n) for new ones
 *   else if (e instanceof Pop3ClientEvent.MessageChunk c) sink.write(c.content());  // valid until the next call
 *   else if (e instanceof Pop3ClientEvent.MessageEnd m)   { sink.commit(); pop3.delete(m.messageNumber()); }
 *   else if (e instanceof Pop3ClientEvent.Closed c)       done(c);
 * }
 * }</pre>
 */
public sealed interface Pop3ClientEvent {

  /**
   * The server greeted with {@code +OK} (RFC 1939 §4).
   *
   * @param greeting      the greeting line
   * @param apopTimestamp the APOP timestamp (RFC 1939 §7), empty when there is none or it is malformed
   * @param malformedTimestamp whether the greeting held something like a timestamp that is not a valid msg-id
   *                      (docs/security.md, "Password guessing": the client refuses to use it)
   */
  record Greeted(Pop3Response greeting, Optional<String> apopTimestamp, boolean malformedTimestamp)
      implements Pop3ClientEvent {
  }

  /**
   * The server's capabilities are known (RFC 2449 §5); empty when CAPA is not supported or was not asked.
   *
   * @param capabilities the valid lines of the CAPA response, in order
   * @param tls          whether the session runs under TLS now
   */
  record CapabilitiesKnown(List<Capability> capabilities, boolean tls) implements Pop3ClientEvent {
    /**
     * Copies the list.
     *
     * @param capabilities the valid lines of the CAPA response, in order
     * @param tls          whether the session runs under TLS now
     */
    public CapabilitiesKnown {
      capabilities = List.copyOf(capabilities);
    }

    /**
     * Whether {@code tag} is listed (case-insensitive).
     *
     * @param tag the capability tag
     * @return whether the server listed it
     */
    public boolean has(String tag) {
      return capabilities.stream().anyMatch(c -> c.is(tag));
    }
  }

  /**
   * The server answered STLS with {@code +OK} (RFC 2595 §4): the engine's {@link Pop3Client#pendingStreamChange()}
   * is a {@link dev.missive.wire.StreamChange.StartTls}; drain the output, drop what was read but not fed
   * (docs/security.md, "Replies injected before the client's handshake"), start TLS, then call
   * {@link Pop3Client#streamChanged(dev.missive.wire.StreamLayer)} with its {@link dev.missive.wire.TlsInfo}.
   */
  record TlsRequested() implements Pop3ClientEvent {
  }

  /**
   * The login succeeded and the session is in the TRANSACTION state (RFC 1939 §4).
   *
   * @param method   {@code USER}, {@code APOP} or {@code AUTH <mechanism>}
   * @param response the server's {@code +OK}
   */
  record LoggedIn(String method, Pop3Response response) implements Pop3ClientEvent {
  }

  /**
   * The login failed (RFC 1939 §7; RFC 2449 §8 and RFC 3206 response codes); the engine then sends QUIT.
   *
   * @param method the method tried
   * @param code   the server's response code, such as {@code [AUTH]}, {@code [IN-USE]} or {@code [SYS/TEMP]}
   * @param text   the server's text, or the engine's reason when it gave up by itself
   */
  record LoginFailed(String method, Optional<ResponseCode> code, String text) implements Pop3ClientEvent {
  }

  /**
   * The answer to STAT (RFC 1939 §5).
   *
   * @param count the number of messages
   * @param size  their size in octets
   */
  record StatResult(int count, long size) implements Pop3ClientEvent {
  }

  /** The answer to LIST or {@code LIST n} (RFC 1939 §5): one listing per message, or the one asked for. */
  record ListResult(List<ScanListing> listings) implements Pop3ClientEvent {
    /**
     * Copies the list.
     *
     * @param listings the scan listings, in message order
     */
    public ListResult {
      listings = List.copyOf(listings);
    }
  }

  /** The answer to UIDL or {@code UIDL n} (RFC 1939 §7): one listing per message, or the one asked for. */
  record UidlResult(List<UniqueIdListing> listings) implements Pop3ClientEvent {
    /**
     * Copies the list.
     *
     * @param listings the unique-id listings, in message order
     */
    public UidlResult {
      listings = List.copyOf(listings);
    }
  }

  /**
   * A piece of a message RETR or TOP is sending (RFC 1939 §7), already un-stuffed (RFC 1939 §3).
   *
   * @param messageNumber the message
   * @param content       a read-only slice, valid until the next call into the engine
   */
  record MessageChunk(int messageNumber, ByteBuffer content) implements Pop3ClientEvent {
    /**
     * Checks the slice is there.
     *
     * @param messageNumber the message
     * @param content       a read-only slice, valid until the next call into the engine
     */
    public MessageChunk {
      Objects.requireNonNull(content, "content");
    }
  }

  /**
   * The end of a RETR or TOP response (RFC 1939 §3, the final {@code CRLF.CRLF}).
   *
   * @param messageNumber    the message
   * @param octets           the un-stuffed octets delivered in chunks
   * @param bareLineEndings  whether the content held a bare CR or LF (delivered as it came)
   * @param longLines        whether a line exceeded the limits' {@code maxContentLineLength}
   */
  record MessageEnd(int messageNumber, long octets, boolean bareLineEndings, boolean longLines)
      implements Pop3ClientEvent {
  }

  /**
   * A TRANSACTION command (DELE, RSET, NOOP) or QUIT succeeded (RFC 1939 §5–§6).
   *
   * @param command  the command line as sent, such as {@code DELE 1}
   * @param response the server's {@code +OK}
   */
  record CommandCompleted(String command, Pop3Response response) implements Pop3ClientEvent {
  }

  /**
   * A command failed with {@code -ERR}, or its response was unusable (RFC 1939 §3; codes per RFC 2449 §8).
   *
   * @param command the command line as sent, such as {@code RETR 7}
   * @param text    the server's text, or the engine's reason (a listing over the limit, a malformed answer)
   * @param code    the server's response code, if any
   */
  record CommandFailed(String command, String text, Optional<ResponseCode> code) implements Pop3ClientEvent {
  }

  /**
   * The session is over; the host closes the connection once the output is drained.
   *
   * @param orderly whether the server answered QUIT (RFC 1939 §6); false after an error, a timeout, the
   *                server closing first, or an attack
   * @param reason  what happened
   */
  record Closed(boolean orderly, String reason) implements Pop3ClientEvent {
  }
}
