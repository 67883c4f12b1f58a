package dev.missive.pop3.server.internal;

import dev.missive.pop3.MaildropEntry;
import dev.missive.pop3.UniqueId;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * The maildrop listing of one session: sizes and unique ids fixed when the maildrop was opened, plus the
 * messages marked as deleted (RFC 1939 §5: message numbers do not change during a session; deleted messages
 * vanish from STAT, LIST and UIDL at once and come back on RSET).
 */
public final class MessageTable {

  private final long[] sizes;
  private final String[] uniqueIds;
  private final BitSet deleted = new BitSet();

  /**
   * Copies the host's listing; message {@code i + 1} is {@code messages.get(i)}.
   *
   * @param messages the messages, in message-number order
   */
  public MessageTable(List<MaildropEntry> messages) {
    sizes = new long[messages.size()];
    uniqueIds = new String[messages.size()];
    for (int i = 0; i < sizes.length; i++) {
      sizes[i] = messages.get(i).size();
      uniqueIds[i] = messages.get(i).uniqueId();
    }
  }

  /** Whether {@code n} is a message number in the maildrop that is not marked as deleted. */
  public boolean exists(int n) {
    return n >= 1 && n <= sizes.length && !deleted.get(n - 1);
  }

  /** Whether {@code n} is a message number that is marked as deleted. */
  public boolean isDeleted(int n) {
    return n >= 1 && n <= sizes.length && deleted.get(n - 1);
  }

  /** The size of message {@code n}. */
  public long size(int n) {
    return sizes[n - 1];
  }

  /** The unique id of message {@code n}, or null if the storage gave an invalid one (never to be written). */
  public String uniqueId(int n) {
    String id = uniqueIds[n - 1];
    return UniqueId.isValid(id) ? id : null;
  }

  /** Whether every message that is not deleted has a valid unique id. */
  public boolean allUniqueIdsValid() {
    for (int n = 1; n <= sizes.length; n++) {
      if (exists(n) && uniqueId(n) == null) {
        return false;
      }
    }
    return true;
  }

  /** Marks message {@code n} as deleted. */
  public void delete(int n) {
    deleted.set(n - 1);
  }

  /** Unmarks every message (RSET). */
  public void reset() {
    deleted.clear();
  }

  /** The number of messages not marked as deleted. */
  public int count() {
    return sizes.length - deleted.cardinality();
  }

  /** The total size of the messages not marked as deleted. */
  public long octets() {
    long total = 0;
    for (int n = 1; n <= sizes.length; n++) {
      if (exists(n)) {
        total += sizes[n - 1];
      }
    }
    return total;
  }

  /** The highest message number (deleted or not). */
  public int highest() {
    return sizes.length;
  }

  /** The numbers of the messages marked as deleted, ascending. */
  public List<Integer> deletedNumbers() {
    List<Integer> list = new ArrayList<>(deleted.cardinality());
    for (int i = deleted.nextSetBit(0); i >= 0; i = deleted.nextSetBit(i + 1)) {
      list.add(i + 1);
    }
    return list;
  }
}
