package dev.missive.message.stream;

import java.util.Arrays;

/**
 * The delimiters of the multiparts still open, innermost last, and how a line is recognised as one of them
 * (RFC 2046 §5.1.1).
 *
 * <p>A delimiter line starts with "--" and the boundary. Right after the boundary must come "--" (a close
 * delimiter), a space or tab, or the line end; the rest of the line (transport padding, or text that RFC 2046's
 * note to implementors says to ignore) is skipped when it is at most {@link #MAX_TAIL} octets long. Any other octet
 * right after the boundary makes the line ordinary content, so a boundary that is a prefix of another ("ab" and
 * "ab-1") never matches the longer one (Mime4j reads it the same way). A delimiter of an outer multipart inside
 * an inner one closes the inner one.
 */
final class Delimiters {

  /** The longest text after a boundary on a delimiter line. */
  static final int MAX_TAIL = 1024;
  private static final int NO = 0;
  private static final int YES = 1;
  private static final int NEED = 2;

  /** Grown on demand up to {@link #capacity}: most messages open few multiparts, or none. */
  private Frame[] open;
  private final int capacity;
  private int count;
  private boolean needMore;
  private boolean close;
  private int lineEnd;

  Delimiters(int capacity) {
    this.capacity = capacity;
    this.open = new Frame[Math.min(4, capacity)];
  }

  boolean any() {
    return count > 0;
  }

  void push(Frame multipart) {
    if (count == open.length && open.length < capacity) {
      open = Arrays.copyOf(open, Math.min(capacity, 2 * open.length));
    }
    open[count++] = multipart;
  }

  /** Forgets the innermost delimiter. */
  void pop() {
    open[--count] = null;
  }

  /** Whether the last {@link #match} needed more input to decide. */
  boolean needMore() {
    return needMore;
  }

  /** Whether the last matched delimiter was a close delimiter. */
  boolean close() {
    return close;
  }

  /** Index just past the last matched delimiter line. */
  int lineEnd() {
    return lineEnd;
  }

  /**
   * The multipart whose delimiter the line at {@code p} is, or {@code null} (then {@link #needMore()} says
   * whether more input could change the answer).
   */
  Frame match(byte[] buf, int p, int lim, boolean ended) {
    needMore = false;
    if (p >= lim) {
      needMore = !ended;
      return null;
    }
    if (buf[p] != '-') {
      return null;
    }
    for (int a = count - 1; a >= 0; a--) {
      int r = matchOne(open[a].delimiter, buf, p, lim, ended);
      if (r == NEED) {
        needMore = true;
        return null;
      }
      if (r == YES) {
        return open[a];
      }
    }
    return null;
  }

  private int matchOne(byte[] d, byte[] buf, int p, int lim, boolean ended) {
    int n = Math.min(lim - p, d.length);
    for (int i = 0; i < n; i++) {
      if (buf[p + i] != d[i]) {
        return NO;
      }
    }
    if (n < d.length) {
      return ended ? NO : NEED;
    }
    int q = p + d.length;
    if (q >= lim) {
      return ended ? hit(false, lim) : NEED;
    }
    boolean isClose = false;
    byte c = buf[q];
    if (c == '-') {
      if (q + 1 >= lim) {
        return ended ? NO : NEED;
      }
      if (buf[q + 1] != '-') {
        return NO;
      }
      isClose = true;
      q += 2;
    } else if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
      return NO;
    }
    int tailEnd = Math.min(lim, q + MAX_TAIL);
    for (int i = q; i < tailEnd; i++) {
      if (buf[i] == '\n') {
        return hit(isClose, i + 1);
      }
    }
    if (tailEnd == q + MAX_TAIL) {
      return NO;
    }
    return ended ? hit(isClose, lim) : NEED;
  }

  private int hit(boolean isClose, int end) {
    close = isClose;
    lineEnd = end;
    return YES;
  }
}
