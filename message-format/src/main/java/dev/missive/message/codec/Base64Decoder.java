package dev.missive.message.codec;

import dev.missive.message.DefectKind;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The lenient base64 decoder of RFC 2045 §6.8: line breaks and white space ignored, characters outside the
 * alphabet skipped with an INVALID_BASE64 defect (as §6.8 says decoders must ignore them), a partial final
 * quantum decoded as far as it goes with a defect.
 *
 * <p>The bulk of a body — lines of whole quanta of four alphabet characters, each line ended by CRLF — takes a
 * fast path ({@link #quanta}); everything else (white space other than a CRLF between quanta, padding, characters
 * outside the alphabet, a quantum cut by a line break or by the end of the input) takes the per-character state
 * machine, so the octets and defects are the same whichever path a character takes.
 */
final class Base64Decoder extends ArrayDecoder {

  private static final byte SKIP = -2;
  private static final byte INVALID = -1;
  private static final byte PAD = -3;
  private static final byte[] VALUES = new byte[256];

  static {
    java.util.Arrays.fill(VALUES, INVALID);
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for (int i = 0; i < alphabet.length(); i++) {
      VALUES[alphabet.charAt(i)] = (byte) i;
    }
    VALUES[' '] = SKIP;
    VALUES['\t'] = SKIP;
    VALUES['\r'] = SKIP;
    VALUES['\n'] = SKIP;
    VALUES['='] = PAD;
  }

  /**
   * Each alphabet character's six bits already shifted to their place in a quantum's 24 (first character to
   * {@code Q0}, fourth to {@code Q3}), -1 for every other octet: a quantum is the OR of four loads, and it was
   * four alphabet characters exactly when that OR is not negative.
   */
  private static final int[] Q0 = shifted(18);
  private static final int[] Q1 = shifted(12);
  private static final int[] Q2 = shifted(6);
  private static final int[] Q3 = shifted(0);
  /** Writes a quantum's three octets (and one more, overwritten by the next quantum) in one store. */
  private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
  /** 76 characters per line, the most RFC 2045 §6.8 allows and what encoders write. */
  private static final int USUAL_LINE_QUANTA = 19;

  private static int[] shifted(int shift) {
    int[] t = new int[256];
    Arrays.fill(t, -1);
    for (int c = 0; c < 256; c++) {
      if (VALUES[c] >= 0) {
        t[c] = VALUES[c] << shift;
      }
    }
    return t;
  }

  private int bits;
  private int count;
  /** Quanta per line of this body as last measured: the fast path's run between checks. */
  private int lineQuanta = USUAL_LINE_QUANTA;

  @Override
  void process(byte[] src, int sp, int sl, byte[] dst, int dp, int dl) {
    int b = bits;
    int n = count;
    while (sp < sl && dl - dp >= 3) {
      if (n == 0) {
        sp = quanta(src, sp, sl, dst, dp, dl);
        dp = dstPos;
        if (sp >= sl || dl - dp < 3) {
          break;
        }
      }
      int v = VALUES[src[sp++] & 0xff];
      if (v >= 0) {
        b = b << 6 | v;
        if (++n == 4) {
          dst[dp++] = (byte) (b >> 16);
          dst[dp++] = (byte) (b >> 8);
          dst[dp++] = (byte) b;
          n = 0;
          b = 0;
        }
      } else if (v == PAD) {
        dp = partial(b, n, dst, dp, false);
        n = 0;
        b = 0;
      } else if (v == INVALID) {
        defects.report(DefectKind.INVALID_BASE64, "characters outside the base64 alphabet skipped (RFC 2045 §6.8)");
      }
    }
    bits = b;
    count = n;
    srcPos = sp;
    dstPos = dp;
  }

  /**
   * Decodes whole quanta of four alphabet characters and the CRLFs between them from {@code src[sp, sl)}, as long
   * as each quantum's four-octet store fits before {@code dl}; returns where it stopped (at the first character
   * the per-character path must see, or where the output is full as the per-character path would find it) and sets
   * {@link #dstPos}. Runs of up to a line's quanta are decoded before
   * their OR is tested once; a run holding anything else is decoded again up to its first non-quantum (the
   * octets written past it are free room of {@code dst}). A CRLF found where a line ends sets the run length for
   * the next lines.
   */
  private int quanta(byte[] src, int sp, int sl, byte[] dst, int dp, int dl) {
    int line = lineQuanta;
    int sinceLineStart = Integer.MIN_VALUE; // unknown until the first CRLF
    while (true) {
      int k = Math.min(Math.min((sl - sp) >> 2, (dl - dp - 1) / 3), line);
      if (k <= 0) {
        break;
      }
      int sign = 0;
      for (int i = 0; i < k; i++) {
        int s = sp + (i << 2);
        int q = Q0[src[s] & 0xff] | Q1[src[s + 1] & 0xff] | Q2[src[s + 2] & 0xff] | Q3[src[s + 3] & 0xff];
        sign |= q;
        INTS.set(dst, dp + 3 * i, q << 8);
      }
      int done = sign < 0 ? wholeQuanta(src, sp, dst, dp, k) : k;
      sp += done << 2;
      dp += 3 * done;
      sinceLineStart += done;
      if (sp + 1 < sl && src[sp] == '\r' && src[sp + 1] == '\n' && dl - dp >= 3) {
        if (sinceLineStart > 0) {
          line = sinceLineStart;
        }
        sp += 2;
        sinceLineStart = 0;
      } else if (done < k) {
        break;
      }
    }
    lineQuanta = line;
    dstPos = dp;
    return sp;
  }

  /** Decodes up to {@code k} quanta, stopping at the first that is not four alphabet characters; returns how many. */
  private static int wholeQuanta(byte[] src, int sp, byte[] dst, int dp, int k) {
    for (int i = 0; i < k; i++) {
      int s = sp + (i << 2);
      int q = Q0[src[s] & 0xff] | Q1[src[s + 1] & 0xff] | Q2[src[s + 2] & 0xff] | Q3[src[s + 3] & 0xff];
      if (q < 0) {
        return i;
      }
      int d = dp + 3 * i;
      dst[d] = (byte) (q >> 16);
      dst[d + 1] = (byte) (q >> 8);
      dst[d + 2] = (byte) q;
    }
    return k;
  }

  /** Writes the bytes a quantum of {@code n} characters holds (at padding or at the end). */
  private int partial(int b, int n, byte[] dst, int dp, boolean atEnd) {
    if (n == 1) {
      defects.report(DefectKind.INVALID_BASE64, "a lone base64 character before padding or the end was dropped");
    } else if (n == 2) {
      dst[dp++] = (byte) (b >> 4);
    } else if (n == 3) {
      dst[dp++] = (byte) (b >> 10);
      dst[dp++] = (byte) (b >> 2);
    }
    if (atEnd && n > 1) {
      defects.report(DefectKind.INVALID_BASE64, "base64 ended inside a quantum without padding");
    }
    return dp;
  }

  @Override
  boolean flush(byte[] dst, int dp, int dl) {
    if (dl - dp < 2) {
      dstPos = dp;
      return count == 0;
    }
    dstPos = partial(bits, count, dst, dp, true);
    count = 0;
    bits = 0;
    return true;
  }
}
