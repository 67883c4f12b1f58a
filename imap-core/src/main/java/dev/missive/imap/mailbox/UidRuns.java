package dev.missive.imap.mailbox;

import java.util.Arrays;

/**
 * What {@link UidSet} does to runs of UIDs when it changes other than at the end: subtraction, adding or removing a
 * range, on ascending first/last pairs, and the encoding of pairs into its compact form (per run, varint(gap since
 * the previous run, or the first UID), varint(length - 1)).
 */
final class UidRuns {

  private UidRuns() {
  }

  /** The encoded runs: the bytes (with some room to grow), how many are used, the last run's offset, the UIDs. */
  record Encoded(byte[] bytes, int used, int lastRunOffset, long size) {}

  /**
   * {@code mine} without {@code theirs}, both ascending pairs, into {@code out} (large enough for both plus one).
   *
   * @return the number of longs written
   */
  static int subtract(long[] mine, long[] theirs, long[] out) {
    int n = 0;
    int j = 0;
    for (int r = 0; r < mine.length; r += 2) {
      long s = mine[r];
      long e = mine[r + 1];
      while (j < theirs.length && theirs[j + 1] < s) {
        j += 2;
      }
      int k = j;
      while (s <= e) {
        if (k >= theirs.length || theirs[k] > e) {
          out[n++] = s;
          out[n++] = e;
          break;
        }
        if (theirs[k] > s) {
          out[n++] = s;
          out[n++] = theirs[k] - 1;
        }
        s = Math.max(s, theirs[k + 1] + 1);
        k += 2;
      }
    }
    return n;
  }

  /**
   * {@code pairs} with {@code [first, last]} added or removed, into {@code out} (two pairs longer than
   * {@code pairs}): linear in the number of runs, which is what a gap-encoded set costs.
   *
   * @return the number of longs written
   */
  static int change(long[] pairs, long first, long last, boolean add, long[] out) {
    int n = 0;
    boolean placed = !add;
    for (int r = 0; r < pairs.length; r += 2) {
      long s = pairs[r];
      long e = pairs[r + 1];
      if (add) {
        if (e + 1 < first) {
          out[n++] = s;
          out[n++] = e;
        } else if (s > last + 1) {
          if (!placed) {
            out[n++] = first;
            out[n++] = last;
            placed = true;
          }
          out[n++] = s;
          out[n++] = e;
        } else {
          first = Math.min(first, s);
          last = Math.max(last, e);
        }
      } else if (last < s || first > e) {
        out[n++] = s;
        out[n++] = e;
      } else {
        if (s < first) {
          out[n++] = s;
          out[n++] = first - 1;
        }
        if (e > last) {
          out[n++] = last + 1;
          out[n++] = e;
        }
      }
    }
    if (!placed) {
      out[n++] = first;
      out[n++] = last;
    }
    return n;
  }

  /** Encodes the first {@code n} longs of {@code pairs}. */
  static Encoded encode(long[] pairs, int n) {
    byte[] out = new byte[Math.max(16, n * 5 + 8)];
    int o = 0;
    long prev = 0;
    long total = 0;
    int lastRunOffset = 0;
    for (int i = 0; i < n; i += 2) {
      lastRunOffset = o;
      o = writeVarint(out, o, i == 0 ? pairs[0] : pairs[i] - prev - 1);
      o = writeVarint(out, o, pairs[i + 1] - pairs[i]);
      total += pairs[i + 1] - pairs[i] + 1;
      prev = pairs[i + 1];
    }
    return new Encoded(Arrays.copyOf(out, o + Math.min(o / 8 + 4, 64)), o, lastRunOffset, total);
  }

  /** Writes {@code v} as a varint (7 bits an octet, low first) at {@code off}; returns the offset after it. */
  static int writeVarint(byte[] b, int off, long v) {
    while (v >= 0x80) {
      b[off++] = (byte) (v | 0x80);
      v >>>= 7;
    }
    b[off++] = (byte) v;
    return off;
  }
}
