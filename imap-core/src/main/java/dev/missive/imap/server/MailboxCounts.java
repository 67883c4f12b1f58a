package dev.missive.imap.server;

/**
 * What STATUS reports about a mailbox (RFC 9051 §6.3.11, RFC 8438 for SIZE, RFC 3501 §6.3.10 for RECENT, RFC 7162
 * §3.1.6 for HIGHESTMODSEQ).
 *
 * @param messages      the number of messages
 * @param uidNext       the next UID
 * @param uidValidity   the UID validity
 * @param unseen        messages without {@code \Seen}
 * @param deleted       messages with {@code \Deleted}
 * @param size          the total size in octets
 * @param recent        messages with {@code \Recent}
 * @param highestModSeq the highest mod-sequence, 0 when the mailbox keeps none (RFC 7162 §3.1.6)
 */
public record MailboxCounts(long messages, long uidNext, long uidValidity, long unseen, long deleted, long size,
                            long recent, long highestModSeq) {

  /**
   * Counts of a mailbox that keeps no mod-sequences.
   *
   * @param messages    the number of messages
   * @param uidNext     the next UID
   * @param uidValidity the UID validity
   * @param unseen      messages without {@code \Seen}
   * @param deleted     messages with {@code \Deleted}
   * @param size        the total size in octets
   * @param recent      messages with {@code \Recent}
   */
  public MailboxCounts(long messages, long uidNext, long uidValidity, long unseen, long deleted, long size,
                       long recent) {
    this(messages, uidNext, uidValidity, unseen, deleted, size, recent, 0);
  }
}
