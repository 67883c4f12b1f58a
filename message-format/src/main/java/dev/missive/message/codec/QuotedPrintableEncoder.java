package dev.missive.message.codec;


/**
 * The strict quoted-printable encoder of RFC 2045 §6.7: CRLF in the input becomes a hard line break, every other
 * octet outside 33–126 (and {@code =}) an upper-case {@code =XX} escape, white space before a line break or the
 * end encoded (rule 3), and soft line breaks keep each line at most 76 characters (rule 5). Bare CR and LF are
 * escaped, so decoding gives back exactly the input octets.
 */
final class QuotedPrintableEncoder extends ArrayEncoder {

  private static final byte[] HEX = "0123456789ABCDEF".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  /** Characters before a soft break's {@code =}: 75, so the line is at most 76 (RFC 2045 §6.7 rule 5). */
  private static final int MAX_BEFORE_SOFT_BREAK = 75;
  private static final int NONE = -1;

  private int pending = NONE;
  private int lineLength;

  @Override
  void process(byte[] src, int sp, int sl, byte[] dst, int dp, int dl) {
    while (sp < sl && dl - dp >= 12) {
      int b = src[sp] & 0xff;
      if (pending == '\r') {
        pending = NONE;
        if (b == '\n') {
          dst[dp++] = '\r';
          dst[dp++] = '\n';
          lineLength = 0;
          sp++;
          continue;
        }
        dp = escaped('\r', dst, dp);
      } else if (pending != NONE) {
        dp = b == '\r' ? escaped(pending, dst, dp) : literal(pending, dst, dp);
        pending = NONE;
      }
      sp++;
      if (b == ' ' || b == '\t' || b == '\r') {
        pending = b;
      } else if (b >= 33 && b <= 126 && b != '=') {
        dp = literal(b, dst, dp);
      } else {
        dp = escaped(b, dst, dp);
      }
    }
    srcPos = sp;
    dstPos = dp;
  }

  private int softBreak(int width, byte[] dst, int dp) {
    if (lineLength + width > MAX_BEFORE_SOFT_BREAK) {
      dst[dp++] = '=';
      dst[dp++] = '\r';
      dst[dp++] = '\n';
      lineLength = 0;
    }
    lineLength += width;
    return dp;
  }

  private int literal(int b, byte[] dst, int dp) {
    dp = softBreak(1, dst, dp);
    dst[dp++] = (byte) b;
    return dp;
  }

  private int escaped(int b, byte[] dst, int dp) {
    dp = softBreak(3, dst, dp);
    dst[dp++] = '=';
    dst[dp++] = HEX[b >> 4];
    dst[dp++] = HEX[b & 0xf];
    return dp;
  }

  @Override
  boolean flush(byte[] dst, int dp, int dl) {
    dstPos = dp;
    if (pending == NONE) {
      return true;
    }
    if (dl - dp < 6) {
      return false;
    }
    dstPos = escaped(pending, dst, dp);
    pending = NONE;
    return true;
  }
}
