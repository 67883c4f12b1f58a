package dev.missive.message.header;

/** Test helper: turns random text into text a caller may legally hand to the writers. */
final class TestText {

  private TestText() {
  }

  /** Drops CR, LF, NUL, NEL, U+2028/U+2029 and unpaired surrogates (which no charset can encode). */
  static String writable(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean paired = Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))
          || Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
      if (!HeaderChars.isForbiddenInValue(c) && (!Character.isSurrogate(c) || paired)) {
        b.append(c);
      }
    }
    return b.toString();
  }
}
