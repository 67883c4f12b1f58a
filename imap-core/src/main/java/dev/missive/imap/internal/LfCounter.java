package dev.missive.imap.internal;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Counts the LF octets of a stream before given offsets, for the line counts of BODYSTRUCTURE (RFC 9051 §7.5.2
 * {@code body-fld-lines}). It holds only the octets between the last offset asked for and the end of what was fed
 * (a parser's look-ahead), in a circular buffer; offsets must be asked for in non-decreasing order.
 */
public final class LfCounter {

  private byte[] ring = new byte[256];
  private int head;
  private int len;
  private long base;
  private long lfBeforeBase;

  /**
   * Appends fed octets.
   *
   * @param src  the buffer they came from
   * @param from the first (absolute index in {@code src})
   * @param to   the index after the last
   */
  public void append(ByteBuffer src, int from, int to) {
    int n = to - from;
    if (len + n > ring.length) {
      int cap = ring.length;
      while (cap < len + n) {
        cap *= 2;
      }
      byte[] bigger = new byte[cap];
      for (int i = 0; i < len; i++) {
        bigger[i] = ring[(head + i) % ring.length];
      }
      ring = bigger;
      head = 0;
    }
    int tail = (head + len) % ring.length;
    int first = Math.min(n, ring.length - tail);
    src.get(from, ring, tail, first);
    src.get(from + first, ring, 0, n - first);
    len += n;
  }

  /**
   * The number of LF octets before {@code offset}; forgets the octets before it.
   *
   * @param offset an absolute offset, not before the last one asked for nor past the octets fed
   * @return the LF count
   */
  public long lfBefore(long offset) {
    long n = offset - base;
    if (n < 0 || n > len) {
      throw new IllegalStateException("offset " + offset + " outside [" + base + ", " + (base + len) + "]");
    }
    long count = 0;
    int first = (int) Math.min(n, ring.length - head);
    for (int i = head; i < head + first; i++) {
      if (ring[i] == '\n') {
        count++;
      }
    }
    for (int i = 0; i < n - first; i++) {
      if (ring[i] == '\n') {
        count++;
      }
    }
    head = (int) ((head + n) % ring.length);
    len -= (int) n;
    base = offset;
    lfBeforeBase += count;
    return lfBeforeBase;
  }

  /**
   * Counts and forgets the octets before {@code offset} when it is past the oldest one kept: for octets no offset
   * will be asked about any more (older than the parser's look-ahead), so memory stays bounded by that look-ahead.
   *
   * @param offset an absolute offset, not past the octets fed
   */
  public void settle(long offset) {
    if (offset > base) {
      lfBefore(offset);
    }
  }

  /** Forgets everything (a new message). */
  public void reset() {
    Arrays.fill(ring, (byte) 0);
    head = 0;
    len = 0;
    base = 0;
    lfBeforeBase = 0;
  }
}
