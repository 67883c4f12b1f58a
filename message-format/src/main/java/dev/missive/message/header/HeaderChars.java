package dev.missive.message.header;

/**
 * Character classes of RFC 5322 §3.2 and RFC 2045 §5.1 used by the header parsers and writers.
 */
final class HeaderChars {

  private static final String TSPECIALS = "()<>@,;:\\\"/[]?=";
  /** Bit c of the pair is set when US-ASCII character c is a token character: a table look-up per character. */
  private static final long TOKEN_LOW = tokenBits(0);
  private static final long TOKEN_HIGH = tokenBits(64);

  private HeaderChars() {
  }

  /** WSP of RFC 5234 Appendix B.1: space or horizontal tab. */
  static boolean isWsp(int c) {
    return c == ' ' || c == '\t';
  }

  /** A {@code token} character of RFC 2045 §5.1: printable US-ASCII except tspecials. */
  static boolean isTokenChar(int c) {
    return c < 64 ? c >= 0 && (TOKEN_LOW >>> c & 1) != 0 : c < 128 && (TOKEN_HIGH >>> (c - 64) & 1) != 0;
  }

  private static long tokenBits(int from) {
    long bits = 0;
    for (int c = from; c < from + 64; c++) {
      if (c > 0x20 && c < 0x7f && TSPECIALS.indexOf(c) < 0) {
        bits |= 1L << (c - from);
      }
    }
    return bits;
  }

  /** An {@code attribute-char} of RFC 2231 §7: a token character other than {@code *}, {@code '} and {@code %}. */
  static boolean isAttributeChar(int c) {
    return isTokenChar(c) && c != '*' && c != '\'' && c != '%';
  }

  /** An {@code ftext} character of RFC 5322 §3.6.8: printable US-ASCII except colon. */
  static boolean isFieldNameChar(int c) {
    return c >= 33 && c <= 126 && c != ':';
  }

  /** Whether {@code s} is a non-empty RFC 2045 token. */
  static boolean isToken(CharSequence s) {
    if (s.length() == 0) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (!isTokenChar(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether {@code c} may never appear in a value the caller hands us to write: CR, LF, NUL, NEL, and the
   * Unicode line and paragraph separators (docs/security.md, "Header injection through the builder").
   */
  static boolean isForbiddenInValue(char c) {
    return c == '\r' || c == '\n' || c == 0 || c == '\u0085' || c == '\u2028' || c == '\u2029';
  }

  /** Refuses a caller-supplied value holding CR, LF, NUL, NEL, U+2028 or U+2029. */
  static String requireSafe(String what, String value) {
    if (value == null) {
      throw new IllegalArgumentException(what + " is null");
    }
    for (int i = 0; i < value.length(); i++) {
      if (isForbiddenInValue(value.charAt(i))) {
        throw new IllegalArgumentException(
            what + " contains a line break or NUL (U+" + String.format("%04X", (int) value.charAt(i))
                + ") at index " + i);
      }
    }
    return value;
  }

  /** Refuses a caller-supplied RFC 2045 token (type, subtype, parameter name). */
  static String requireToken(String what, String value) {
    requireSafe(what, value);
    if (!isToken(value)) {
      throw new IllegalArgumentException(what + " is not an RFC 2045 token: \"" + value + "\"");
    }
    return value;
  }

  /** Whether every char of {@code s} is US-ASCII. */
  static boolean isAscii(CharSequence s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) >= 0x80) {
        return false;
      }
    }
    return true;
  }

  /** Lower-cases US-ASCII letters only (locale independent). */
  static String asciiLower(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= 'A' && c <= 'Z') {
        char[] chars = s.toCharArray();
        for (int j = i; j < chars.length; j++) {
          if (chars[j] >= 'A' && chars[j] <= 'Z') {
            chars[j] = (char) (chars[j] + 32);
          }
        }
        return new String(chars);
      }
    }
    return s;
  }

  /** The value of a hexadecimal digit, or -1. */
  static int hexValue(int c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    return -1;
  }

  /** A short, bounded excerpt of peer input for a defect detail. */
  static String excerpt(String s) {
    String e = s.length() > 60 ? s.substring(0, 60) + "…" : s;
    StringBuilder b = new StringBuilder(e.length());
    for (int i = 0; i < e.length(); i++) {
      char c = e.charAt(i);
      b.append(c < 0x20 || c == 0x7f ? '?' : c);
    }
    return b.toString();
  }
}
