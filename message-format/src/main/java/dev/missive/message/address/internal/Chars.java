package dev.missive.message.address.internal;

/**
 * Character classes of the address grammars (RFC 5322 §3.2.3, §3.4.1; RFC 5321 §4.1.2; RFC 6531 §3.3), shared by
 * the records, the envelope parser and the RFC 5322 address parser. All methods work on Unicode code points.
 */
public final class Chars {

  private static final String ATEXT_SPECIALS = "!#$%&'*+-/=?^_`{|}~";

  private Chars() {}

  /** An ASCII letter or digit (RFC 5234 ALPHA / DIGIT). */
  public static boolean isLetDig(int c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  }

  /** RFC 5322 §3.2.3 {@code atext}, ASCII only. */
  public static boolean isAsciiAtext(int c) {
    return isLetDig(c) || (c < 0x80 && c >= 0 && ATEXT_SPECIALS.indexOf(c) >= 0);
  }

  /** RFC 5322 §3.4.1 {@code dtext} (ASCII part): printable ASCII except "[", "]" and "\". */
  public static boolean isAsciiDtext(int c) {
    return (c >= 33 && c <= 90) || (c >= 94 && c <= 126);
  }

  /** RFC 5321 §4.1.2 {@code qtextSMTP}: printable ASCII and space, except '"' and '\'. */
  public static boolean isQtextSmtp(int c) {
    return c == 32 || c == 33 || (c >= 35 && c <= 91) || (c >= 93 && c <= 126);
  }

  /** Printable ASCII including space (the range of RFC 5321 {@code quoted-pairSMTP}). */
  public static boolean isPrintableAscii(int c) {
    return c >= 32 && c <= 126;
  }

  /**
   * A non-ASCII code point acceptable as RFC 6532 §3.1 {@code UTF8-non-ascii} in an address: not a C1 control, not
   * a line or paragraph separator, not a lone surrogate, not a byte-order mark and not a non-character.
   */
  public static boolean isAcceptableNonAscii(int c) {
    if (c < 0xA0) {
      return false;
    }
    if (c == 0x2028 || c == 0x2029 || c == 0xFEFF || (c >= 0xD800 && c <= 0xDFFF)) {
      return false;
    }
    if ((c >= 0xFDD0 && c <= 0xFDEF) || (c & 0xFFFE) == 0xFFFE) {
      return false;
    }
    return c <= Character.MAX_CODE_POINT && Character.isDefined(c);
  }

  /**
   * A non-ASCII code point that may appear inside a domain label: acceptable, not white space, and not one of the
   * full stops IDNA treats as label separators (U+3002, U+FF0E, U+FF61), which would let a label hide a dot.
   */
  public static boolean isDomainNonAscii(int c) {
    return isAcceptableNonAscii(c) && !Character.isSpaceChar(c) && !Character.isWhitespace(c)
        && c != 0x3002 && c != 0xFF0E && c != 0xFF61;
  }

  /** RFC 5322 {@code atext} extended by RFC 6532 §3.2 when {@code utf8} is set. */
  public static boolean isAtext(int c, boolean utf8) {
    return isAsciiAtext(c) || (utf8 && isAcceptableNonAscii(c) && !Character.isSpaceChar(c));
  }

  /** Number of octets the given characters occupy in UTF-8 (lone surrogates count as the 3 of U+FFFD). */
  public static int utf8Length(CharSequence s, int from, int to) {
    int n = 0;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        n += 1;
      } else if (c < 0x800) {
        n += 2;
      } else if (Character.isHighSurrogate(c) && i + 1 < to && Character.isLowSurrogate(s.charAt(i + 1))) {
        n += 4;
        i++;
      } else {
        n += 3;
      }
    }
    return n;
  }

  /** Number of octets the string occupies in UTF-8. */
  public static int utf8Length(CharSequence s) {
    return utf8Length(s, 0, s.length());
  }

  /** Whether every char is ASCII. */
  public static boolean isAscii(CharSequence s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) >= 0x80) {
        return false;
      }
    }
    return true;
  }

  /**
   * Refuses NUL, CR, LF and every other C0 control and DEL (host misuse: a value that would go on the wire).
   *
   * @throws IllegalArgumentException naming {@code what} and the index, never echoing the value
   */
  public static void requireNoControls(String s, String what) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c == 0x7F) {
        throw new IllegalArgumentException(what + " contains control character U+"
            + String.format("%04X", (int) c) + " at index " + i);
      }
    }
  }

  /** Whether the string is a dot-atom (RFC 5322 §3.2.3) of {@link #isAtext(int, boolean)} characters. */
  public static boolean isDotAtom(String s, boolean utf8) {
    if (s.isEmpty() || s.charAt(0) == '.' || s.charAt(s.length() - 1) == '.') {
      return false;
    }
    int prev = 0;
    for (int i = 0; i < s.length(); ) {
      int c = s.codePointAt(i);
      if (c == '.') {
        if (prev == '.') {
          return false;
        }
      } else if (!isAtext(c, utf8)) {
        return false;
      }
      prev = c;
      i += Character.charCount(c);
    }
    return true;
  }

  /**
   * Refuses text that could break a header line: C0 controls (HTAB included), DEL, C1 controls, U+2028, U+2029
   * and lone surrogates (host misuse: a display name or group name that would go on the wire).
   *
   * @throws IllegalArgumentException naming {@code what} and the index, never echoing the value
   */
  public static void requireText(String s, String what) {
    for (int i = 0; i < s.length(); ) {
      int c = s.codePointAt(i);
      if (!isTextCodePoint(c)) {
        throw new IllegalArgumentException(what + " contains character U+" + String.format("%04X", c)
            + " at index " + i);
      }
      i += Character.charCount(c);
    }
  }

  /** Whether {@link #requireText(String, String)} would accept the string. */
  public static boolean isText(String s) {
    return s.codePoints().allMatch(Chars::isTextCodePoint);
  }

  private static boolean isTextCodePoint(int c) {
    return c >= 0x20 && c != 0x7F && !(c >= 0x80 && c < 0xA0) && c != 0x2028 && c != 0x2029
        && !(c >= 0xD800 && c <= 0xDFFF);
  }

  /**
   * The index just after the comment (RFC 5322 §3.2.2: nested, with quoted pairs) that starts with the
   * {@code (} at {@code start}, or -1 if it is not terminated.
   */
  public static int commentEnd(CharSequence s, int start) {
    int depth = 0;
    for (int i = start; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\') {
        i++;
      } else if (c == '(') {
        depth++;
      } else if (c == ')' && --depth == 0) {
        return i + 1;
      }
    }
    return -1;
  }
}
