package dev.missive.message.header;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missive.message.Defect;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Written parameters re-parse to exactly what was built (RFC 2045 §5.1, RFC 2231; docs/security.md, "Header
 * injection through the builder"): whatever the values hold (quotes, backslashes, semicolons, non-ASCII, long text),
 * once folded into a header field.
 */
class ParametersPropertyTest {

  @Property(tries = 200)
  void contentTypeRoundTripsThroughAFoldedField(@ForAll("parameters") Map<String, String> params) {
    ContentType built = ContentType.of("application", "x-test");
    for (Map.Entry<String, String> e : params.entrySet()) {
      built = built.withParameter(e.getKey(), e.getValue());
    }
    HeaderField field = HeaderField.of("Content-Type", built.format());
    String raw = new String(field.raw(), StandardCharsets.ISO_8859_1);
    for (String line : raw.split("\r\n", -1)) {
      assertThat(line.length()).isLessThanOrEqualTo(998);
      assertThat(line.chars().allMatch(c -> c >= 0x20 && c < 0x7f || c == '\t')).isTrue();
    }
    List<Defect> defects = new ArrayList<>();
    ContentType back = ContentType.parse(HeaderField.parse(field.raw(), defects).unfoldedValue(), defects);
    assertThat(defects).isEmpty();
    assertThat(back).isEqualTo(built);
  }

  @Property(tries = 200)
  void dispositionFilenamesRoundTrip(@ForAll("values") String filename) {
    ContentDisposition built = ContentDisposition.attachment(filename);
    HeaderField field = HeaderField.of("Content-Disposition", built.format());
    List<Defect> defects = new ArrayList<>();
    ContentDisposition back = ContentDisposition.parse(field.unfoldedValue(), defects);
    assertThat(defects).isEmpty();
    if (!EncodedWords.containsEncodedWord(filename)) {
      assertThat(back.filename()).contains(filename);
    }
    assertThat(back.parameters().get("filename")).contains(filename);
  }

  @Provide
  Arbitrary<Map<String, String>> parameters() {
    Arbitrary<String> names = Arbitraries.strings().withCharRange('a', 'z').withChars('-', '_', '.', '0')
        .ofMinLength(1).ofMaxLength(20);
    return Arbitraries.maps(names, values()).ofMaxSize(5);
  }

  @Provide
  Arbitrary<String> values() {
    return Arbitraries.oneOf(
        Arbitraries.strings().withCharRange('a', 'z').ofMaxLength(10),
        Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(200),
        Arbitraries.strings().all().ofMaxLength(60).map(TestText::writable),
        Arbitraries.strings().withCharRange('\u00c0', '\u024f').withChars(' ', '"', ';').ofMaxLength(120));
  }
}
