package dev.missive.message.header;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.missive.message.Defect;
import java.util.ArrayList;
import java.util.List;

/**
 * Fuzz target for Content-Type and Content-Disposition parameters (RFC 2045 §5.1, RFC 2183, RFC 2231):
 * {@link ContentType#parse}, {@link ContentDisposition#parse} and {@link Parameters#parse} of any text never throw
 * and what they read formats to text that reads back the same; parameters built from any names and values are
 * refused only as documented, and format to text that reads back to them; formatted text stays within the
 * documented bound of {@value #PARAMETER_GROWTH} characters per character of the type, subtype, names and values.
 */
class ParametersFuzzTest {

  /**
   * The bound {@code ContentType.format} and {@code ContentDisposition.format} document (issue 12 item 5: RFC 2231
   * sections repeating a long name made the output quadratic).
   */
  static final int PARAMETER_GROWTH = Parameters.MAX_FORMAT_EXPANSION;

  @FuzzTest
  void parsesAnyTextAndFormatsWhatItRead(FuzzedDataProvider data) {
    String text = data.consumeRemainingAsString();
    List<Defect> defects = new ArrayList<>();
    ContentType type = ContentType.parse(text, defects);
    String formatted = type.format();
    assertThat(formatted.length()).isLessThanOrEqualTo(PARAMETER_GROWTH * size(type.type(), type.subtype(),
        type.parameters()));
    assertThat(ContentType.parse(formatted, new ArrayList<>())).isEqualTo(type);

    ContentDisposition disposition = ContentDisposition.parse(text, defects);
    disposition.filename();
    String written = disposition.format();
    assertThat(written.length()).isLessThanOrEqualTo(PARAMETER_GROWTH * size(disposition.type(), "",
        disposition.parameters()));
    assertThat(ContentDisposition.parse(written, new ArrayList<>())).isEqualTo(disposition);

    Parameters.parse(text, defects);
  }

  @FuzzTest
  void formatsAnyParametersSoTheyReadBack(FuzzedDataProvider data) {
    ContentType built = ContentType.of("application", "x-fuzz");
    for (int n = data.consumeInt(0, 4); n > 0; n--) {
      String name = data.consumeString(100);
      String value = data.consumeString(2000);
      try {
        built = built.withParameter(name, value);
      } catch (IllegalArgumentException e) {
        assertThat(refused(name, value)).as("refused only as documented: %s", e.getMessage()).isTrue();
      }
    }
    boolean utf8 = data.consumeBoolean();
    String formatted = built.mimeType() + built.parameters().format(utf8);
    assertThat(formatted.length()).isLessThanOrEqualTo(PARAMETER_GROWTH * size("application", "x-fuzz",
        built.parameters()));
    List<Defect> defects = new ArrayList<>();
    assertThat(ContentType.parse(formatted, defects)).isEqualTo(built);
    assertThat(defects).isEmpty();
    if (!utf8) {
      HeaderField field = HeaderField.of("Content-Type", formatted);
      assertThat(ContentType.parse(field.unfoldedValue(), defects)).isEqualTo(built);
    }
  }

  /** Characters of the type, subtype, parameter names and values: what the formatters' bound counts. */
  private static int size(String type, String subtype, Parameters parameters) {
    int n = type.length() + subtype.length();
    for (String name : parameters.names()) {
      n += name.length() + parameters.get(name).orElseThrow().length();
    }
    return n;
  }

  private static boolean refused(String name, String value) {
    if (name.isEmpty()) {
      return true;
    }
    for (int i = 0; i < name.length(); i++) {
      if (!HeaderChars.isAttributeChar(name.charAt(i))) {
        return true;
      }
    }
    String both = name + value;
    for (int i = 0; i < both.length(); i++) {
      char c = both.charAt(i);
      if (c == '\r' || c == '\n' || c == 0 || c == '\u0085' || c == '\u2028' || c == '\u2029') {
        return true;
      }
    }
    return false;
  }
}
