package dev.missive.smtp.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missive.smtp.Envelope;
import dev.missive.smtp.Reply;
import dev.missive.smtp.SmtpExtension;
import dev.missive.smtp.client.internal.ReplyReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** Reply parsing (RFC 5321 §4.2, RFC 2034 §4, RFC 3463) and EHLO capabilities (RFC 5321 §4.1.1.1). */
class ReplyParsingTest {

  private static List<Reply> read(ReplyReader reader, String text) {
    ByteBuffer in = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
    List<Reply> replies = new ArrayList<>();
    for (Reply r; (r = reader.next(in)) != null; ) {
      replies.add(r);
    }
    return replies;
  }

  private static ReplyReader reader() {
    return new ReplyReader(512, 100, 64 * 1024);
  }

  @Test
  void multiLineReplyWithEnhancedCodeOnEveryLine() {
    List<Reply> replies = read(reader(), "550-5.1.1 No such user\r\n550 5.1.1 Try again later\r\n");
    assertThat(replies).singleElement().satisfies(r -> {
      assertThat(r.code()).isEqualTo(550);
      assertThat(r.status().orElseThrow()).hasToString("5.1.1");
      assertThat(r.lines()).containsExactly("No such user", "Try again later");
    });
  }

  @Test
  void enhancedCodeOfAnotherClassStaysInTheText() {
    assertThat(read(reader(), "250 5.1.1 odd\r\n")).singleElement().satisfies(r -> {
      assertThat(r.status()).isEmpty();
      assertThat(r.lines()).containsExactly("5.1.1 odd");
    });
  }

  @Test
  void intermediateRepliesNeverCarryAnEnhancedCode() {
    assertThat(read(reader(), "334 3.0.0\r\n")).singleElement().satisfies(r -> {
      assertThat(r.status()).isEmpty();
      assertThat(r.lines()).containsExactly("3.0.0");
    });
  }

  @Test
  void codeAloneAndUtf8TextAndNul() {
    assertThat(read(reader(), "250\r\n220 Grüße\0!\r\n")).satisfiesExactly(
        r -> assertThat(r.lines()).containsExactly(""),
        r -> assertThat(r.lines()).containsExactly("Grüße\uFFFD!"));
  }

  @Test
  void errorIsSticky() {
    ReplyReader reader = reader();
    assertThat(read(reader, "2x0 bad\r\n250 fine\r\n")).isEmpty();
    assertThat(reader.error()).contains("reply code");
    assertThat(read(reader, "250 fine\r\n")).isEmpty();
  }

  @Test
  void capabilitiesFromAnEhloReply() {
    Reply ehlo = new Reply(250, java.util.Optional.empty(), List.of("mx.example greets client", "PIPELINING",
        "size 35882577", "AUTH PLAIN login XOAUTH2", "8BITMIME", "X-EXPERIMENTAL a b", "bad_keyword", "-DASH",
        "", "SMTPUTF8"));
    EhloCapabilities caps = EhloCapabilities.parse(ehlo);
    assertThat(caps.domain()).isEqualTo("mx.example");
    assertThat(caps.keywords()).containsOnlyKeys("PIPELINING", "SIZE", "AUTH", "8BITMIME", "X-EXPERIMENTAL",
        "SMTPUTF8");
    assertThat(caps.has(SmtpExtension.EIGHT_BIT_MIME)).isTrue();
    assertThat(caps.maxSize()).hasValue(35882577L);
    assertThat(caps.authMechanisms()).containsExactly("PLAIN", "LOGIN", "XOAUTH2");
    assertThat(caps.parameters("x-experimental")).containsExactly("a", "b");
  }

  @Test
  void sizeWithoutALimit() {
    for (String size : List.of("SIZE", "SIZE 0", "SIZE x", "SIZE ٣", "SIZE 99999999999999999999")) {
      Reply ehlo = new Reply(250, java.util.Optional.empty(), List.of("mx", size));
      assertThat(EhloCapabilities.parse(ehlo).maxSize()).as(size).isEmpty();
    }
  }

  // ---- properties: total and independent of how the bytes are split -------------------------------------------

  @Provide
  Arbitrary<String> serverNoise() {
    return Arbitraries.strings().withChars("0123456789 -\r\n.aZ\0\u00e9").ofMaxLength(300);
  }

  @Property(tries = 200)
  void readerIsTotalAndSplitIndependent(@ForAll("serverNoise") String noise, @ForAll long seed) {
    byte[] bytes = noise.getBytes(StandardCharsets.UTF_8);
    ReplyReader whole = new ReplyReader(512, 5, 2048);
    List<Reply> expected = read(whole, noise);
    ReplyReader split = new ReplyReader(512, 5, 2048);
    java.util.Random random = new java.util.Random(seed);
    List<Reply> actual = new ArrayList<>();
    int at = 0;
    while (at < bytes.length) {
      int n = 1 + random.nextInt(Math.min(8, bytes.length - at));
      ByteBuffer piece = ByteBuffer.wrap(bytes, at, n);
      for (Reply r; (r = split.next(piece)) != null; ) {
        actual.add(r);
      }
      at += n;
    }
    assertThat(actual).isEqualTo(expected);
    assertThat(split.error()).isEqualTo(whole.error());
  }

  @Property(tries = 200)
  void engineNeverThrowsOnServerNoise(@ForAll("serverNoise") String noise) {
    Wire w = new Wire(SmtpClientConfig.builder().ehloName("client.example")
        .authentication(() -> dev.missive.sasl.SaslClientMechanisms.login("u", "p"))
        .plaintextAuthAllowed(true).build());
    w.client.send(Envelope.of("a@example.org", "b@example.org"));
    w.server("220 mx.example\r\n250-mx.example\r\n250-PIPELINING\r\n250 AUTH LOGIN\r\n");
    if (!w.client.isClosed()) {
      w.server(noise);
    }
    w.output();
    w.events();
    assertThat(w.client.state()).isNotNull();
  }
}
