package dev.missive.message.address.internal;

import dev.missive.message.Defect;
import dev.missive.message.DefectKind;
import dev.missive.message.header.EncodedWords;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * RFC 2047 §5 (3) encoded words in a display-name phrase, delegating to the one RFC 2047 codec of the module
 * ({@link EncodedWords}). Encoded words are only ever decoded in phrases, never in an addr-spec or a quoted
 * string (RFC 2047 §5).
 */
public final class EncodedPhrase {

  private EncodedPhrase() {}

  /**
   * Decodes the encoded words of a run of atoms; if the decoded text holds a control character or line
   * separator (an encoded CR, LF or NUL), the run is kept as written and a defect recorded.
   */
  public static String decode(String atoms, List<Defect> defects) {
    String decoded = EncodedWords.decode(atoms, defects);
    if (Chars.isText(decoded)) {
      return decoded;
    }
    defects.add(new Defect(DefectKind.MALFORMED_ENCODED_WORD,
        "encoded word in a display name decodes to a control character; kept as written"));
    return atoms;
  }

  /** Whether the text holds something a decoder would read as an encoded word. */
  public static boolean looksEncoded(String text) {
    return text.contains("=?");
  }

  /** The text as RFC 2047 encoded words in UTF-8, safe in a phrase. */
  public static String encode(String text) {
    return EncodedWords.encode(text, StandardCharsets.UTF_8);
  }
}
