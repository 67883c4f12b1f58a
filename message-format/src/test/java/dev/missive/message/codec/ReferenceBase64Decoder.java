package dev.missive.message.codec;

import dev.missive.message.DefectKind;

/**
 * The test side's reference for {@link Base64Decoder}: its loop before the line-at-a-time fast path (RFC 2045
 * §6.8, lenient), kept verbatim so {@link Base64DecoderEquivalenceTest} can require the same octets, positions and
 * defects from the fast one on any input, split and output room.
 */
final class ReferenceBase64Decoder extends ArrayDecoder {

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

  private int bits;
  private int count;

  @Override
  void process(byte[] src, int sp, int sl, byte[] dst, int dp, int dl) {
    int b = bits;
    int n = count;
    while (sp < sl && dl - dp >= 3) {
      if (n == 0) {
        // whole quanta of four alphabet characters, the bulk of every line: no per-character state
        while (sp + 4 <= sl && dl - dp >= 3) {
          int q0 = VALUES[src[sp] & 0xff];
          int q1 = VALUES[src[sp + 1] & 0xff];
          int q2 = VALUES[src[sp + 2] & 0xff];
          int q3 = VALUES[src[sp + 3] & 0xff];
          if ((q0 | q1 | q2 | q3) < 0) {
            break;
          }
          int q = q0 << 18 | q1 << 12 | q2 << 6 | q3;
          dst[dp] = (byte) (q >> 16);
          dst[dp + 1] = (byte) (q >> 8);
          dst[dp + 2] = (byte) q;
          sp += 4;
          dp += 3;
        }
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
