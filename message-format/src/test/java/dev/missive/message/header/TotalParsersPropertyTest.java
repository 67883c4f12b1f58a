package dev.missive.message.header;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missive.message.Defect;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Peer input never makes an unchecked exception escape (docs/architecture.md, "Errors"): the header parsers are
 * total.
 */
class TotalParsersPropertyTest {

  @Property(tries = 200)
  void headerFieldParseIsTotal(@ForAll("hostileBytes") byte[] raw) {
    List<Defect> defects = new ArrayList<>();
    HeaderField f = HeaderField.parse(raw, defects);
    assertThat(f.raw()).isEqualTo(raw);
    f.unfoldedValue();
    f.decodedValue(defects);
    assertThat(f.toString()).isNotNull();
  }

  @Property(tries = 200)
  void valueParsersAreTotal(@ForAll("hostileText") String value) {
    List<Defect> defects = new ArrayList<>();
    ContentType t = ContentType.parse(value, defects);
    assertThat(ContentType.parse(t.format(), new ArrayList<>()).mimeType()).isEqualTo(t.mimeType());
    ContentDisposition d = ContentDisposition.parse(value, defects);
    d.filename();
    assertThat(d.format()).doesNotContain("\r").doesNotContain("\n");
    Parameters.parse(value, defects);
    EncodedWords.decode(value, defects);
    DateTimes.parseMessageDate(value, defects);
  }

  @Provide
  Arbitrary<byte[]> hostileBytes() {
    return Arbitraries.oneOf(
        Arbitraries.bytes().array(byte[].class).ofMaxSize(300),
        hostileText().map(s -> s.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
  }

  /** Text built from the pieces that steer the parsers, so that odd combinations are reached. */
  @Provide
  Arbitrary<String> hostileText() {
    Arbitrary<String> piece = Arbitraries.of("=?", "?=", "?", "=", "Q", "b", "utf-8", "*", "*0*", "*1", "'",
        "%", "%4", "%E2", ";", ":", "\"", "\\", "(", ")", " ", "\t", "\r\n ", "\n", "text/plain", "/",
        "name", "filename", "Fri,", "21", "Nov", "97", "09:55", "-0600", "GMT", "\u00e9", "\u4e2d", "\ud83d\ude00",
        "\ud800", "\u0000", "SGVsbG8=");
    return piece.list().ofMaxSize(40).map(l -> String.join("", l));
  }
}
