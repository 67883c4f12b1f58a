package dev.missive.message.header;

/**
 * Folds a header field the caller created (RFC 5322 §2.2.3): CRLF is inserted only before existing white space,
 * so unfolding restores the value exactly, and no folded line is white space alone.
 */
final class Folding {

  /** The line length Missive folds at: the RFC 2047 §2 limit, below the RFC 5322 §2.1.1 78. */
  static final int LINE_LIMIT = 76;
  /** The hard limit of RFC 5322 §2.1.1, in octets, without the CRLF. */
  static final int HARD_LIMIT = 998;

  private Folding() {
  }

  /**
   * Folds {@code value} that follows {@code used} characters on the first line.
   *
   * @return the value with CRLF inserted before white space where a line would pass {@link #LINE_LIMIT}
   */
  static String fold(String value, int used) {
    if (used + value.length() <= LINE_LIMIT) {
      return value;
    }
    StringBuilder out = new StringBuilder(value.length() + value.length() / 32 + 4);
    int lineLength = used;
    int i = 0;
    while (i < value.length()) {
      int end = segmentEnd(value, i);
      int segment = end - i;
      boolean breakable = i > 0 && HeaderChars.isWsp(value.charAt(i)) && end > i && !isAllWsp(value, i, end);
      if (breakable && lineLength + segment > LINE_LIMIT && lineLength > 0) {
        out.append("\r\n");
        lineLength = 0;
      }
      out.append(value, i, end);
      lineLength += segment;
      i = end;
    }
    return out.toString();
  }

  /** A segment is a run of white space followed by a run of other characters. */
  private static int segmentEnd(String s, int from) {
    int i = from;
    while (i < s.length() && HeaderChars.isWsp(s.charAt(i))) {
      i++;
    }
    while (i < s.length() && !HeaderChars.isWsp(s.charAt(i))) {
      i++;
    }
    return i;
  }

  private static boolean isAllWsp(String s, int from, int to) {
    for (int i = from; i < to; i++) {
      if (!HeaderChars.isWsp(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /** Throws if a line of the folded field (octets, CRLF excluded) is longer than RFC 5322 §2.1.1 allows. */
  static void checkHardLimit(byte[] field) {
    int lineStart = 0;
    for (int i = 0; i <= field.length; i++) {
      if (i == field.length || field[i] == '\r') {
        if (i - lineStart > HARD_LIMIT) {
          throw new IllegalArgumentException(
              "header field has an unbreakable line of " + (i - lineStart) + " octets (RFC 5322 §2.1.1 allows 998)");
        }
        lineStart = i + 2;
      }
    }
  }
}
