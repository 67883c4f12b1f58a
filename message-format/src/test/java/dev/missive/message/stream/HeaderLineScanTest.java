package dev.missive.message.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missive.message.Defect;
import dev.missive.message.header.HeaderField;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The header reader reads each line once for its LF, its octets above US-ASCII and the colon after the name (RFC 5322
 * §2.2, §3.6.8; RFC 6532): the fields it delivers must be exactly what {@link HeaderField#parse} makes of the same
 * octets — name, value, decoding and defects — wherever the octet above US-ASCII or the white space sits and however
 * the input is split.
 */
class HeaderLineScanTest {

  private static final int[] CHUNKS = {Integer.MAX_VALUE, 1, 3, 7, 8, 9};

  @Test
  void aNonUtf8OctetAnywhereInTheFieldIsFoundAsByAFreshParse() {
    String[] shapes = {"Subject: caf? au lait et croissant", "Subject: one\r\n two three ?",
        "Subject: one\r\n\ttwo?\r\n three four five six", "X-Long-Name-Of-Field: ?", "Subject:?"};
    for (String shape : shapes) {
      for (int at = shape.indexOf(':') + 1; at < shape.length(); at++) {
        if (shape.charAt(at) == '\r' || shape.charAt(at) == '\n' || shape.charAt(at - 1) == '\n') {
          continue;
        }
        byte[] field = shape.getBytes(StandardCharsets.ISO_8859_1);
        field[at] = (byte) 0xe9; // ISO-8859-1 e-acute alone: not UTF-8
        assertSameAsParse(field);
        field[at] = 'x';
        assertSameAsParse(field);
      }
    }
  }

  @Test
  void namesWithSpaceBeforeTheColonKeepTheirDefects() {
    for (String shape : new String[] {"Subject : hi", "Subject\t: hi", "Subject:", "S: x",
        "Subject: caf\u00c3\u00a9 UTF-8", "Subject : caf\u00e9"}) {
      assertSameAsParse(shape.getBytes(StandardCharsets.ISO_8859_1));
    }
  }

  @Test
  void randomFieldsMatchAFreshParse() {
    SplittableRandom rnd = new SplittableRandom(25);
    byte[] alphabet = "abcXYZ-:; \t=\"\u00e9\u00c3\u00a9\u00ff".getBytes(StandardCharsets.ISO_8859_1);
    for (int n = 0; n < 200; n++) {
      int len = 1 + rnd.nextInt(40);
      byte[] field = new byte[len + 2];
      field[0] = 'N';
      field[1] = ':';
      for (int i = 2; i < field.length; i++) {
        field[i] = alphabet[rnd.nextInt(alphabet.length)];
      }
      if (rnd.nextBoolean()) {
        int cut = 2 + rnd.nextInt(len);
        byte[] folded = new byte[field.length + 2];
        System.arraycopy(field, 0, folded, 0, cut);
        folded[cut] = '\r';
        folded[cut + 1] = '\n';
        System.arraycopy(field, cut, folded, cut + 2, field.length - cut);
        folded[cut + 2] = ' ';
        field = folded;
      }
      assertSameAsParse(field);
    }
  }

  /**
   * Parses "field CRLF CRLF body CRLF" with each chunk size and compares the one field, and the message's defects,
   * with a fresh parse of the field.
   */
  private static void assertSameAsParse(byte[] field) {
    List<Defect> expectedDefects = new ArrayList<>();
    HeaderField expected = HeaderField.parse(field, expectedDefects);
    byte[] message = new byte[field.length + 7];
    System.arraycopy(field, 0, message, 0, field.length);
    System.arraycopy("\r\n\r\nb\r\n".getBytes(StandardCharsets.US_ASCII), 0, message, field.length, 7);
    for (int chunk : CHUNKS) {
      List<HeaderField> fields = new ArrayList<>();
      List<Defect> defects = new ArrayList<>();
      parse(message, chunk, fields, defects);
      String why = new String(field, StandardCharsets.ISO_8859_1) + " in chunks of " + chunk;
      assertThat(fields).as(why).hasSize(1);
      HeaderField got = fields.get(0);
      assertThat(got.name()).as(why).isEqualTo(expected.name());
      assertThat(got.raw()).as(why).isEqualTo(expected.raw());
      assertThat(got.unfoldedValue()).as(why).isEqualTo(expected.unfoldedValue());
      assertThat(defects).as(why).containsExactlyElementsOf(expectedDefects);
    }
  }

  private static void parse(byte[] message, int chunk, List<HeaderField> fields, List<Defect> defects) {
    MessageStreamParser p = new MessageStreamParser();
    int offset = 0;
    while (!p.isFinished()) {
      MimeEvent e = p.next();
      if (e == null) {
        if (offset < message.length) {
          int n = Math.min(chunk, message.length - offset);
          ByteBuffer in = ByteBuffer.wrap(message, offset, n);
          p.feed(in);
          offset += n - in.remaining();
        } else {
          p.end();
        }
      } else if (e instanceof MimeEvent.HeaderFieldEvent h) {
        fields.add(h.field());
      } else if (e instanceof MimeEvent.DefectEvent d) {
        defects.add(d.defect());
      }
    }
  }
}
