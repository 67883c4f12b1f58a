package dev.missive.imap;

import dev.missive.imap.internal.text.SequenceSetSyntax;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * A set of message sequence numbers or UIDs as IMAP writes it (RFC 9051 §9 {@code sequence-set}): numbers and
 * ranges separated by commas, where {@code *} stands for the largest number in use, or {@code $}, the result of
 * the last {@code SEARCH ... RETURN (SAVE)} (RFC 5182, RFC 9051 §6.4.4.1).
 *
 * <p>Immutable. The set keeps the ranges in the order written (a range {@code 4:2} is stored as {@code 2:4}); it
 * means nothing on its own until {@code *} is known: {@link #resolve(long)} gives the sorted, coalesced numbers
 * for a given largest number. Numbers are 1 to 4 294 967 295 ({@code nz-number}).
 */
public final class SequenceSet {

  /** The value that stands for {@code *} in a {@link Range}: larger than any real number. */
  public static final long STAR = SequenceSetSyntax.STAR;
  /** The largest number a set may hold ({@code nz-number}, unsigned 32 bits). */
  public static final long MAX_NUMBER = SequenceSetSyntax.MAX_NUMBER;

  private static final SequenceSet SAVED = new SequenceSet(new long[0], true);

  /**
   * One element of a set: a number ({@code first == last}) or a range, either end possibly {@link #STAR}.
   *
   * @param first the lower written end (or either end when one is {@code *})
   * @param last  the higher written end, or {@link #STAR}
   */
  public record Range(long first, long last) {
    /**
     * Checks both ends.
     *
     * @param first the lower written end (or either end when one is {@code *})
     * @param last  the higher written end, or {@link #STAR}
     */
    public Range {
      checkNumber(first);
      checkNumber(last);
      if (first > last) {
        throw new IllegalArgumentException("first > last: " + first + " > " + last);
      }
    }

    /** {@return whether one end is {@code *}} */
    public boolean usesStar() {
      return last == STAR;
    }

    /**
     * The lower end once {@code *} means {@code largest}.
     *
     * @param largest what {@code *} stands for
     * @return the lower end
     */
    public long low(long largest) {
      return last == STAR ? Math.min(first, largest) : first;
    }

    /**
     * The upper end once {@code *} means {@code largest}.
     *
     * @param largest what {@code *} stands for
     * @return the upper end
     */
    public long high(long largest) {
      return last == STAR ? (first == STAR ? largest : Math.max(first, largest)) : last;
    }

    private String format() {
      String a = first == STAR ? "*" : Long.toString(first);
      if (first == last) {
        return a;
      }
      return a + ":" + (last == STAR ? "*" : Long.toString(last));
    }
  }

  /** Pairs (first, last) in written order. */
  private final long[] ranges;
  private final boolean saved;

  private SequenceSet(long[] ranges, boolean saved) {
    this.ranges = ranges;
    this.saved = saved;
  }

  /**
   * Parses the {@code sequence-set} syntax, {@code $} included.
   *
   * @param text for example {@code 2,4:7,9,12:*} or {@code $}
   * @return the set
   * @throws IllegalArgumentException if it is not a sequence set
   */
  public static SequenceSet parse(CharSequence text) {
    Objects.requireNonNull(text, "text");
    if (text.toString().equals("$")) {
      return SAVED;
    }
    byte[] b = text.toString().getBytes(StandardCharsets.UTF_8);
    try {
      SequenceSetSyntax.Result r = SequenceSetSyntax.scan(b, 0, b.length);
      if (r.end != b.length) {
        throw new IllegalArgumentException("unexpected characters at the end");
      }
      return ofRanges(r.pairs);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("not a sequence set: " + text + " (" + e.getMessage() + ")", e);
    }
  }

  /** {@return {@code $}, the saved result of the last SEARCH (RFC 5182)} */
  public static SequenceSet saved() {
    return SAVED;
  }

  /** {@return {@code 1:*}, every message} */
  public static SequenceSet all() {
    return range(1, STAR);
  }

  /**
   * The given numbers, each its own element.
   *
   * @param numbers one or more numbers, 1 to {@link #MAX_NUMBER} or {@link #STAR}
   * @return the set
   */
  public static SequenceSet of(long... numbers) {
    if (numbers.length == 0) {
      throw new IllegalArgumentException("a sequence set holds at least one number");
    }
    long[] r = new long[numbers.length * 2];
    for (int i = 0; i < numbers.length; i++) {
      checkNumber(numbers[i]);
      r[2 * i] = numbers[i];
      r[2 * i + 1] = numbers[i];
    }
    return new SequenceSet(r, false);
  }

  /**
   * One range; the ends may come in any order.
   *
   * @param a one end, 1 to {@link #MAX_NUMBER} or {@link #STAR}
   * @param b the other end
   * @return the set
   */
  public static SequenceSet range(long a, long b) {
    checkNumber(a);
    checkNumber(b);
    return new SequenceSet(new long[] {Math.min(a, b), Math.max(a, b)}, false);
  }

  /**
   * Builds a set from ranges as the grammar read them; used by the parser.
   *
   * @param pairs (first, last) pairs, each checked
   * @return the set
   */
  public static SequenceSet ofRanges(long[] pairs) {
    if (pairs.length == 0 || pairs.length % 2 != 0) {
      throw new IllegalArgumentException("ranges come in (first, last) pairs, at least one");
    }
    long[] r = pairs.clone();
    for (int i = 0; i < r.length; i += 2) {
      new Range(Math.min(r[i], r[i + 1]), Math.max(r[i], r[i + 1]));
      long lo = Math.min(r[i], r[i + 1]);
      r[i + 1] = Math.max(r[i], r[i + 1]);
      r[i] = lo;
    }
    return new SequenceSet(r, false);
  }

  private static void checkNumber(long n) {
    if (n != STAR && (n < 1 || n > MAX_NUMBER)) {
      throw new IllegalArgumentException("not a message number or UID: " + n);
    }
  }

  /** {@return whether this is {@code $}, the saved search result} */
  public boolean isSaved() {
    return saved;
  }

  /** {@return whether {@code *} appears} */
  public boolean usesStar() {
    for (int i = 1; i < ranges.length; i += 2) {
      if (ranges[i] == STAR) {
        return true;
      }
    }
    return false;
  }

  /** {@return the elements in written order; empty for {@code $}} */
  public List<Range> ranges() {
    List<Range> out = new ArrayList<>(ranges.length / 2);
    for (int i = 0; i < ranges.length; i += 2) {
      out.add(new Range(ranges[i], ranges[i + 1]));
    }
    return Collections.unmodifiableList(out);
  }

  /**
   * The largest number the set names once {@code *} means {@code largest} (RFC 9051 §9 {@code seq-number}: a
   * sequence number past the mailbox size, {@code *} in an empty mailbox included, deserves a BAD).
   *
   * @param largest what {@code *} stands for (the message count, or the last UID)
   * @return the largest number named
   * @throws IllegalStateException for {@code $}
   */
  public long max(long largest) {
    requireNotSaved();
    long m = 0;
    for (int i = 0; i < ranges.length; i += 2) {
      m = Math.max(m, new Range(ranges[i], ranges[i + 1]).high(largest));
    }
    return m;
  }

  /**
   * Whether {@code n} is in the set once {@code *} means {@code largest}.
   *
   * @param n       the number
   * @param largest what {@code *} stands for
   * @return whether the set names {@code n}
   * @throws IllegalStateException for {@code $}
   */
  public boolean contains(long n, long largest) {
    requireNotSaved();
    for (int i = 0; i < ranges.length; i += 2) {
      Range r = new Range(ranges[i], ranges[i + 1]);
      if (n >= r.low(largest) && n <= r.high(largest)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The same numbers, sorted and coalesced, with {@code *} replaced by {@code largest}; empty when
   * {@code largest} is 0 and the set names nothing else.
   *
   * @param largest what {@code *} stands for; 0 for an empty mailbox
   * @return the resolved set as (low, high) pairs, ascending and disjoint
   * @throws IllegalStateException for {@code $}
   */
  public long[] resolve(long largest) {
    requireNotSaved();
    long[] r = new long[ranges.length];
    int n = 0;
    for (int i = 0; i < ranges.length; i += 2) {
      Range range = new Range(ranges[i], ranges[i + 1]);
      long lo = range.low(largest);
      long hi = range.high(largest);
      if (hi < 1) {
        continue;
      }
      r[n++] = Math.max(lo, 1);
      r[n++] = hi;
    }
    long[][] pairs = new long[n / 2][];
    for (int i = 0; i < n; i += 2) {
      pairs[i / 2] = new long[] {r[i], r[i + 1]};
    }
    Arrays.sort(pairs, (x, y) -> Long.compare(x[0], y[0]));
    long[] out = new long[n];
    int m = 0;
    for (long[] p : pairs) {
      if (m > 0 && p[0] <= out[m - 1] + 1) {
        out[m - 1] = Math.max(out[m - 1], p[1]);
      } else {
        out[m++] = p[0];
        out[m++] = p[1];
      }
    }
    return Arrays.copyOf(out, m);
  }

  private void requireNotSaved() {
    if (saved) {
      throw new IllegalStateException("$ names the saved search result; substitute it first");
    }
  }

  /** {@return the set in the {@code sequence-set} syntax, elements in written order} */
  public String format() {
    if (saved) {
      return "$";
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < ranges.length; i += 2) {
      if (i > 0) {
        sb.append(',');
      }
      sb.append(new Range(ranges[i], ranges[i + 1]).format());
    }
    return sb.toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SequenceSet s && s.saved == saved && Arrays.equals(s.ranges, ranges);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(ranges) * 31 + (saved ? 1 : 0);
  }

  @Override
  public String toString() {
    return format();
  }
}
