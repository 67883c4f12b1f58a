package dev.missive.message.builder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.missive.message.address.AddrSpec;
import dev.missive.message.address.ForwardPath;
import dev.missive.message.address.ReversePath;
import dev.missive.message.tree.Entity;
import dev.missive.message.tree.Message;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The builder with bodies from files and streams, written to an {@link OutputStream} (issue 17): what is built
 * from files parses back to the same octets; addresses from one string; Bcc only on the envelope.
 */
class StreamingBuilderTest {

  @TempDir
  Path dir;

  private static MessageBuilder builder() {
    return MessageBuilderTest.builder();
  }

  @Test
  void aMessageBuiltFromFilesParsesBackToTheFilesOctets() throws IOException {
    byte[] pdf = new byte[300_000];
    new SplittableRandom(1).nextBytes(pdf);
    Path report = Files.write(dir.resolve("r\u00e9sum\u00e9.pdf"), pdf);
    String notes = "Dear Ann,\nline with trailing space \nand = signs and caf\u00e9\r\n" + "x".repeat(2_000) + "\n";
    Path notesFile = Files.writeString(dir.resolve("notes.txt"), notes, StandardCharsets.UTF_8);
    Path html = Files.writeString(dir.resolve("notes.html"), "<p>Dear Ann,</p>\n", StandardCharsets.UTF_8);
    byte[] streamed = "octets from a stream\u0000\u00ff".getBytes(StandardCharsets.ISO_8859_1);

    Path message = dir.resolve("message.eml");
    try (OutputStream out = Files.newOutputStream(message)) {
      builder().from("Ann <ann@example.net>").to("Bob <bob@example.org>").subject("files")
          .body(Part.alternative(Part.text(notesFile, StandardCharsets.UTF_8),
              Part.html(html, StandardCharsets.UTF_8)))
          .attach(Part.attachment(report, "application/pdf"))
          .attach(Part.attachment("data.bin", "application/octet-stream", new ByteArrayInputStream(streamed)))
          .writeTo(out);
    }

    byte[] written = Files.readAllBytes(message);
    MessageBuilderTest.assertLinesCanonical(written);
    Message m = Message.parse(message);
    assertThat(m.allDefects()).isEmpty();
    assertThat(m.root().contentType().mimeType()).isEqualTo("multipart/mixed");
    assertThat(m.textBody().orElseThrow().text()).isEqualTo(notes.replace("\r\n", "\n").replace("\n", "\r\n"));
    assertThat(m.textBody().orElseThrow().transferEncoding()).isEqualTo("quoted-printable");
    assertThat(m.htmlBody().orElseThrow().text()).isEqualTo("<p>Dear Ann,</p>\r\n");
    Entity pdfPart = m.root().attachments().get(0);
    assertThat(pdfPart.filename()).contains("r\u00e9sum\u00e9.pdf");
    assertThat(pdfPart.decodedBody()).isEqualTo(pdf);
    assertThat(pdfPart.decodedBodyStream().readAllBytes()).isEqualTo(pdf);
    assertThat(m.root().attachments().get(1).decodedBody()).isEqualTo(streamed);
    assertThat(m.root().attachments()).hasSize(2);
  }

  @Test
  void writeToGivesTheOctetsBuildGives() throws IOException {
    Path file = Files.write(dir.resolve("a.bin"), new byte[] {1, 2, 3});
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    builder().from("a@example.org").body(Part.attachment(file, "application/octet-stream")).writeTo(out);
    assertThat(out.toByteArray())
        .isEqualTo(builder().from("a@example.org").body(Part.attachment(file, "application/octet-stream")).build());
  }

  @Test
  void aStreamIsWrittenOnceAndASecondWriteIsRefused() throws IOException {
    MessageBuilder b = builder().body(Part.attachment("x.bin", "application/octet-stream",
        new ByteArrayInputStream(new byte[] {42})));
    b.writeTo(new ByteArrayOutputStream());
    assertThatThrownBy(() -> b.writeTo(new ByteArrayOutputStream())).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("written once");
  }

  @Test
  void textFromAStreamHasEveryLineBreakAsCrlf() {
    Part text = new Part.TextContent("plain",
        Content.of(new ByteArrayInputStream("a\rb\nc\r\nd\r".getBytes(StandardCharsets.US_ASCII))),
        StandardCharsets.ISO_8859_1);
    Message m = Message.parse(builder().body(text).build());
    assertThat(m.root().contentType().charset()).contains("iso-8859-1");
    assertThat(m.root().text()).isEqualTo("a\r\nb\r\nc\r\nd\r\n");
  }

  @Test
  void aCharsetWhoseLineBreaksAreNotCrlfIsRefused() {
    assertThatThrownBy(() -> Part.text(dir, StandardCharsets.UTF_16)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Part.TextContent("plain", Content.of(new byte[0]), StandardCharsets.UTF_16))
        .hasMessageContaining("UTF-16").hasMessageContaining("RFC 2046 §4.1.2");
    assertThatThrownBy(() -> Content.of(dir.resolve("missing"))).hasMessageContaining("not a readable");
  }

  @Test
  void bccRecipientsAreOnTheEnvelopeAndNeverInTheHeader() {
    MessageBuilder b = builder().from("Ann <ann@example.net>").replyTo("Desk <desk@example.net>")
        .to("Bob <bob@example.org>").cc(null, "carol@example.org").bcc("Dave <dave@example.org>")
        .bcc("BOB@EXAMPLE.ORG").bcc(null, "bob@Example.org");
    String header = new String(b.build(), StandardCharsets.UTF_8);
    assertThat(header).contains("From: Ann <ann@example.net>\r\nReply-To: Desk <desk@example.net>\r\n"
        + "To: Bob <bob@example.org>\r\nCc: carol@example.org\r\n");
    assertThat(header).doesNotContainIgnoringCase("bcc").doesNotContain("dave");
    assertThat(b.envelopeSender()).isEqualTo(ReversePath.of(AddrSpec.of("ann", "example.net")));
    assertThat(b.envelopeRecipients()).containsExactly(ForwardPath.of(AddrSpec.of("bob", "example.org")),
        ForwardPath.of(AddrSpec.of("carol", "example.org")), ForwardPath.of(AddrSpec.of("dave", "example.org")),
        ForwardPath.of(AddrSpec.of("BOB", "EXAMPLE.ORG")));
    assertThatThrownBy(() -> builder().envelopeSender()).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void everyAddressMayBeOneMailboxStringAndABadOneIsNamed() {
    Message m = builder().from("\"Doe, Ann\" <ann@example.net>").to("=?utf-8?q?J=C3=BCrgen?= <j@example.org>")
        .buildMessage();
    assertThat(m.from()).extracting(x -> x.displayName().orElseThrow()).containsExactly("Doe, Ann");
    assertThat(m.to()).extracting(x -> x.displayName().orElseThrow()).containsExactly("J\u00fcrgen");
    assertThatThrownBy(() -> builder().to("Bob <bob@example.org")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expected '>'");
    assertThatThrownBy(() -> builder().cc("alice@example.org)<bob@example.com>"))
        .hasMessageStartingWith("not a mailbox");
    assertThatThrownBy(() -> builder().replyTo("a@example.org\r\nBcc: x@evil.test"))
        .hasMessageContaining("U+000D at index 13");
  }
}
