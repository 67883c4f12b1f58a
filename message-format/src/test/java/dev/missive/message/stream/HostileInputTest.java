package dev.missive.message.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missive.message.DefectKind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Hostile input in a JVM with a 64 MiB heap (the {@code hostile} surefire execution): each message is generated
 * while it is read, is far larger than what the parser may hold, and ends in its documented limit
 * (docs/security.md, "Deep and wide MIME trees" and "Huge header sections").
 */
@Tag("hostile")
class HostileInputTest {

  @Test
  void hundredThousandNestedMultipartsStopAtDepth100() throws IOException {
    int levels = 100_000;
    GeneratedInputStream in = new GeneratedInputStream(levels + 1, i -> i == levels ? bytes("end\r\n")
        : bytes("Content-Type: multipart/mixed; boundary=b" + i + "\r\n\r\n--b" + i + "\r\n"));
    EventCounts c = EventCounts.read(in, ParserOptions.DEFAULT);
    assertThat(c.ended).isTrue();
    assertThat(c.maxDepth).isEqualTo(MessageLimits.DEFAULT.maxDepth());
    assertThat(c.defects(DefectKind.LIMIT_EXCEEDED)).isEqualTo(1);
    assertThat(c.defects(DefectKind.MISSING_CLOSING_BOUNDARY)).isEqualTo(100);
  }

  @Test
  void fiftyMebibyteHeaderLineIsSkipped() throws IOException {
    int mib = 50;
    String kib = "a".repeat(1024);
    GeneratedInputStream in = new GeneratedInputStream(mib * 1024 + 2, i -> i == 0 ? bytes("Subject: ")
        : i == mib * 1024 + 1 ? bytes("\r\nFrom: x@example.org\r\n\r\nbody") : bytes(kib));
    EventCounts c = EventCounts.read(in, ParserOptions.DEFAULT);
    // the field is longer than maxFieldLength, and the block than maxHeaderBlockSize: the next field goes too
    assertThat(c.defects(DefectKind.LIMIT_EXCEEDED)).isEqualTo(2);
    assertThat(c.fields).isZero();
    assertThat(c.bodyBytes).isEqualTo(4);
  }

  @Test
  void twentyMebibyteFoldedFieldIsSkipped() throws IOException {
    GeneratedInputStream in = GeneratedInputStream.repeat("To: a@example.org,\r\n", " b@example.org,\r\n",
        20L * 1024 * 1024 / 17, "Subject: ok\r\n\r\nbody");
    EventCounts c = EventCounts.read(in, ParserOptions.DEFAULT);
    // the field is longer than maxFieldLength, and the block than maxHeaderBlockSize: the next field goes too
    assertThat(c.defects(DefectKind.LIMIT_EXCEEDED)).isEqualTo(2);
    assertThat(c.fields).isZero();
    assertThat(c.bodyBytes).isEqualTo(4);
  }

  @Test
  void hundredThousandFieldsStopAtTheFieldLimit() throws IOException {
    GeneratedInputStream in = GeneratedInputStream.repeat("", "To: a@example.org\r\n", 100_000, "\r\nbody");
    EventCounts c = EventCounts.read(in, ParserOptions.DEFAULT);
    assertThat(c.fields).isEqualTo(MessageLimits.DEFAULT.maxFieldCount());
    assertThat(c.defects(DefectKind.LIMIT_EXCEEDED)).isEqualTo(1);
    assertThat(c.bodyBytes).isEqualTo(4);
  }

  @Test
  void millionPartsStopAtThePartLimit() throws IOException {
    GeneratedInputStream in = GeneratedInputStream.repeat("Content-Type: multipart/mixed; boundary=b\r\n\r\n",
        "--b\r\n\r\n", 1_000_000, "--b--\r\n");
    EventCounts c = EventCounts.read(in, ParserOptions.DEFAULT);
    assertThat(c.ended).isTrue();
    assertThat(c.parts).isEqualTo(MessageLimits.DEFAULT.maxParts());
    assertThat(c.defects(DefectKind.LIMIT_EXCEEDED)).isEqualTo(1);
  }

  @Test
  void garbageBase64IsDecodedWithBoundedDefects() throws IOException {
    SplittableRandom r = new SplittableRandom(42);
    GeneratedInputStream in = new GeneratedInputStream(20 * 1024 + 1, i -> {
      if (i == 0) {
        return bytes("Content-Transfer-Encoding: base64\r\n\r\n");
      }
      byte[] junk = new byte[1024];
      r.nextBytes(junk);
      return junk;
    });
    EventCounts c = EventCounts.read(in, ParserOptions.DEFAULT.withBodyMode(BodyMode.DECODED));
    assertThat(c.ended).isTrue();
    assertThat(c.defects(DefectKind.INVALID_BASE64)).isBetween(1, 64);
    assertThat(c.bodyBytes).isPositive();
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }
}
