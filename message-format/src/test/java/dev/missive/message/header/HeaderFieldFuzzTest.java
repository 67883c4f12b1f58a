package dev.missive.message.header;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.missive.message.Defect;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Fuzz target for one header field (RFC 5322 §2.2, RFC 2047): {@link HeaderField#parse} of any octets keeps them
 * and gives unfolded and decoded values without an exception; {@link HeaderField#of} of any value either refuses it
 * with the documented {@link IllegalArgumentException} (a CR, LF, NUL, NEL, U+2028 or U+2029, or a word too long to
 * fold) or makes a field whose lines are CRLF-folded, at most 998 octets, printable ASCII, within the bound
 * {@link HeaderField#of} documents (name + {@value #FIELD_SLACK} + {@value #FIELD_GROWTH} per character of the
 * value), and which reads back as the value (white space around it dropped).
 */
class HeaderFieldFuzzTest {

  /** Octets per character of the value, the bound {@link HeaderField#of} documents (issue 12 item 5). */
  static final int FIELD_GROWTH = 78;
  /** Octets beyond the name and the value's share: the colon, a space and a fold. */
  static final int FIELD_SLACK = 5;

  @FuzzTest
  void parsesAnyFieldAndMakesAnyValue(FuzzedDataProvider data) {
    byte[] raw = data.consumeBytes(data.consumeInt(0, 2000));
    List<Defect> defects = new ArrayList<>();
    HeaderField parsed = HeaderField.parse(raw, defects);
    assertThat(parsed.raw()).isEqualTo(raw);
    parsed.unfoldedValue();
    parsed.decodedValue(defects);
    assertThat(parsed.toString()).isNotNull();

    String value = data.consumeRemainingAsString();
    if (forbidden(value)) {
      assertThatThrownBy(() -> HeaderField.of("Subject", value)).isInstanceOf(IllegalArgumentException.class);
      return;
    }
    HeaderField made;
    try {
      made = HeaderField.of("Subject", value);
    } catch (IllegalArgumentException e) {
      assertThat(e.getMessage()).as("only a word too long to fold is refused").contains("998");
      return;
    }
    byte[] out = made.raw();
    assertThat(out.length).isLessThanOrEqualTo("Subject".length() + FIELD_SLACK + FIELD_GROWTH * value.length());
    String text = new String(out, StandardCharsets.ISO_8859_1);
    for (String line : text.split("\r\n", -1)) {
      assertThat(line.length()).isLessThanOrEqualTo(998);
      assertThat(line.chars().allMatch(c -> c == '\t' || c >= 0x20 && c < 0x7f)).as("printable ASCII: %s", line)
          .isTrue();
    }
    List<Defect> backDefects = new ArrayList<>();
    HeaderField back = HeaderField.parse(out, backDefects);
    assertThat(backDefects).isEmpty();
    if (!EncodedWords.containsEncodedWord(value)) {
      assertThat(back.decodedValue()).isEqualTo(trimWsp(value));
    }
  }

  private static boolean forbidden(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\r' || c == '\n' || c == 0 || c == '\u0085' || c == '\u2028' || c == '\u2029') {
        return true;
      }
    }
    return false;
  }

  private static String trimWsp(String s) {
    int start = 0;
    int end = s.length();
    while (start < end && (s.charAt(start) == ' ' || s.charAt(start) == '\t')) {
      start++;
    }
    while (end > start && (s.charAt(end - 1) == ' ' || s.charAt(end - 1) == '\t')) {
      end--;
    }
    return s.substring(start, end);
  }
}
