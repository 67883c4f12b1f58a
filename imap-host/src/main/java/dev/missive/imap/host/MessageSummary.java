package dev.missive.imap.host;

import dev.missive.imap.Envelope;
import dev.missive.imap.Flag;
import java.util.List;
import java.util.Objects;

/**
 * What {@link ImapSession#fetchSummaries} reads of a message without its body (RFC 9051 §7.5.2): the UID, the flags,
 * the size and the ENVELOPE (date, subject, addresses, Message-ID).
 *
 * @param uid      the UID
 * @param flags    the flags
 * @param size     the size in octets (RFC822.SIZE)
 * @param envelope the parsed header fields
 */
public record MessageSummary(long uid, List<Flag> flags, long size, Envelope envelope) {

  /**
   * Checks the values.
   *
   * @param uid      the UID
   * @param flags    the flags
   * @param size     the size
   * @param envelope the envelope
   */
  public MessageSummary {
    flags = List.copyOf(flags);
    Objects.requireNonNull(envelope, "envelope");
  }
}
