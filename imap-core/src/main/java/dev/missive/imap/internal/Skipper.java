package dev.missive.imap.internal;

import java.nio.ByteBuffer;

/**
 * Skips the rest of a command or response that will not be read — a literal's octets, then the rest of its line,
 * then the literals that line announces — keeping only the last octets of each line so the literal header that may
 * end it is still found (RFC 7888 §3). Framing holds across a refusal in constant memory.
 */
public final class Skipper {

  /** What {@link #skip(ByteBuffer, boolean)} achieved. */
  public enum Result {
    /** Every byte offered was skipped; more is to come. */
    SKIPPING,
    /** The command or response ended; the next byte starts a new one. */
    DONE,
    /** A literal size that is no {@code number64}: where the next one starts cannot be known. */
    LOST
  }

  /** Enough for {@code ~{9223372036854775807+}} and a CR. */
  private static final int TAIL = 26;

  private final byte[] tail = new byte[TAIL];
  private int tailLen;
  private long literal = -1;

  /**
   * Starts skipping a line whose first octets were already read.
   *
   * @param b    the buffer holding them
   * @param from the line's first octet
   * @param to   the offset after the last octet read
   */
  public void skipLine(byte[] b, int from, int to) {
    int keep = Math.min(TAIL, to - from);
    System.arraycopy(b, to - keep, tail, 0, keep);
    tailLen = keep;
    literal = -1;
  }

  /**
   * Starts skipping a literal's octets and then the rest of its line.
   *
   * @param size the literal's octets still to come
   */
  public void skipLiteral(long size) {
    literal = size;
    tailLen = 0;
  }

  /**
   * Skips input.
   *
   * @param in                 the input; its position advances
   * @param everyLiteralFollows true when every literal header is followed by its octets (what a server sends);
   *                           false when only a non-synchronizing one is (what a client sends: it waits for
   *                           {@code +} before a synchronizing literal, which a refused command never gets)
   * @return whether the skipped command or response is over
   */
  public Result skip(ByteBuffer in, boolean everyLiteralFollows) {
    while (true) {
      if (literal >= 0) {
        int n = (int) Math.min(literal, in.remaining());
        in.position(in.position() + n);
        literal -= n;
        if (literal > 0) {
          return Result.SKIPPING;
        }
        literal = -1;
        tailLen = 0;
      }
      if (!skipToLf(in)) {
        return Result.SKIPPING;
      }
      int end = tailLen > 0 && tail[tailLen - 1] == '\r' ? tailLen - 1 : tailLen;
      LiteralMarker m = LiteralMarker.find(tail, 0, end);
      tailLen = 0;
      if (m == null || !(everyLiteralFollows || m.nonSynchronizing())) {
        return Result.DONE;
      }
      if (!m.sizeValid()) {
        return everyLiteralFollows ? Result.LOST : Result.DONE;
      }
      literal = m.size();
    }
  }

  private boolean skipToLf(ByteBuffer in) {
    int from = in.position();
    int lf = LineBuffer.indexOfLf(in);
    int stop = lf >= 0 ? lf : in.limit();
    int n = stop - from;
    if (n >= TAIL) {
      in.get(stop - TAIL, tail, 0, TAIL);
      tailLen = TAIL;
    } else {
      int keep = Math.min(tailLen, TAIL - n);
      System.arraycopy(tail, tailLen - keep, tail, 0, keep);
      in.get(from, tail, keep, n);
      tailLen = keep + n;
    }
    in.position(lf >= 0 ? lf + 1 : in.limit());
    return lf >= 0;
  }
}
