package dev.missive.imap.internal;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The bounded copy a decoder keeps of one unfinished command or response: its lines and the literals it buffers
 * (RFC 9051 §2.2), never more than the limit. It starts without an array, grows by doubling up to the limit, and
 * gives a large array back when cleared, so an idle decoder holds little.
 */
public final class LineBuffer {

  /** What {@link #readLine(ByteBuffer)} achieved. */
  public enum Read {
    /** Every byte offered was copied; the line goes on. */
    NEED_MORE,
    /** The line is complete (its LF copied). */
    LINE,
    /** The limit would be passed: what fits was copied, the rest left in the input. */
    OVERFLOW
  }

  private static final byte[] EMPTY = new byte[0];
  private static final int RETAINED = 4096;

  private final int limit;
  private byte[] buf = EMPTY;
  private int len;
  private int lineStart;

  /**
   * An empty buffer.
   *
   * @param limit the most octets it may hold
   */
  public LineBuffer(int limit) {
    this.limit = limit;
  }

  /** {@return the array (valid up to {@link #length()})} */
  public byte[] array() {
    return buf;
  }

  /** {@return the octets held} */
  public int length() {
    return len;
  }

  /** {@return where the current line starts} */
  public int lineStart() {
    return lineStart;
  }

  /** {@return the octets the limit still allows} */
  public long room() {
    return (long) limit - len;
  }

  /** Starts a new line at the current end (after a literal's octets). */
  public void startLine() {
    lineStart = len;
  }

  /**
   * Copies input up to and including the next LF, within the limit.
   *
   * @param in the input; its position advances past what was copied
   * @return whether the line is complete, goes on, or overflows
   */
  public Read readLine(ByteBuffer in) {
    int lf = indexOfLf(in);
    int available = (lf >= 0 ? lf + 1 : in.limit()) - in.position();
    if ((long) len + available > limit) {
      copy(in, limit - len);
      return Read.OVERFLOW;
    }
    copy(in, available);
    return lf >= 0 ? Read.LINE : Read.NEED_MORE;
  }

  /** {@return the end of the current line's content: before its LF and a CR before that} */
  public int contentEnd() {
    int end = len - 1;
    if (end > lineStart && buf[end - 1] == '\r') {
      end--;
    }
    return end;
  }

  /**
   * Copies up to {@code max} octets of input (a literal's).
   *
   * @param in  the input; its position advances
   * @param max the most to copy, within {@link #room()}
   * @return how many were copied
   */
  public int copy(ByteBuffer in, long max) {
    int n = (int) Math.min(max, in.remaining());
    if (len + n > buf.length) {
      int cap = Math.max(256, buf.length);
      while (cap < len + n) {
        cap = cap > (1 << 29) ? len + n : cap * 2;
      }
      buf = Arrays.copyOf(buf, Math.min(cap, Math.max(len + n, limit)));
    }
    in.get(buf, len, n);
    len += n;
    return n;
  }

  /** Forgets the content; gives a large array back. */
  public void clear() {
    len = 0;
    lineStart = 0;
    if (buf.length > RETAINED) {
      buf = EMPTY;
    }
  }

  /** Forgets the content, keeping the array (its octets stay readable until the next copy). */
  public void clearKeepingArray() {
    len = 0;
    lineStart = 0;
  }

  /**
   * Takes up to {@code max} octets of input as a read-only view (streamed content: APPEND data, FETCH sections),
   * advancing the input past them.
   *
   * @param in  the input
   * @param max the most to take
   * @return the view, empty when the input is
   */
  public static ByteBuffer take(ByteBuffer in, long max) {
    int n = (int) Math.min(max, in.remaining());
    ByteBuffer chunk = in.slice(in.position(), n).asReadOnlyBuffer();
    in.position(in.position() + n);
    return chunk;
  }

  /**
   * The offset of the next LF in {@code in}, or -1.
   *
   * @param in the input, from its position
   * @return the absolute index of the LF, or -1
   */
  public static int indexOfLf(ByteBuffer in) {
    int lim = in.limit();
    if (in.hasArray()) {
      byte[] a = in.array();
      int off = in.arrayOffset();
      for (int i = in.position(); i < lim; i++) {
        if (a[off + i] == '\n') {
          return i;
        }
      }
      return -1;
    }
    for (int i = in.position(); i < lim; i++) {
      if (in.get(i) == '\n') {
        return i;
      }
    }
    return -1;
  }
}
