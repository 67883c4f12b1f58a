package dev.missive.imap.internal.text;

import java.text.Normalizer;

/**
 * The {@code i;unicode-casemap} comparator of RFC 5051 §2, which IMAP SEARCH uses for substring matches (RFC 9051
 * §6.4.4): each character is mapped to its simple titlecase, then the text is decomposed (NFKD), and the
 * decomposition titlecased again (as Dovecot does, so a compatibility character decomposing to lower-case letters
 * compares like them): {@code "strasse"} equals {@code "STRASSE"}, {@code "\u00e9"} equals {@code "E\u0301"}, and the
 * ligature {@code "\ufb01le"} equals {@code "FILE"}.
 */
public final class Casemap {

  private Casemap() {}

  /**
   * The comparison key of a text.
   *
   * @param text the text
   * @return its casemapped, NFKD-decomposed form
   */
  public static String key(CharSequence text) {
    String decomposed = Normalizer.normalize(titlecase(text), Normalizer.Form.NFKD);
    return titlecase(decomposed);
  }

  private static String titlecase(CharSequence text) {
    StringBuilder sb = new StringBuilder(text.length());
    text.codePoints().forEach(cp -> sb.appendCodePoint(Character.toTitleCase(cp)));
    return sb.toString();
  }
}
