package dev.missive.imap;

/**
 * A STATUS data item (RFC 9051 §6.3.11 {@code status-att}, RFC 3501 §6.3.10 for {@code RECENT}, RFC 8438 for
 * {@code SIZE}, RFC 7889 §3.1 for {@code APPENDLIMIT},
 * RFC 7162 §3.1.6 for {@code HIGHESTMODSEQ}).
 */
public enum StatusItem {
  /** Number of messages. */
  MESSAGES,
  /** The next UID the mailbox will assign. */
  UIDNEXT,
  /** The mailbox's UID validity. */
  UIDVALIDITY,
  /** Number of messages without {@code \Seen}. */
  UNSEEN,
  /** Number of messages with {@code \Deleted}. */
  DELETED,
  /** Total size of the mailbox in octets (RFC 8438 STATUS=SIZE; RFC 9051). */
  SIZE,
  /** Number of messages with {@code \Recent} (IMAP4rev1 only). */
  RECENT,
  /** The largest message the mailbox accepts, or NIL for no limit (RFC 7889 §3.1). */
  APPENDLIMIT,
  /** The mailbox's highest mod-sequence, 0 when it keeps none (RFC 7162 §3.1.6). */
  HIGHESTMODSEQ;

  /**
   * The item named {@code word}, case-insensitively.
   *
   * @param word the item's name
   * @return the item, or null if none has that name
   */
  public static StatusItem of(String word) {
    for (StatusItem i : values()) {
      if (i.name().equalsIgnoreCase(word)) {
        return i;
      }
    }
    return null;
  }
}
