package dev.missive.message.header;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.missive.message.Defect;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Fuzz target for RFC 2047 encoded words: {@link EncodedWords#decode} of any text never throws and never grows it
 * past {@link #DECODE_GROWTH} times (a word decodes to fewer characters than it has, except through a charset
 * that maps one octet to two UTF-16 units); {@link EncodedWords#encode} of any text a charset can encode gives
 * words of at most 75 characters (lines of at most 76 in the folded form), printable ASCII, that decode back to
 * the text, within the bounds {@link EncodedWords#encode} documents ({@value #WORDS_GROWTH} characters per
 * character, {@value #FOLDED_GROWTH} and 3 more when folded); text the charset cannot encode or does not read back
 * as written, and a charset that writes a byte-order mark (UTF-16), are refused with
 * {@link IllegalArgumentException}.
 */
class EncodedWordsFuzzTest {

  static final int DECODE_GROWTH = 2;
  /** The documented bound of the unfolded form: each word holds at least one character and is at most 75 long. */
  static final int WORDS_GROWTH = 76;
  /** The documented bound of the folded form: each word is followed by at most CRLF SP. */
  static final int FOLDED_GROWTH = 78;

  private static final Charset[] CHARSETS = {StandardCharsets.UTF_8, StandardCharsets.ISO_8859_1,
      StandardCharsets.US_ASCII, Charset.forName("ISO-2022-JP"), Charset.forName("Shift_JIS"),
      StandardCharsets.UTF_16};

  @FuzzTest
  void decodesAnyTextAndEncodesWhatACharsetCan(FuzzedDataProvider data) {
    Charset cs = data.pickValue(CHARSETS);
    int firstLineUsed = data.consumeInt(0, 80);
    String text = data.consumeRemainingAsString();

    List<Defect> defects = new ArrayList<>();
    String decoded = EncodedWords.decode(text, defects);
    assertThat(decoded.length()).isLessThanOrEqualTo(DECODE_GROWTH * text.length());

    String plain = text.replaceAll("[\r\n\u0000\u0085\u2028\u2029]", " ");
    String words;
    String folded;
    try {
      words = EncodedWords.encode(plain, cs);
      folded = EncodedWords.encode(plain, cs, firstLineUsed);
    } catch (IllegalArgumentException e) {
      assertThat(!cs.newEncoder().canEncode(plain) || cs.equals(StandardCharsets.UTF_16)
          || !new String(plain.getBytes(cs), cs).equals(plain))
          .as("refused only what %s cannot encode: %s", cs, e.getMessage()).isTrue();
      return;
    }
    assertThat(words.length()).isLessThanOrEqualTo(WORDS_GROWTH * plain.length());
    assertThat(folded.length()).isLessThanOrEqualTo(FOLDED_GROWTH * plain.length() + 3);
    for (String word : words.split(" ", -1)) {
      if (!plain.isEmpty()) {
        assertThat(word.length()).isBetween(1, EncodedWords.MAX_WORD_LENGTH);
      }
      assertThat(word.chars().allMatch(c -> c > 0x20 && c < 0x7f)).as("printable ASCII: %s", word).isTrue();
    }
    String[] lines = folded.split("\r\n", -1);
    for (int i = 0; i < lines.length; i++) {
      int used = i == 0 ? Math.min(firstLineUsed, EncodedWords.MAX_LINE_LENGTH) : 0;
      assertThat(used + lines[i].length()).isLessThanOrEqualTo(EncodedWords.MAX_LINE_LENGTH);
    }
    List<Defect> back = new ArrayList<>();
    assertThat(EncodedWords.decode(words, back)).isEqualTo(plain);
    String unfolded = folded.replace("\r\n", "");
    // a first line with no room starts with the fold, which unfolds to the space after the field's colon
    assertThat(EncodedWords.decode(unfolded.startsWith(" ") ? unfolded.substring(1) : unfolded, back))
        .isEqualTo(plain);
    assertThat(back).isEmpty();
  }
}
