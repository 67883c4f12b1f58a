package dev.missive.imap.internal.text;

import java.util.Arrays;

/**
 * Scans the {@code sequence-set} syntax (RFC 9051 §9): {@code seq-number} or {@code seq-range} elements separated
 * by commas, {@code *} for the largest number; {@code $} (RFC 5182) is the caller's concern. The one home of this
 * syntax, for {@code SequenceSet.parse} and the tokenizer.
 */
public final class SequenceSetSyntax {

  /** The value {@code *} scans to. */
  public static final long STAR = Long.MAX_VALUE;
  /** The largest {@code nz-number}. */
  public static final long MAX_NUMBER = 0xFFFF_FFFFL;

  private SequenceSetSyntax() {}

  /** Where a scan ended and what it read. */
  public static final class Result {
    /** The (first, last) pairs as written, {@link #STAR} for {@code *}. */
    public final long[] pairs;
    /** The offset just past the set. */
    public final int end;

    Result(long[] pairs, int end) {
      this.pairs = pairs;
      this.end = end;
    }
  }

  /**
   * Scans a sequence set starting at {@code pos}.
   *
   * @param b   the buffer
   * @param pos the first octet
   * @param end the end of the buffer
   * @return the pairs and the offset after the set
   * @throws IllegalArgumentException with a message fit for a BAD response if no sequence set starts there
   */
  public static Result scan(byte[] b, int pos, int end) {
    long[] pairs = new long[8];
    int n = 0;
    int i = pos;
    while (true) {
      long[] first = number(b, i, end);
      i = (int) first[1];
      long a = first[0];
      long z = a;
      if (i < end && b[i] == ':') {
        long[] second = number(b, i + 1, end);
        i = (int) second[1];
        z = second[0];
      }
      if (n == pairs.length) {
        pairs = Arrays.copyOf(pairs, n * 2);
      }
      pairs[n++] = a;
      pairs[n++] = z;
      if (i < end && b[i] == ',') {
        i++;
        continue;
      }
      return new Result(Arrays.copyOf(pairs, n), i);
    }
  }

  /** {value, new position} of a seq-number at {@code i}. */
  private static long[] number(byte[] b, int i, int end) {
    if (i < end && b[i] == '*') {
      return new long[] {STAR, i + 1};
    }
    int start = i;
    long n = 0;
    while (i < end && b[i] >= '0' && b[i] <= '9') {
      if (i - start >= 10) {
        throw new IllegalArgumentException("number too large");
      }
      n = n * 10 + (b[i] - '0');
      i++;
    }
    if (i == start) {
      throw new IllegalArgumentException("sequence set expected");
    }
    if (n == 0) {
      throw new IllegalArgumentException("number must not be zero");
    }
    if (n > MAX_NUMBER) {
      throw new IllegalArgumentException("number too large");
    }
    return new long[] {n, i};
  }
}
