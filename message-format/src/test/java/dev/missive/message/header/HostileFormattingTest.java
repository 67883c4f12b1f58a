package dev.missive.message.header;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.missive.message.Defect;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The writers and the parameter parser with inputs of the sizes in a JVM with a 64 MiB heap (the
 * {@code hostile} surefire execution): a 28 KB parameter ran a 512 MB heap out of memory in
 * {@code Rfc2231.appendEncoded}, and a run of many encoded words or parameters took quadratic time (issue 12
 * item 5).
 */
@Tag("hostile")
class HostileFormattingTest {

  @Test
  void twentyEightKilobytesOfParameterTextFormatWithinTheBoundOrAreRefusedClearly() {
    String name = "n".repeat(14 * 1024);
    String value = "\u00e9".repeat(14 * 1024);
    ContentType type = ContentType.of("application", "x").withParameter(name, value);
    String formatted = type.format();
    assertThat(formatted.length()).isLessThanOrEqualTo(Parameters.MAX_FORMAT_EXPANSION * 28 * 1024 + 64);
    // a section repeating a 14 K name cannot fit a line of 998 octets: the field is refused, not truncated
    assertThatThrownBy(() -> HeaderField.of("Content-Type", formatted))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("998");
  }

  @Test
  void aTwentyEightKilobyteNonAsciiFilenameIsWrittenAndReadBack() {
    String filename = "\u00e9t\u00e9 ".repeat(7 * 1024);
    HeaderField field = HeaderField.of("Content-Disposition", ContentDisposition.attachment(filename).format());
    List<Defect> defects = new ArrayList<>();
    ContentDisposition back = ContentDisposition.parse(HeaderField.parse(field.raw(), defects).unfoldedValue(),
        defects);
    assertThat(back.filename()).contains(filename);
    assertThat(defects).isEmpty();
  }

  @Test
  void aQuarterMebibyteOfNonAsciiWordsBecomesOneRunOfEncodedWords() {
    String text = "\u00e9 ".repeat(128 * 1024).trim();
    HeaderField field = HeaderField.of("Subject", text);
    assertThat(field.rawLength()).isLessThanOrEqualTo(12 + 78 * text.length());
    assertThat(HeaderField.parse(field.raw(), new ArrayList<>()).decodedValue()).isEqualTo(text);
  }

  @Test
  void aMebibyteOfDistinctParametersParses() {
    StringBuilder b = new StringBuilder("application/x");
    int count = 0;
    while (b.length() < 1 << 20) {
      b.append("; p").append(count++).append("=v");
    }
    List<Defect> defects = new ArrayList<>();
    ContentType type = ContentType.parse(b.toString(), defects);
    assertThat(type.parameters().size()).isEqualTo(count);
    assertThat(type.parameter("p" + (count - 1))).contains("v");
    assertThat(defects).isEmpty();
  }
}
