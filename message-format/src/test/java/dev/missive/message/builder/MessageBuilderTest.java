package dev.missive.message.builder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.missive.message.tree.Entity;
import dev.missive.message.tree.Message;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MessageBuilderTest {

  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T12:00:00Z"), ZoneOffset.UTC);

  static MessageBuilder builder() {
    return new MessageBuilder().clock(CLOCK).random(new SplittableRandom(7));
  }

  static String str(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

  @Test
  void simpleTextMessageIsDeterministicGivenClockAndRandom() {
    byte[] a = builder().from("Alice", "alice@example.org").to(null, "bob@example.net").subject("Hi")
        .body(Part.text("Hello\nBob")).build();
    byte[] b = builder().from("Alice", "alice@example.org").to(null, "bob@example.net").subject("Hi")
        .body(Part.text("Hello\nBob")).build();
    assertThat(a).isEqualTo(b);
    String s = str(a);
    assertThat(s).startsWith("Date: Mon, 23 Nov 2026 12:00:00 +0000\r\nFrom: Alice <alice@example.org>\r\n"
        + "To: bob@example.net\r\nSubject: Hi\r\nMessage-ID: <");
    assertThat(s).contains("@example.org>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=us-ascii\r\n"
        + "Content-Transfer-Encoding: 7bit\r\n\r\nHello\r\nBob");
  }

  @Test
  void nonAsciiHeadersAreEncodedUnlessUtf8IsAsked() {
    byte[] encoded = builder().from("J\u00fcrgen", "j@example.org").subject("Gr\u00fc\u00dfe").build();
    assertThat(str(encoded)).contains("From: =?UTF-8?").contains("Subject: =?UTF-8?");
    assertThat(allAscii(encoded)).isTrue();
    Message m = Message.parse(encoded);
    assertThat(m.subject()).contains("Gr\u00fc\u00dfe");
    byte[] raw = builder().from("J\u00fcrgen", "j@example.org").subject("Gr\u00fc\u00dfe").utf8Headers(true).build();
    assertThat(str(raw)).contains("Subject: Gr\u00fc\u00dfe\r\n").contains("From: J\u00fcrgen <j@example.org>");
  }

  @Test
  void nonAsciiFilenamesAreRawUtf8InUtf8ModeAndRfc2231Otherwise() {
    Part attachment = Part.attachment("r\u00e9sum\u00e9.pdf", "application/pdf", new byte[] {1});
    byte[] raw = builder().subject("cv").body(attachment).utf8Headers(true).build();
    String text = new String(raw, java.nio.charset.StandardCharsets.UTF_8);
    assertThat(text).contains("filename=\"r\u00e9sum\u00e9.pdf\"").contains("name=\"r\u00e9sum\u00e9.pdf\"")
        .doesNotContain("filename*=").doesNotContain("UTF-8''");
    assertThat(Message.parse(raw).root().filename()).contains("r\u00e9sum\u00e9.pdf");
    byte[] encoded = builder().subject("cv").body(attachment).build();
    assertThat(str(encoded)).contains("filename*=utf-8''r%C3%A9sum%C3%A9.pdf");
    assertThat(allAscii(encoded)).isTrue();
    assertThat(Message.parse(encoded).root().filename()).contains("r\u00e9sum\u00e9.pdf");
  }

  @Test
  void mixedAlternativeRelatedAttachmentAndMessageReparse() {
    byte[] png = {(byte) 0x89, 'P', 'N', 'G', 0, 1, 2, 3};
    byte[] forwarded = builder().subject("fwd").body(Part.text("inner")).build();
    Part body = Part.mixed(
        Part.alternative(Part.text("plain caf\u00e9"),
            Part.related(Part.html("<img src=\"cid:logo@x\">"), Part.inlineImage("logo@x", "image/png", png))),
        Part.attachment("r\u00e9sum\u00e9.pdf", "application/pdf", new byte[] {1, 2, 3}),
        Part.message(forwarded));
    Message m = builder().subject("all").body(body).buildMessage();
    Entity root = m.root();
    assertThat(root.contentType().mimeType()).isEqualTo("multipart/mixed");
    Entity alt = root.parts().get(0);
    assertThat(alt.contentType().mimeType()).isEqualTo("multipart/alternative");
    assertThat(alt.parts().get(0).text()).isEqualTo("plain caf\u00e9");
    Entity related = alt.parts().get(1);
    assertThat(related.parts().get(1).decodedBody()).isEqualTo(png);
    assertThat(related.parts().get(1).header().get("Content-ID").get().unfoldedValue()).isEqualTo("<logo@x>");
    assertThat(root.parts().get(1).filename()).contains("r\u00e9sum\u00e9.pdf");
    assertThat(root.parts().get(1).decodedBody()).containsExactly(1, 2, 3);
    assertThat(root.parts().get(2).embeddedMessage().get().text()).isEqualTo("inner");
    assertThat(m.allDefects()).isEmpty();
  }

  @Test
  void longAndEightBitTextChoosesAnEncodingAndKeepsLinesShort() {
    String longLine = "word ".repeat(400);
    byte[] out = builder().body(Part.text(longLine + "\n\u00fcber")).build();
    assertLinesCanonical(out);
    assertThat(Message.parse(out).root().text()).isEqualTo(longLine + "\r\n\u00fcber");
  }

  @ParameterizedTest
  @ValueSource(strings = {"a\rb", "a\nb", "a\u0000b", "a\u2028b", "a\u2029b", "a\u0085b"})
  void lineBreaksAndNulInAnyHeaderValueAreRefused(String evil) {
    assertThatThrownBy(() -> builder().subject(evil)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("subject");
    assertThatThrownBy(() -> builder().from(evil, "a@example.org")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("display name");
    assertThatThrownBy(() -> builder().to(null, "a" + evil + "@example.org"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Part.attachment(evil, "text/plain", new byte[0]))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("filename");
    assertThatThrownBy(() -> Part.attachment("f", "text/" + evil, new byte[0]))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Part.inlineImage(evil, "image/png", new byte[0]))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> builder().field("X-Note", evil)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void longHeaderValuesAreFoldedTo78Octets() {
    String subject = "a fairly long subject made of many short words ".repeat(6).strip();
    byte[] out = builder().subject(subject).to("Somebody With A Long Name", "long.address@example.org")
        .to("Another Long Display Name", "another.address@example.org")
        .to("Third Long Display Name", "third.address@example.org").build();
    String header = str(out).substring(0, str(out).indexOf("\r\n\r\n"));
    assertThat(header.split("\r\n")).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(78));
    assertThat(Message.parse(out).subject()).contains(subject);
    assertThat(Message.parse(out).to()).hasSize(3);
  }

  @Test
  void displayNameCannotSmuggleASecondAddress() {
    byte[] out = builder().from("Eve <eve@evil.example>, Bob", "bob@example.org").build();
    assertThat(str(out)).contains("From: \"Eve <eve@evil.example>, Bob\" <bob@example.org>\r\n");
  }

  @Test
  void encapsulatedMessageMustBeCanonical() {
    assertThatThrownBy(() -> Part.message("Subject: x\n\nbare".getBytes(StandardCharsets.US_ASCII)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bare");
  }

  static boolean allAscii(byte[] b) {
    for (byte x : b) {
      if (x < 0) {
        return false;
      }
    }
    return true;
  }

  /** No bare CR or LF and no line over 998 octets (RFC 5322 §2.1.1, §2.3; docs/security.md, "Builder round trips"). */
  static void assertLinesCanonical(byte[] out) {
    int line = 0;
    for (int i = 0; i < out.length; i++) {
      if (out[i] == '\r') {
        assertThat(i + 1 < out.length && out[i + 1] == '\n').as("bare CR at " + i).isTrue();
        i++;
        line = 0;
      } else {
        assertThat(out[i]).as("bare LF at " + i).isNotEqualTo((byte) '\n');
        assertThat(++line).as("line length at " + i).isLessThanOrEqualTo(998);
      }
    }
  }
}
