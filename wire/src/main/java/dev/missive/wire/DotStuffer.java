package dev.missive.wire;

import java.nio.ByteBuffer;

/**
 * The sending side of dot transparency: writes content with CRLF line endings and stuffed dots, then the
 * terminating line (RFC 5321 §4.5.2; RFC 1939 §3 for RETR and TOP).
 *
 * <p>Content is canonicalised on the way: a bare LF becomes CRLF, and so does a bare CR (a CR not followed by
 * LF), so a stored {@code \n.\n} or {@code \r.\r} can never end the data early at the receiver (the outbound half of
 * SMTP smuggling). A dot at the start of a line is doubled. Works over chunks: state carries from one call to the
 * next, nothing is buffered but one pending CR.
 */
public final class DotStuffer {

  private static final byte CR = '\r';
  private static final byte LF = '\n';
  private static final byte DOT = '.';
  /** The most octets one input octet can produce: LF for a pending CR, then a doubled dot. */
  private static final int MAX_EXPANSION = 3;
  private static final long BELOW_CR_PLUS_ONE = 0x0E0E0E0E0E0E0E0EL;
  private static final long HIGH_BITS = 0x8080808080808080L;

  private boolean lineStart = true;
  private boolean pendingCr;

  /** Creates a stuffer positioned at the start of the content. */
  public DotStuffer() {
    // state is set by the field initialisers
  }

  /**
   * Encodes as much of {@code in} as fits into {@code out}.
   *
   * @param in  content; its position advances past what was encoded
   * @param out destination; encoding progresses only while it has at least 3 octets free
   */
  public void encode(ByteBuffer in, ByteBuffer out) {
    if (in.hasArray() && out.hasArray()) {
      encodeArrays(in, out);
      return;
    }
    while (in.hasRemaining() && out.remaining() >= MAX_EXPANSION) {
      byte b = in.get();
      if (pendingCr) {
        pendingCr = false;
        out.put(LF);
        lineStart = true;
        if (b == LF) {
          continue;
        }
      }
      if (b == CR) {
        out.put(CR);
        pendingCr = true;
      } else if (b == LF) {
        out.put(CR).put(LF);
        lineStart = true;
      } else {
        if (lineStart && b == DOT) {
          out.put(DOT);
        }
        out.put(b);
        lineStart = false;
      }
    }
  }

  /**
   * {@link #encode} over the backing arrays: the same octets consumed and written, call by call, as the octet loop
   * above, with line ends and line starts handled in place and each run that goes out unchanged (ordinary octets
   * and CRLF line ends not followed by a dot, {@link #cleanRun}) copied in one bulk copy, as far as the octet loop
   * would go (while 3 octets stay free).
   */
  private void encodeArrays(ByteBuffer in, ByteBuffer out) {
    byte[] src = in.array();
    int srcBase = in.arrayOffset();
    int sp = srcBase + in.position();
    int sl = srcBase + in.limit();
    byte[] dst = out.array();
    int dstBase = out.arrayOffset();
    int dp = dstBase + out.position();
    int dl = dstBase + out.limit();
    while (sp < sl && dl - dp >= MAX_EXPANSION) {
      byte b = src[sp++];
      if (pendingCr) {
        pendingCr = false;
        dst[dp++] = LF;
        lineStart = true;
        if (b == LF) {
          continue;
        }
      }
      if (b == CR) {
        dst[dp++] = CR;
        pendingCr = true;
      } else if (b == LF) {
        dst[dp++] = CR;
        dst[dp++] = LF;
        lineStart = true;
      } else {
        if (lineStart && b == DOT) {
          dst[dp++] = DOT;
        }
        dst[dp++] = b;
        lineStart = false;
        int end = sp + Math.min(sl - sp, dl - dp - (MAX_EXPANSION - 1));
        int run = cleanRun(src, sp, end);
        if (run > sp) {
          System.arraycopy(src, sp, dst, dp, run - sp);
          dp += run - sp;
          lineStart = src[run - 1] == LF;
          sp = run;
        }
      }
    }
    in.position(sp - srcBase);
    out.position(dp - dstBase);
  }

  /**
   * The end of the run from {@code from} (just after an ordinary octet) that goes out exactly as it is: ordinary
   * octets, and CRLF line ends whose next line does not start with a dot (the octet after the LF is seen before
   * {@code end}). Stops before a bare CR or LF, before a CRLF whose next line starts with a dot or lies at or past
   * {@code end}, and at {@code end}; the octet loop takes it from there. CR and LF are found eight octets at a time.
   */
  private static int cleanRun(byte[] src, int from, int end) {
    int i = from;
    while (true) {
      while (i + Long.BYTES <= end && !hasOctetBelowCrPlusOne(DotUnstuffer.word(src, i))) {
        i += Long.BYTES; // eight octets at a time while none is CR, LF or another low control (such as a tab)
      }
      int stop = Math.min(end, i + Long.BYTES); // past a tab, the word loop takes over again
      while (i < stop && src[i] != CR && src[i] != LF) {
        i++;
      }
      if (i == stop && i < end) {
        continue;
      }
      if (i + 2 < end && src[i] == CR && src[i + 1] == LF && src[i + 2] != DOT) {
        i += 2; // a line end that stays as it is, and a next line that needs no stuffing
      } else {
        return i;
      }
    }
  }

  /**
   * Whether one of the eight octets of {@code w} is below {@code CR + 1} (0x00-0x0D, among them CR and LF): one
   * subtraction instead of a test for CR and another for LF. Exact for "is there one" (a borrow only ever marks
   * octets above a real match), so a false answer means neither CR nor LF; a true one may be a tab.
   */
  private static boolean hasOctetBelowCrPlusOne(long w) {
    return ((w - BELOW_CR_PLUS_ONE) & ~w & HIGH_BITS) != 0;
  }

  /**
   * Ends the content: completes the last line if it was not ended and writes the terminating {@code "." CRLF}.
   *
   * @param out destination
   * @return true once written; false if {@code out} had fewer than 5 octets free (nothing was written)
   */
  public boolean finish(ByteBuffer out) {
    if (out.remaining() < 5) {
      return false;
    }
    if (pendingCr) {
      out.put(LF);
      pendingCr = false;
    } else if (!lineStart) {
      out.put(CR).put(LF);
    }
    out.put(DOT).put(CR).put(LF);
    lineStart = true;
    return true;
  }

  /** Prepares for the next message. */
  public void reset() {
    lineStart = true;
    pendingCr = false;
  }
}
