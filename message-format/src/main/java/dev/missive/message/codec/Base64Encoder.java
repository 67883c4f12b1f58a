package dev.missive.message.codec;


/**
 * The strict base64 encoder of RFC 2045 §6.8: lines of exactly 76 characters separated by CRLF (the last line may
 * be shorter; no line break after it), padding at the end. Output is identical to
 * {@code java.util.Base64.getMimeEncoder()}, streamed.
 */
final class Base64Encoder extends ArrayEncoder {

  private static final byte[] ALPHABET =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
          .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  private static final int LINE = 76;

  private final byte[] carry = new byte[3];
  private int carried;
  private int lineLength;

  @Override
  void process(byte[] src, int sp, int sl, byte[] dst, int dp, int dl) {
    if (carried > 0) {
      while (carried < 3 && sp < sl) {
        carry[carried++] = src[sp++];
      }
      if (carried == 3 && dl - dp >= 6) {
        dp = quantum(carry[0], carry[1], carry[2], dst, dp);
        carried = 0;
      }
    }
    if (carried == 0) {
      while (sl - sp >= 3 && dl - dp >= 6) {
        dp = quantum(src[sp], src[sp + 1], src[sp + 2], dst, dp);
        sp += 3;
      }
      if (sl - sp < 3) {
        while (sp < sl) {
          carry[carried++] = src[sp++];
        }
      }
    }
    srcPos = sp;
    dstPos = dp;
  }

  private int quantum(byte a, byte b, byte c, byte[] dst, int dp) {
    dp = lineBreak(dst, dp);
    int bits = (a & 0xff) << 16 | (b & 0xff) << 8 | (c & 0xff);
    dst[dp++] = ALPHABET[bits >>> 18];
    dst[dp++] = ALPHABET[(bits >>> 12) & 0x3f];
    dst[dp++] = ALPHABET[(bits >>> 6) & 0x3f];
    dst[dp++] = ALPHABET[bits & 0x3f];
    lineLength += 4;
    return dp;
  }

  private int lineBreak(byte[] dst, int dp) {
    if (lineLength == LINE) {
      dst[dp++] = '\r';
      dst[dp++] = '\n';
      lineLength = 0;
    }
    return dp;
  }

  @Override
  boolean flush(byte[] dst, int dp, int dl) {
    dstPos = dp;
    if (carried == 0) {
      return true;
    }
    if (dl - dp < 6) {
      return false;
    }
    if (carried == 3) {
      dstPos = quantum(carry[0], carry[1], carry[2], dst, dp);
      carried = 0;
      return true;
    }
    dp = lineBreak(dst, dp);
    int bits = (carry[0] & 0xff) << 16 | (carried == 2 ? (carry[1] & 0xff) << 8 : 0);
    dst[dp++] = ALPHABET[bits >>> 18];
    dst[dp++] = ALPHABET[(bits >>> 12) & 0x3f];
    dst[dp++] = carried == 2 ? ALPHABET[(bits >>> 6) & 0x3f] : (byte) '=';
    dst[dp++] = '=';
    lineLength += 4;
    carried = 0;
    dstPos = dp;
    return true;
  }
}
