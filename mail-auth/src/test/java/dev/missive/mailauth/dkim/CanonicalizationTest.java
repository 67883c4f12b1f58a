package dev.missive.mailauth.dkim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missive.mailauth.internal.BodyHasher;
import dev.missive.mailauth.internal.HeaderCanonicalizer;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** RFC 6376 §3.4 canonicalization, with §3.4.5's example. */
class CanonicalizationTest {

  static String header(boolean relaxed, String raw) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] b = raw.getBytes(StandardCharsets.ISO_8859_1);
    HeaderCanonicalizer.append(relaxed, b, b.length, true, out);
    return out.toString(StandardCharsets.ISO_8859_1);
  }

  static String bodyHash(boolean relaxed, String body) {
    BodyHasher h = new BodyHasher(relaxed, -1);
    byte[] b = body.getBytes(StandardCharsets.ISO_8859_1);
    h.update(b, 0, b.length);
    return Base64.getEncoder().encodeToString(h.finish());
  }

  static String sha(String canonical) {
    return Base64.getEncoder().encodeToString(
        BodyHasher.sha256().digest(canonical.getBytes(StandardCharsets.ISO_8859_1)));
  }

  @Test
  void section345Headers() {
    assertThat(header(true, "A: X")).isEqualTo("a:X\r\n");
    assertThat(header(true, "B : Y\t\r\n\tZ  ")).isEqualTo("b:Y Z\r\n");
    assertThat(header(false, "A: X")).isEqualTo("A: X\r\n");
    assertThat(header(false, "B : Y\t\r\n\tZ  ")).isEqualTo("B : Y\t\r\n\tZ  \r\n");
  }

  @Test
  void section345Body() {
    String body = " C \r\nD \t E\r\n\r\n\r\n";
    assertThat(bodyHash(true, body)).isEqualTo(sha(" C\r\nD E\r\n"));
    assertThat(bodyHash(false, body)).isEqualTo(sha(" C \r\nD \t E\r\n"));
  }

  @Test
  void emptyBodies() {
    // §3.4.3: an empty body is one CRLF under simple; §3.4.4: nothing under relaxed
    assertThat(bodyHash(false, "")).isEqualTo(sha("\r\n"));
    assertThat(bodyHash(false, "\r\n\r\n")).isEqualTo(sha("\r\n"));
    assertThat(bodyHash(true, "")).isEqualTo(sha(""));
    assertThat(bodyHash(true, " \t\r\n\r\n")).isEqualTo(sha(""));
  }

  @Test
  void missingFinalLineEndIsAddedAndBareLfIsALineEnd() {
    assertThat(bodyHash(false, "a")).isEqualTo(sha("a\r\n"));
    assertThat(bodyHash(true, "a  ")).isEqualTo(sha("a\r\n"));
    assertThat(bodyHash(false, "a\nb\n\n")).isEqualTo(sha("a\r\nb\r\n"));
    assertThat(bodyHash(false, "a\rb\r")).isEqualTo(sha("a\rb\r\r\n"));
  }

  @Test
  void lengthLimitHashesOnlyThePrefix() {
    BodyHasher h = new BodyHasher(false, 3);
    byte[] b = "abcdef\r\n".getBytes(StandardCharsets.US_ASCII);
    h.update(b, 0, b.length);
    assertThat(Base64.getEncoder().encodeToString(h.finish())).isEqualTo(sha("abc"));
    assertThat(h.canonicalLength()).isEqualTo(8);
  }

  /** The hash does not depend on how the body is split into chunks. */
  @Property(tries = 200)
  void chunkingIndependent(@ForAll @Size(max = 200) byte[] raw, @ForAll boolean relaxed,
                           @ForAll @Size(min = 1, max = 8) int[] cuts) {
    byte[] body = new byte[raw.length];
    for (int i = 0; i < raw.length; i++) {
      body[i] = (byte) " \t\r\nab".charAt(Math.floorMod(raw[i], 6));
    }
    BodyHasher whole = new BodyHasher(relaxed, -1);
    whole.update(body, 0, body.length);
    BodyHasher split = new BodyHasher(relaxed, -1);
    int at = 0;
    for (int c : cuts) {
      int n = Math.min(body.length - at, Math.floorMod(c, 17));
      split.update(body, at, n);
      at += n;
    }
    split.update(body, at, body.length - at);
    assertThat(split.finish()).isEqualTo(whole.finish());
  }
}
