package dev.missive.imap.internal.text;

/**
 * The octet classes of IMAP's grammar (RFC 9051 §9): {@code ATOM-CHAR}, {@code ASTRING-CHAR}, the tag's
 * characters, {@code list-char}, and the octets a quoted string carries unescaped.
 */
public final class CharClasses {

  /** Mask of {@code ATOM-CHAR}. */
  public static final int ATOM = 1;
  /** Mask of {@code ASTRING-CHAR}. */
  public static final int ASTRING = 2;
  /** Mask of the tag's characters. */
  public static final int TAG = 4;
  /** Mask of {@code list-char}. */
  public static final int LIST = 8;
  private static final int QUOTED = 16;
  private static final byte[] CLASS = new byte[256];

  static {
    for (int c = 0x21; c < 0x7F; c++) {
      boolean special = c == '(' || c == ')' || c == '{' || c == '%' || c == '*' || c == '"' || c == '\\'
          || c == ']';
      if (!special) {
        CLASS[c] |= (byte) (ATOM | ASTRING | LIST);
        if (c != '+') {
          CLASS[c] |= (byte) TAG;
        }
      }
    }
    CLASS[']'] |= (byte) (ASTRING | TAG | LIST);
    CLASS['%'] |= (byte) LIST;
    CLASS['*'] |= (byte) LIST;
    for (int c = 1; c < 0x80; c++) {
      if (c != '\r' && c != '\n' && c != '"' && c != '\\') {
        CLASS[c] |= (byte) QUOTED;
      }
    }
  }

  private CharClasses() {}

  /**
   * Whether octet {@code c} belongs to every class of {@code mask}.
   *
   * @param mask one of {@link #ATOM}, {@link #ASTRING}, {@link #TAG}, {@link #LIST}
   * @param c    the octet (0-255)
   * @return whether it belongs
   */
  public static boolean is(int mask, int c) {
    return (CLASS[c & 0xFF] & mask) == mask;
  }

  /**
   * Whether octet {@code c} may appear in an atom: printable US-ASCII except {@code ( ) % * " \ ]}, the open
   * brace and space.
   *
   * @param c the octet (0-255)
   * @return whether it is an ATOM-CHAR
   */
  public static boolean isAtomChar(int c) {
    return (CLASS[c & 0xFF] & ATOM) != 0;
  }

  /**
   * Whether octet {@code c} may appear in an astring's unquoted form (an ATOM-CHAR or {@code ]}).
   *
   * @param c the octet (0-255)
   * @return whether it is an ASTRING-CHAR
   */
  public static boolean isAstringChar(int c) {
    return (CLASS[c & 0xFF] & ASTRING) != 0;
  }

  /**
   * Whether octet {@code c} may appear in a tag (an ASTRING-CHAR other than {@code +}).
   *
   * @param c the octet (0-255)
   * @return whether it is a tag character
   */
  public static boolean isTagChar(int c) {
    return (CLASS[c & 0xFF] & TAG) != 0;
  }

  /**
   * Whether octet {@code c} may appear in a {@code list-mailbox}'s unquoted form (an ASTRING-CHAR or a wildcard).
   *
   * @param c the octet (0-255)
   * @return whether it is a list-char
   */
  public static boolean isListChar(int c) {
    return (CLASS[c & 0xFF] & LIST) != 0;
  }

  /**
   * Whether US-ASCII octet {@code c} may stand unescaped in a quoted string (a TEXT-CHAR other than {@code "} and
   * {@code \}); octets from 0x80 are UTF-8 and checked as such.
   *
   * @param c the octet (0-255)
   * @return whether it is a QUOTED-CHAR without escape
   */
  public static boolean isQuotedChar(int c) {
    return (CLASS[c & 0xFF] & QUOTED) != 0;
  }

  /**
   * Upper-cases US-ASCII letters only (locale-independent).
   *
   * @param s the text
   * @return the text with a-z mapped to A-Z
   */
  public static String upper(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= 'a' && c <= 'z') {
        char[] a = s.toCharArray();
        for (int j = i; j < a.length; j++) {
          if (a[j] >= 'a' && a[j] <= 'z') {
            a[j] -= 32;
          }
        }
        return new String(a);
      }
    }
    return s;
  }
}
