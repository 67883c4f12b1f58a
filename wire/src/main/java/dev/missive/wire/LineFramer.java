package dev.missive.wire;

import java.nio.ByteBuffer;

/**
 * Splits a byte stream into CRLF-terminated lines of bounded length (RFC 5321 §2.3.8 and §4.5.3.1.4,
 * RFC 1939 §3), for command and reply lines.
 *
 * <p>Feed it the chunks the host read, in order; each call to {@link #next(ByteBuffer)} consumes bytes up to and
 * including one line ending and reports {@link Status#LINE}, or consumes everything and reports
 * {@link Status#NEED_MORE}. A line longer than the maximum is never buffered: its bytes are discarded up to its
 * line ending, which is then reported as {@link Status#LINE_TOO_LONG}, so the next line starts in sync. When a
 * whole line lies inside one chunk, {@link #line()} is a read-only view of that chunk (no copy); only a line split
 * across chunks is copied, into a buffer that never grows past the maximum.
 *
 * <p>A bare LF ends a line under either {@link BareLineEndingPolicy}; under {@code REJECT} the line is flagged
 * ({@link #lineHasBareLineEnding()}). A bare CR is content, and always flagged.
 */
public final class LineFramer {

  /** The outcome of one {@link #next(ByteBuffer)} call. */
  public enum Status {
    /** A complete line is available from {@link #line()}. */
    LINE,
    /** A line longer than the maximum ended; its content was discarded. */
    LINE_TOO_LONG,
    /** All input was consumed without completing a line. */
    NEED_MORE
  }

  private static final byte CR = '\r';
  private static final byte LF = '\n';
  private static final ByteBuffer EMPTY = ByteBuffer.allocate(0).asReadOnlyBuffer();

  private final BareLineEndingPolicy policy;
  private int maxLineLength;
  private static final byte[] NO_OCTETS = new byte[0];

  private byte[] partial = NO_OCTETS;
  private int partialLength;
  private boolean discarding;
  private ByteBuffer line = EMPTY;
  /** The host's buffer the last line came from, and a read-only view of it that each line of it is sliced from. */
  private ByteBuffer source;
  private ByteBuffer sourceView;
  private boolean lineFlagged;

  /**
   * Creates a framer.
   *
   * @param maxLineLength the most content octets a line may have, excluding its line ending
   * @param policy        what to do with bare line endings
   */
  public LineFramer(int maxLineLength, BareLineEndingPolicy policy) {
    if (policy == null) {
      throw new IllegalArgumentException("policy must not be null");
    }
    this.policy = policy;
    setMaxLineLength(maxLineLength);
  }

  /**
   * Consumes input up to the end of the next line.
   *
   * @param in bytes from the peer; its position advances past what was consumed
   * @return whether a line, an over-long line or nothing complete was found
   */
  public Status next(ByteBuffer in) {
    line = EMPTY;
    lineFlagged = false;
    int start = in.position();
    int limit = in.limit();
    for (int i = start; i < limit; i++) {
      if (in.get(i) == LF) {
        in.position(i + 1);
        return endOfLine(in, start, i);
      }
    }
    in.position(limit);
    append(in, start, limit);
    return Status.NEED_MORE;
  }

  private Status endOfLine(ByteBuffer in, int start, int lfIndex) {
    boolean crlf;
    if (partialLength == 0 && !discarding) {
      crlf = lfIndex > start && in.get(lfIndex - 1) == CR;
      int end = crlf ? lfIndex - 1 : lfIndex;
      if (end - start > maxLineLength) {
        return Status.LINE_TOO_LONG;
      }
      boolean bareCr = containsCr(in, start, end);
      line = readOnly(in).slice(start, end - start);
      lineFlagged = bareCr || (!crlf && policy == BareLineEndingPolicy.REJECT);
      return Status.LINE;
    }
    append(in, start, lfIndex);
    boolean wasDiscarding = discarding;
    int length = partialLength;
    partialLength = 0;
    discarding = false;
    if (wasDiscarding) {
      return Status.LINE_TOO_LONG;
    }
    crlf = length > 0 && partial[length - 1] == CR;
    int end = crlf ? length - 1 : length;
    if (end > maxLineLength) {
      return Status.LINE_TOO_LONG;
    }
    boolean bareCr = containsCr(ByteBuffer.wrap(partial), 0, end);
    byte[] copy = new byte[end];
    System.arraycopy(partial, 0, copy, 0, end);
    line = ByteBuffer.wrap(copy).asReadOnlyBuffer();
    lineFlagged = bareCr || (!crlf && policy == BareLineEndingPolicy.REJECT);
    return Status.LINE;
  }

  /**
   * A read-only view of the host's buffer {@code in}, made once per buffer: a host reads into the same buffer again
   * and again, so each line costs one slice of the view instead of a slice and a view of the slice.
   */
  private ByteBuffer readOnly(ByteBuffer in) {
    if (in != source) {
      source = in;
      // the whole capacity: the host refills its buffer and moves its limit, the slices are absolute
      sourceView = in.asReadOnlyBuffer().clear();
    }
    return sourceView;
  }

  private static boolean containsCr(ByteBuffer b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b.get(i) == CR) {
        return true;
      }
    }
    return false;
  }

  /** Buffers {@code in[from, to)} as part of an unfinished line, or drops it once the line is too long. */
  private void append(ByteBuffer in, int from, int to) {
    if (discarding) {
      return;
    }
    int n = to - from;
    // one extra octet for a CR that may precede the LF still to come
    if (partialLength + n > maxLineLength + 1) {
      discarding = true;
      partialLength = 0;
      return;
    }
    if (partialLength + n > partial.length) {
      int size = Math.min(maxLineLength + 1, Math.max(partial.length * 2, Math.max(64, partialLength + n)));
      byte[] grown = new byte[size];
      System.arraycopy(partial, 0, grown, 0, partialLength);
      partial = grown;
    }
    in.get(from, partial, partialLength, n);
    partialLength += n;
  }

  /**
   * The content of the last {@link Status#LINE}, without its line ending; read-only, valid until the next call.
   *
   * @return the last line's content, read-only
   */
  public ByteBuffer line() {
    return line;
  }

  /**
   * Whether the last line ended with a bare LF under {@link BareLineEndingPolicy#REJECT}, or held a bare CR.
   *
   * @return whether the last line had a bare line ending
   */
  public boolean lineHasBareLineEnding() {
    return lineFlagged;
  }

  /** {@return whether bytes of an unfinished line are pending (a peer that closes now truncated its last line)} */
  public boolean hasPartialLine() {
    return partialLength > 0 || discarding;
  }

  /**
   * Changes the maximum line length, for example while an AUTH exchange allows longer responses.
   *
   * @param max the new maximum, in octets without the line ending
   */
  public void setMaxLineLength(int max) {
    if (max < 1) {
      throw new IllegalArgumentException("maxLineLength must be positive: " + max);
    }
    this.maxLineLength = max;
  }

  /** {@return the current maximum number of content octets per line} */
  public int maxLineLength() {
    return maxLineLength;
  }

  /** Forgets any unfinished line, as after STARTTLS/STLS where buffered plaintext must never be used. */
  public void reset() {
    partialLength = 0;
    discarding = false;
    line = EMPTY;
    lineFlagged = false;
    source = null;
    sourceView = null;
    if (partial.length > 256) {
      partial = NO_OCTETS;
    }
  }
}
