package dev.missive.message.header;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missive.message.Defect;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The plain-form readers of Content-Type (RFC 2045 §5.1) and Content-Transfer-Encoding (§6.1) take a value only when
 * the general readers give the same answer without a defect; everything else they leave to them.
 */
class PlainValuesTest {

  @Test
  void thePlainFormsAreReadAsTheGeneralReaderReadsThem() {
    String[] plain = {"text/plain", "text/plain; charset=us-ascii", " TEXT/Plain ;charset=\"UTF-8\" ",
        "multipart/mixed;\r\n boundary=\"=_a b;c\"", "text/html; charset=utf-8;", "a/b;;c=d", "a/b; c = d",
        "application/octet-stream; name=\"\"", "text/plain; A=1; b=2; c=3; d=4; e=5; f=6; g=7; h=8"};
    for (String value : plain) {
      assertThat(PlainValues.contentType(field(value), 0)).as(value).isNotNull();
      assertSameAsGeneral(value);
    }
  }

  @Test
  void everythingElseIsLeftToTheGeneralReader() {
    String[] other = {"text", "text/", "/plain", "text /plain", "text/plain (comment)", "text/plain; a=\"x\\\"y\"",
        "text/plain; a=\"unterminated", "text/plain; name*=utf-8''x", "text/plain; a=1; A=2", "text/plain; a=",
        "text/plain; a", "text/plain a=b", "text/plain; a=\"b\"c", "text/pl\u00e9in", "text/plain; a=\"\u00e9\"",
        "text/plain; a=\"x\r\n y\"", "text/plain; a=1; b=2; c=3; d=4; e=5; f=6; g=7; h=8; i=9", "text/plain; =x"};
    for (String value : other) {
      assertThat(PlainValues.contentType(field(value), 0)).as(value).isNull();
    }
  }

  @Test
  void randomValuesGiveTheGeneralReadersAnswerOrNone() {
    SplittableRandom rnd = new SplittableRandom(2045);
    String[] pieces = {"text", "/", "plain", ";", " ", "\t", "\r\n ", "=", "\"", "a", "B", "*", "(", ")", "\\", "\u00e9",
        ",", "charset", "us-ascii", "x=y", "'", "%"};
    int taken = 0;
    for (int n = 0; n < 3000; n++) {
      StringBuilder b = new StringBuilder(rnd.nextBoolean() ? "text/plain" : "");
      for (int k = rnd.nextInt(12); k > 0; k--) {
        b.append(pieces[rnd.nextInt(pieces.length)]);
      }
      if (PlainValues.contentType(field(b.toString()), 0) != null) {
        taken++;
      }
      assertSameAsGeneral(b.toString());
    }
    assertThat(taken).as("plain values among the random ones").isGreaterThan(100);
  }

  @Test
  void theFiveTransferEncodingsInAnyCaseAndNothingElse() {
    for (String name : new String[] {"7bit", "8bit", "binary", "base64", "quoted-printable"}) {
      for (String written : new String[] {name, name.toUpperCase(Locale.ROOT), " " + name + " \t", "\r\n " + name}) {
        assertThat(PlainValues.transferEncoding(field(written), 0)).as(written).isEqualTo(name);
      }
    }
    for (String other : new String[] {"x-uuencode", "base 64", "base64x", "", "7b\u00e9t", "bASE6", "quoted-\r\n printable"}) {
      assertThat(PlainValues.transferEncoding(field(other), 0)).as(other).isNull();
    }
  }

  private static void assertSameAsGeneral(String value) {
    ContentType plain = PlainValues.contentType(field(value), 0);
    if (plain == null) {
      return;
    }
    List<Defect> defects = new ArrayList<>();
    ContentType general = ContentType.parse(unfolded(value), defects);
    assertThat(defects).as(value).isEmpty();
    assertThat(plain).as(value).isEqualTo(general);
    assertThat(plain.type()).as(value).isEqualTo(general.type());
    assertThat(plain.parameters().names()).as(value).isEqualTo(general.parameters().names());
  }

  /** The value as a field's octets after its colon (UTF-8, RFC 6532). */
  private static byte[] field(String value) {
    return value.getBytes(StandardCharsets.UTF_8);
  }

  /** What {@link HeaderField#unfoldedValue()} makes of the value. */
  private static String unfolded(String value) {
    return HeaderField.parse(("Content-Type:" + value).getBytes(StandardCharsets.UTF_8), new ArrayList<>())
        .unfoldedValue();
  }
}
