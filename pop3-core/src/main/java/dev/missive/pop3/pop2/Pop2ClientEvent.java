package dev.missive.pop3.pop2;

import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link Pop2Client} reports to its host, one edge-triggered record per occurrence, taken with
 * {@link Pop2Client#nextEvent()}.
 */
public sealed interface Pop2ClientEvent {

  /**
   * The server greeted ({@code + POP2 host}); the client has sent HELO.
   *
   * @param host the host name the greeting names
   */
  record Greeted(String host) implements Pop2ClientEvent {
  }

  /**
   * A folder is selected and holds {@code count} messages ({@code #nnn}, RFC 937, "HELO" and "FOLD"); the current
   * message is 1. Next: {@link Pop2Client#read()}, {@link Pop2Client#fold(String)} or {@link Pop2Client#quit()}.
   *
   * @param folder the folder FOLD named, or empty for the default mailbox HELO selected
   * @param count  the number of messages
   */
  record FolderSelected(Optional<String> folder, int count) implements Pop2ClientEvent {
    /**
     * Checks the folder is present.
     *
     * @param folder the folder, or empty
     * @param count  the number of messages
     */
    public FolderSelected {
      Objects.requireNonNull(folder, "folder");
    }
  }

  /**
   * The length of the now current message ({@code =ccc}): 0 when it does not exist or was deleted (RFC 937,
   * "READ"). Next: {@link Pop2Client#retrieve()} (only when not zero), {@link Pop2Client#read()},
   * {@link Pop2Client#fold(String)} or {@link Pop2Client#quit()}.
   *
   * @param messageNumber the current message number
   * @param size          its length in octets with CRLF line endings
   */
  record MessageLength(long messageNumber, long size) implements Pop2ClientEvent {
  }

  /**
   * Part of the message being received, as it came (RFC 937 data has no dot stuffing): a read-only view of the
   * host's buffer, valid until the host refills it (docs/architecture.md, "Engine discipline", D3).
   *
   * @param messageNumber the message's number
   * @param content       the octets
   */
  record MessageChunk(long messageNumber, ByteBuffer content) implements Pop2ClientEvent {
  }

  /**
   * All {@code size} octets of the message arrived. Next: {@link Pop2Client#keep()} (ACKS),
   * {@link Pop2Client#delete()} (ACKD) or {@link Pop2Client#again()} (NACK).
   *
   * @param messageNumber the message's number
   * @param size          the octets received, as announced
   */
  record MessageEnd(long messageNumber, long size) implements Pop2ClientEvent {
  }

  /**
   * The session is over.
   *
   * @param orderly whether it ended with the server's {@code +} to QUIT
   * @param reason  why, for logs: the server's {@code -} text, what was wrong with its reply, or the sign-off
   */
  record Closed(boolean orderly, String reason) implements Pop2ClientEvent {
  }
}
