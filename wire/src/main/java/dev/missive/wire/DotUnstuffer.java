package dev.missive.wire;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The receiving side of dot transparency: removes the stuffed dots from message data and finds its end
 * (RFC 5321 §4.5.2 and §4.1.1.4; RFC 1939 §3 for multi-line POP3 responses).
 *
 * <p>Only a real {@code CRLF "." CRLF} ends the data — never {@code LF.LF}, {@code CR.CR}, {@code LF.CRLF} or any
 * other mix (SMTP smuggling, CVE-2023-51764/51765/51766). The first line of the data counts as following a CRLF, so
 * {@code ".\r\n"} alone is an empty message. The CRLF before the final dot belongs to the content. A line that
 * starts with a dot loses that dot; after a bare LF the same happens, but such a line can never end the data.
 *
 * <p>{@link #decode(ByteBuffer)} returns read-only slices of the caller's buffer where it can (no copy, no
 * allocation per byte); {@link #decode(ByteBuffer, ByteBuffer)} positions one read-only view the caller keeps
 * instead, so a stream of pieces allocates nothing at all. Irregularities are recorded, not thrown: {@link #sawBareLineEnding()},
 * {@link #sawLineTooLong()}, {@link #sawEightBit()}; under {@link BareLineEndingPolicy#NORMALIZE} a bare LF is
 * delivered as CRLF.
 */
public final class DotUnstuffer {

  private static final byte CR = '\r';
  private static final byte LF = '\n';
  private static final byte DOT = '.';
  /** Eight octets at a time for the line scan; the byte order does not matter to the tests made on them. */
  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long ONES = 0x0101010101010101L;
  private static final long HIGH_BITS = 0x8080808080808080L;
  private static final long CRS = ONES * CR;
  private static final long LFS = ONES * LF;
  private static final ByteBuffer CR_ONLY = ByteBuffer.wrap(new byte[] {CR}).asReadOnlyBuffer();
  private static final ByteBuffer CRLF = ByteBuffer.wrap(new byte[] {CR, LF}).asReadOnlyBuffer();

  private enum State {
    /** At the start of a line that follows CRLF (or the start of the data): a dot here may begin the end. */
    LINE_START,
    /** At the start of a line that follows a bare LF: a dot is removed but cannot begin the end. */
    SOFT_LINE_START,
    /** Inside a line. */
    MID,
    /** After a CR inside a line. */
    AFTER_CR,
    /** After a dot at a line start; the dot is withheld. */
    AFTER_DOT,
    /** After a dot and a CR at a line start; both withheld. */
    AFTER_DOT_CR,
    /** The terminating line was consumed. */
    ENDED
  }

  private final BareLineEndingPolicy policy;
  private final int maxLineLength;
  private State state = State.LINE_START;
  private int lineLength;
  private long contentLength;
  private boolean started;
  private boolean bareLineEnding;
  private boolean lineTooLong;
  private boolean eightBit;
  /** The caller's view for {@link #decode(ByteBuffer, ByteBuffer)}; null for {@link #decode(ByteBuffer)}. */
  private ByteBuffer view;
  /** This unstuffer's reused constants for {@link #decode(ByteBuffer, ByteBuffer)}, made at first use. */
  private ByteBuffer crlfPiece;
  private ByteBuffer crPiece;

  /**
   * Creates an unstuffer for one message at a time.
   *
   * @param policy        how a bare LF is delivered
   * @param maxLineLength the most octets a line may hold before {@link #sawLineTooLong()} is set, excluding CRLF
   *                      (998 for SMTP text lines, RFC 5321 §4.5.3.1.6); nothing is ever cut
   */
  public DotUnstuffer(BareLineEndingPolicy policy, int maxLineLength) {
    if (policy == null || maxLineLength < 1) {
      throw new IllegalArgumentException("need a policy and a positive maxLineLength");
    }
    this.policy = policy;
    this.maxLineLength = maxLineLength;
  }

  /**
   * Consumes input and returns the next piece of content.
   *
   * @param in the peer's bytes; its position advances past what was consumed
   * @return a read-only slice of content, valid until {@code in} is reused; or {@code null} when all input was
   *     consumed or the end of data was reached (see {@link #isEnded()}). Call again until it returns null.
   */
  public ByteBuffer decode(ByteBuffer in) {
    view = null;
    return next(in);
  }

  /**
   * Consumes input like {@link #decode(ByteBuffer)}, without allocating: each piece is {@code view} itself,
   * positioned over the content in {@code in}, or one of this unstuffer's own read-only two- or one-octet buffers
   * (the CRLF that replaces a bare LF under {@link BareLineEndingPolicy#NORMALIZE}, a CR withheld after a line's
   * dot). Either is repositioned by the next call, so a piece is valid only until then.
   *
   * @param in   the peer's bytes; its position advances past what was consumed
   * @param view a read-only duplicate of {@code in} ({@code in.asReadOnlyBuffer()}, same indexes), kept by the
   *             caller from call to call while {@code in} is the same buffer
   * @return {@code view} or a constant of this unstuffer, positioned over the next piece of content; or
   *     {@code null} as for {@link #decode(ByteBuffer)}
   * @throws IllegalArgumentException when {@code view} is writable or not the size of {@code in}
   */
  public ByteBuffer decode(ByteBuffer in, ByteBuffer view) {
    if (!view.isReadOnly() || view.capacity() != in.capacity()) {
      throw new IllegalArgumentException("the view must be a read-only duplicate of the input buffer");
    }
    this.view = view;
    return next(in);
  }

  private ByteBuffer next(ByteBuffer in) {
    if (state == State.ENDED) {
      return null;
    }
    int start = in.position();
    int limit = in.limit();
    int i = start;
    if (i < limit) {
      started = true;
    }
    while (i < limit) {
      byte b = in.get(i);
      switch (state) {
        case MID:
          i = scanToLineEnd(in, i, limit);
          if (i == limit) {
            break;
          }
          b = in.get(i);
          if (b == CR) {
            state = State.AFTER_CR;
            i++;
          } else {
            // a bare LF: CR was not before it (AFTER_CR handles CRLF)
            bareLineEnding = true;
            if (policy == BareLineEndingPolicy.NORMALIZE) {
              if (i > start) {
                return emit(in, start, i);
              }
              in.position(i + 1);
              endLine(State.SOFT_LINE_START);
              return constant(CRLF);
            }
            i++;
            endLine(State.SOFT_LINE_START);
          }
          break;
        case LINE_START:
        case SOFT_LINE_START:
          if (b == DOT) {
            if (i > start) {
              return emit(in, start, i);
            }
            i++;
            start = i;
            lineLength = 1;
            state = state == State.LINE_START ? State.AFTER_DOT : State.MID;
          } else {
            state = State.MID;
          }
          break;
        case AFTER_CR:
          if (b == LF) {
            i++;
            endLine(State.LINE_START);
          } else {
            bareLineEnding = true;
            lineLength++;
            state = State.MID;
          }
          break;
        case AFTER_DOT:
          if (b == CR) {
            i++;
            start = i;
            state = State.AFTER_DOT_CR;
          } else {
            state = State.MID;
          }
          break;
        case AFTER_DOT_CR:
          if (b == LF) {
            in.position(i + 1);
            state = State.ENDED;
            return null;
          }
          // ".\r" followed by something else: the dot was stuffing, the CR is a bare CR
          bareLineEnding = true;
          lineLength++;
          state = State.MID;
          in.position(i);
          return constant(CR_ONLY);
        default:
          throw new IllegalStateException("unreachable: " + state);
      }
    }
    return i > start ? emit(in, start, i) : consumedAll(in, limit);
  }

  /**
   * The index of the first CR or LF in {@code in[from, limit)}, or {@code limit}; counts the octets before it into
   * the line's length and notes any with the high bit set. Reads the backing array directly when there is one,
   * eight octets at a time while none of them is CR or LF.
   */
  private int scanToLineEnd(ByteBuffer in, int from, int limit) {
    int j = from;
    int high = 0;
    if (in.hasArray()) {
      byte[] a = in.array();
      int off = in.arrayOffset();
      long highWords = 0;
      for (; j + Long.BYTES <= limit; j += Long.BYTES) {
        long w = word(a, off + j);
        if (hasCrOrLf(w)) {
          break;
        }
        highWords |= w;
      }
      if ((highWords & HIGH_BITS) != 0) {
        high = -1;
      }
      for (; j < limit; j++) {
        byte c = a[off + j];
        if (c == CR || c == LF) {
          break;
        }
        high |= c;
      }
    } else {
      for (; j < limit; j++) {
        byte c = in.get(j);
        if (c == CR || c == LF) {
          break;
        }
        high |= c;
      }
    }
    eightBit |= high < 0;
    lineLength += j - from;
    return j;
  }

  /** The eight octets of {@code a} from {@code at} as one word (also for {@link DotStuffer}'s scan). */
  static long word(byte[] a, int at) {
    return (long) LONGS.get(a, at);
  }

  /** Whether one of the eight octets of {@code w} is CR or LF (exact). */
  static boolean hasCrOrLf(long w) {
    return hasZeroByte(w ^ CRS) || hasZeroByte(w ^ LFS);
  }

  /** Whether one of the eight octets of {@code w} is zero (exact, no false positives). */
  private static boolean hasZeroByte(long w) {
    return ((w - ONES) & ~w & HIGH_BITS) != 0;
  }

  private static ByteBuffer consumedAll(ByteBuffer in, int limit) {
    in.position(limit);
    return null;
  }

  private void endLine(State next) {
    if (lineLength > maxLineLength) {
      lineTooLong = true;
    }
    lineLength = 0;
    state = next;
  }

  private ByteBuffer emit(ByteBuffer in, int from, int to) {
    in.position(to);
    contentLength += to - from;
    if (view == null) {
      return in.slice(from, to - from).asReadOnlyBuffer();
    }
    view.limit(to); // limit first: the view may still end before from
    return view.position(from);
  }

  private ByteBuffer constant(ByteBuffer bytes) {
    contentLength += bytes.remaining();
    if (view == null) {
      return bytes.duplicate();
    }
    if (bytes == CRLF) {
      crlfPiece = crlfPiece == null ? CRLF.duplicate() : crlfPiece.clear();
      return crlfPiece;
    }
    crPiece = crPiece == null ? CR_ONLY.duplicate() : crPiece.clear();
    return crPiece;
  }

  /** {@return whether the terminating {@code CRLF "." CRLF} has been consumed} */
  public boolean isEnded() {
    return state == State.ENDED;
  }

  /** {@return whether a bare LF or a bare CR appeared in the data} */
  public boolean sawBareLineEnding() {
    return bareLineEnding;
  }

  /** {@return whether a line was longer than the maximum given at construction (or, if still open, is already)} */
  public boolean sawLineTooLong() {
    return lineTooLong || lineLength > maxLineLength;
  }

  /** {@return whether an octet with the high bit set appeared (relevant without BODY=8BITMIME, RFC 6152)} */
  public boolean sawEightBit() {
    return eightBit;
  }

  /** {@return octets of unstuffed content delivered so far} */
  public long contentLength() {
    return contentLength;
  }

  /** {@return whether data began and has not ended: a peer that closes now truncated the message} */
  public boolean hasPartialInput() {
    return started && state != State.ENDED;
  }

  /** Prepares for the next message. */
  public void reset() {
    view = null; // the caller's buffer is not kept past the message
    state = State.LINE_START;
    lineLength = 0;
    contentLength = 0;
    started = false;
    bareLineEnding = false;
    lineTooLong = false;
    eightBit = false;
  }
}
