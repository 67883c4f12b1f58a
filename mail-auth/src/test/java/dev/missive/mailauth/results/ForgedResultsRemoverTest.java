package dev.missive.mailauth.results;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** RFC 8601 §5: fields claiming the local authserv-id are removed from incoming mail, nothing else is touched. */
class ForgedResultsRemoverTest {

  static final String HEADER = "Authentication-Results: mx.example.org; dkim=pass header.d=bank.example\r\n"
      + "Received: from a by b\r\n"
      + "authentication-results : (forged)\r\n\tMX.EXAMPLE.ORG;\r\n spf=pass smtp.mailfrom=bank.example\r\n"
      + "Authentication-Results: upstream.example.net; spf=fail\r\n"
      + "Authentication-Results: mx.example.org.evil.example; dkim=pass\r\n"
      + "X-Authentication-Results: mx.example.org; dkim=pass\r\n"
      + "From: a@bank.example\r\n"
      + "\r\n";
  static final String BODY = "Authentication-Results: mx.example.org; dkim=pass\r\n\r\nbody\r\n";

  static String filter(String message, int chunk) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] in = message.getBytes(StandardCharsets.ISO_8859_1);
    try (ForgedResultsRemover f = new ForgedResultsRemover(out, "mx.example.org")) {
      for (int i = 0; i < in.length; i += chunk) {
        f.write(in, i, Math.min(chunk, in.length - i));
      }
    }
    return out.toString(StandardCharsets.ISO_8859_1);
  }

  @Test
  void ourClaimsGoEverythingElseStaysByteForByte() throws IOException {
    String out = filter(HEADER + BODY, 1 << 20);
    assertThat(out).isEqualTo("Received: from a by b\r\n"
        + "Authentication-Results: upstream.example.net; spf=fail\r\n"
        + "Authentication-Results: mx.example.org.evil.example; dkim=pass\r\n"
        + "X-Authentication-Results: mx.example.org; dkim=pass\r\n"
        + "From: a@bank.example\r\n\r\n" + BODY);
  }

  @Property(tries = 100)
  void anyChunkingGivesTheSameOutput(@ForAll @IntRange(min = 1, max = 300) int chunk) throws IOException {
    assertThat(filter(HEADER + BODY, chunk)).isEqualTo(filter(HEADER + BODY, 1 << 20));
  }

  @Test
  void bareLineFeedsAndAHeaderWithoutBody() throws IOException {
    assertThat(filter("Authentication-Results: mx.example.org; none\nSubject: x\n\nbody\n", 3))
        .isEqualTo("Subject: x\n\nbody\n");
    assertThat(filter("Subject: x\r\nAuthentication-Results: mx.example.org; none", 5)).isEqualTo("Subject: x\r\n");
    assertThat(filter("", 1)).isEmpty();
  }

  @Test
  void longFieldsAreBoundedAndLongClaimsCannotHide() throws IOException {
    String comment = "(" + "x".repeat(3 * ForgedResultsRemover.MAX_HELD) + ")";
    // our id after a huge comment: undecidable within the held octets, removed
    String hidden = "Authentication-Results: " + comment + " mx.example.org; dkim=pass\r\n";
    // another id first, then a long tail: kept whole
    String theirs = "Authentication-Results: other.example; dkim=pass " + comment + "\r\n";
    String longSubject = "Subject: " + "y".repeat(3 * ForgedResultsRemover.MAX_HELD) + "\r\n";
    String out = filter(hidden + theirs + longSubject + "\r\nbody\r\n", 1000);
    assertThat(out).isEqualTo(theirs + longSubject + "\r\nbody\r\n");
  }

  @Test
  void removalIsCounted() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ForgedResultsRemover f = new ForgedResultsRemover(out, "mx.example.org");
    f.write((HEADER + BODY).getBytes(StandardCharsets.ISO_8859_1));
    f.close();
    assertThat(f.removed()).isEqualTo(2);
  }
}
