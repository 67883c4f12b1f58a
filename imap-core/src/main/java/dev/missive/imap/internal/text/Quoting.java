package dev.missive.imap.internal.text;

/**
 * Chooses the written form of short US-ASCII values that can always be quoted (header field names, charset
 * names): an atom when every character is an ASTRING-CHAR, else a quoted string with {@code "} and {@code \}
 * escaped (RFC 9051 §4.3). Values that may hold CR, LF, NUL or 8-bit text go through the writers, which fall back
 * to literals.
 */
public final class Quoting {

  private Quoting() {}

  /**
   * The astring form of {@code s}, which must be printable US-ASCII or space.
   *
   * @param s the value
   * @return an atom or a quoted string
   */
  public static String astring(String s) {
    boolean atom = !s.isEmpty();
    for (int i = 0; i < s.length() && atom; i++) {
      atom = s.charAt(i) < 0x80 && CharClasses.isAstringChar(s.charAt(i));
    }
    if (atom && !s.equalsIgnoreCase("NIL")) {
      return s;
    }
    return quoted(s);
  }

  /**
   * The quoted form of {@code s}, which must hold no CR, LF or NUL.
   *
   * @param s the value
   * @return the quoted string
   */
  public static String quoted(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\r' || c == '\n' || c == 0) {
        throw new IllegalArgumentException("CR, LF and NUL cannot be quoted");
      }
      if (c == '"' || c == '\\') {
        sb.append('\\');
      }
      sb.append(c);
    }
    return sb.append('"').toString();
  }
}
