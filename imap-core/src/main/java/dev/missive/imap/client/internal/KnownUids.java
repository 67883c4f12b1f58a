package dev.missive.imap.client.internal;

import java.util.Arrays;

/**
 * The UIDs a client learnt for message sequence numbers (from FETCH responses), kept sparse and in step with
 * EXPUNGE: removing message {@code n} renumbers every later one to {@code n - 1} (RFC 9051 §7.5.1). Both the
 * numbers and the UIDs ascend (§2.3.1.1, §2.3.1.2), so a pair that breaks the order is the server's error. Holds at
 * most {@code capacity} pairs; beyond that, new pairs are not kept (the map is a cache of what the server said).
 */
public final class KnownUids {

  private final int capacity;
  private long[] seqs = new long[16];
  private long[] uids = new long[16];
  private int size;

  /**
   * An empty map.
   *
   * @param capacity the most pairs kept
   */
  public KnownUids(int capacity) {
    this.capacity = capacity;
  }

  /** {@return how many pairs are known} */
  public int size() {
    return size;
  }

  /**
   * The UID of message {@code seq}.
   *
   * @param seq the sequence number
   * @return the UID, or 0 when not known
   */
  public long uidAt(long seq) {
    int i = Arrays.binarySearch(seqs, 0, size, seq);
    return i >= 0 ? uids[i] : 0;
  }

  /**
   * The sequence number of {@code uid}.
   *
   * @param uid the UID
   * @return the number, or 0 when not known
   */
  public long seqOf(long uid) {
    int i = Arrays.binarySearch(uids, 0, size, uid);
    return i >= 0 ? seqs[i] : 0;
  }

  /**
   * Records that message {@code seq} has {@code uid}.
   *
   * @param seq the sequence number
   * @param uid the UID
   * @return false when it contradicts what is known (another UID for the number, or the order broken)
   */
  public boolean put(long seq, long uid) {
    int i = Arrays.binarySearch(seqs, 0, size, seq);
    if (i >= 0) {
      return uids[i] == uid;
    }
    int at = -i - 1;
    if (at > 0 && uids[at - 1] >= uid || at < size && uids[at] <= uid) {
      return false;
    }
    if (size == capacity) {
      return true;
    }
    if (size == seqs.length) {
      seqs = Arrays.copyOf(seqs, Math.min(capacity, size * 2));
      uids = Arrays.copyOf(uids, seqs.length);
    }
    System.arraycopy(seqs, at, seqs, at + 1, size - at);
    System.arraycopy(uids, at, uids, at + 1, size - at);
    seqs[at] = seq;
    uids[at] = uid;
    size++;
    return true;
  }

  /**
   * Message {@code seq} was expunged: its pair goes and every later number drops by one.
   *
   * @param seq the expunged message's number
   * @return its UID, or 0 when it was not known
   */
  public long expunge(long seq) {
    int i = Arrays.binarySearch(seqs, 0, size, seq);
    long uid = 0;
    int from;
    if (i >= 0) {
      uid = uids[i];
      System.arraycopy(seqs, i + 1, seqs, i, size - i - 1);
      System.arraycopy(uids, i + 1, uids, i, size - i - 1);
      size--;
      from = i;
    } else {
      from = -i - 1;
    }
    for (int k = from; k < size; k++) {
      seqs[k]--;
    }
    return uid;
  }

  /** Forgets everything (a new mailbox is selected). */
  public void clear() {
    size = 0;
    seqs = new long[16];
    uids = new long[16];
  }
}
