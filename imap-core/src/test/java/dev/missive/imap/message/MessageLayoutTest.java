package dev.missive.imap.message;

import static dev.missive.imap.message.Samples.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import dev.missive.imap.Address;
import dev.missive.imap.BodyStructure;
import dev.missive.imap.Envelope;
import dev.missive.imap.Partial;
import dev.missive.imap.Section;
import dev.missive.message.stream.ParserOptions;
import dev.missive.message.tree.Entity;
import dev.missive.message.tree.Message;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** ENVELOPE, BODYSTRUCTURE, sections and BINARY from one streaming pass (RFC 9051 §6.4.5.1, §7.5.2; RFC 3516). */
class MessageLayoutTest {

  private static final byte[] MIXED = bytes(Samples.MIXED);

  private static String section(byte[] message, Section s) {
    return MessageLayout.of(message).section(s).map(c -> new String(c.from(message), StandardCharsets.UTF_8))
        .orElse(null);
  }

  @Test
  void envelopeOfRfc9051Section7_5_2() {
    Envelope e = MessageLayout.of(MIXED).envelope();
    assertThat(e.date()).contains("Wed, 17 Jul 1996 02:23:25 -0700");
    assertThat(e.subject()).contains("=?utf-8?q?caf=C3=A9?= test");
    assertThat(e.from()).containsExactly(Address.of("Alice", "alice", "example.org"));
    assertThat(e.sender()).isEqualTo(e.from());
    assertThat(e.replyTo()).isEqualTo(e.from());
    assertThat(e.to()).hasSize(6);
    assertThat(e.to().subList(0, 4)).containsExactly(Address.of("Bob", "bob", "example.com"),
        Address.of("Carol, C.", "carol", "example.com"), Address.groupStart("friends"),
        Address.of(null, "dan", "example.net"));
    // a non-ASCII display name goes back as encoded words, which decode to the same text
    Address eve = e.to().get(4);
    assertThat(eve.name().get()).startsWith("=?UTF-8?");
    assertThat(dev.missive.message.header.EncodedWords.decode(eve.name().get(), new java.util.ArrayList<>()))
        .isEqualTo("Eve \u00c9");
    assertThat(e.to().get(5)).isEqualTo(Address.groupEnd());
    assertThat(e.cc()).isEmpty();
    assertThat(e.inReplyTo()).isEmpty();
    assertThat(e.messageId()).contains("<1@example.org>");
  }

  @Test
  void bodyStructureMatchesTheTree() {
    MessageLayout layout = MessageLayout.of(MIXED);
    BodyStructure.Multipart m = (BodyStructure.Multipart) layout.bodyStructure(true);
    assertThat(m.subtype()).isEqualTo("MIXED");
    assertThat(m.parameters()).containsExactly(new BodyStructure.Parameter("BOUNDARY", "b1"));
    List<Entity> parts = Message.parse(MIXED).root().parts();
    BodyStructure.SinglePart text = (BodyStructure.SinglePart) m.parts().get(0);
    assertThat(text.type() + "/" + text.subtype()).isEqualTo("TEXT/PLAIN");
    assertThat(text.encoding()).isEqualTo("QUOTED-PRINTABLE");
    assertThat(text.size()).isEqualTo(parts.get(0).rawBody().length);
    assertThat(text.lines()).isEqualTo(OptionalLong.of(1));
    assertThat(text.extension().get().language()).containsExactly("en", "de");
    BodyStructure.SinglePart bin = (BodyStructure.SinglePart) m.parts().get(1);
    assertThat(bin.id()).contains("<a@x>");
    assertThat(bin.description()).contains("four octets");
    assertThat(bin.lines()).isEmpty();
    assertThat(bin.size()).isEqualTo(8);
    assertThat(bin.extension().get().disposition()).contains(new BodyStructure.Disposition("attachment",
        List.of(new BodyStructure.Parameter("FILENAME", "a.bin"))));
    BodyStructure.SinglePart msg = (BodyStructure.SinglePart) m.parts().get(2);
    assertThat(msg.isMessage()).isTrue();
    assertThat(msg.envelope().get().subject()).contains("inner");
    assertThat(msg.size()).isEqualTo(parts.get(2).rawBody().length);
    assertThat(msg.lines()).isEqualTo(OptionalLong.of(3));
    assertThat(((BodyStructure.SinglePart) msg.body().get()).lines()).isEqualTo(OptionalLong.of(0));
    assertThat(layout.bodyStructure(false)).isEqualTo(m.withoutExtension());
    assertThat(layout.size()).isEqualTo(MIXED.length);
  }

  @Test
  void simpleMessage() {
    MessageLayout layout = MessageLayout.of(bytes(Samples.SIMPLE));
    assertThat(layout.bodyStructure(false)).isEqualTo(new BodyStructure.SinglePart("TEXT", "PLAIN",
        List.of(new BodyStructure.Parameter("CHARSET", "us-ascii")), Optional.empty(), Optional.empty(), "7BIT",
        20, OptionalLong.of(2), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()));
  }

  @Test
  void sectionsOfRfc9051Section6_4_5_1() {
    assertThat(section(MIXED, Section.WHOLE)).isEqualTo(Samples.MIXED);
    assertThat(section(MIXED, Section.HEADER)).startsWith("From: Alice").endsWith("boundary=\"b1\"\r\n\r\n");
    assertThat(section(MIXED, Section.TEXT)).startsWith("preamble\r\n--b1").endsWith("epilogue\r\n");
    assertThat(section(MIXED, Section.part(1))).isEqualTo("caf=C3=A9 line1\r\nline2");
    assertThat(section(MIXED, new Section(List.of(1), Section.Text.MIME, List.of())))
        .isEqualTo("Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n"
            + "Content-Language: en, de\r\n\r\n");
    assertThat(section(MIXED, Section.part(3))).isEqualTo("Subject: inner\r\nFrom: x@y.z\r\n\r\ninner body");
    assertThat(section(MIXED, new Section(List.of(3), Section.Text.HEADER, List.of())))
        .isEqualTo("Subject: inner\r\nFrom: x@y.z\r\n\r\n");
    assertThat(section(MIXED, new Section(List.of(3), Section.Text.TEXT, List.of()))).isEqualTo("inner body");
    assertThat(section(MIXED, Section.part(3, 1))).isEqualTo("inner body");
    assertThat(section(MIXED, Section.headerFields("subject", "MESSAGE-ID")))
        .isEqualTo("Subject: =?utf-8?q?caf=C3=A9?= test\r\nMessage-ID: <1@example.org>\r\n\r\n");
    assertThat(section(MIXED, new Section(List.of(), Section.Text.HEADER_FIELDS_NOT,
        List.of("From", "To", "Subject", "Date", "Message-ID", "MIME-Version"))))
        .isEqualTo("Content-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n");
    assertThat(section(MIXED, Section.part(4))).isNull();
    assertThat(section(MIXED, Section.part(1, 1))).isNull();
    assertThat(section(MIXED, new Section(List.of(1), Section.Text.TEXT, List.of()))).isNull();
    byte[] simple = bytes(Samples.SIMPLE);
    assertThat(section(simple, Section.part(1))).isEqualTo("line one\r\nline two\r\n");
    assertThat(section(simple, Section.part(2))).isNull();
  }

  @Test
  void partialFetches() {
    MessageLayout layout = MessageLayout.of(MIXED);
    SectionContent fields = layout.section(Section.headerFields("Subject", "Message-ID")).get();
    String all = new String(fields.from(MIXED), StandardCharsets.UTF_8);
    for (long off = 0; off <= all.length() + 2; off++) {
      for (long len = 1; len <= all.length() + 2; len += 7) {
        String expected = all.substring((int) Math.min(off, all.length()),
            (int) Math.min(off + len, all.length()));
        assertThat(new String(fields.partial(new Partial(off, len)).from(MIXED), StandardCharsets.UTF_8))
            .isEqualTo(expected);
      }
    }
  }

  @Test
  void binaryRemovesTheTransferEncoding() throws Exception {
    MessageLayout layout = MessageLayout.of(MIXED);
    SectionContent.MessageSource source = SectionContent.MessageSource.of(MIXED);
    BinarySection text = BinarySection.of(layout, List.of(1)).get();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    text.decodeTo(source, Optional.empty(), out);
    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("caf\u00e9 line1\r\nline2");
    assertThat(text.measure(source)).isEqualTo(new BinarySection.Decoded(18, false));
    BinarySection bin = BinarySection.of(layout, List.of(2)).get();
    assertThat(bin.measure(source)).isEqualTo(new BinarySection.Decoded(4, true));
    out.reset();
    bin.decodeTo(source, Optional.of(new Partial(1, 2)), out);
    assertThat(out.toByteArray()).containsExactly(1, 2);
    assertThat(BinarySection.of(layout, List.of())).isEmpty();
    assertThat(BinarySection.of(layout, List.of(9))).isEmpty();
    byte[] odd = bytes("Content-Transfer-Encoding: x-uuencode\r\n\r\nbegin\r\n");
    assertThat(BinarySection.of(MessageLayout.of(odd), List.of(1)).get().unknownEncoding()).isTrue();
  }

  @Test
  void sameLayoutHoweverTheMessageIsSplit() {
    MessageLayout whole = MessageLayout.of(MIXED);
    SplittableRandom random = new SplittableRandom(7);
    for (int run = 0; run < 50; run++) {
      MessageLayoutBuilder b = new MessageLayoutBuilder(ParserOptions.DEFAULT);
      int off = 0;
      while (off < MIXED.length) {
        int n = Math.min(MIXED.length - off, 1 + random.nextInt(run % 2 == 0 ? 3 : 40));
        b.feed(ByteBuffer.wrap(MIXED, off, n));
        off += n;
      }
      assertThat(b.end()).isEqualTo(whole);
    }
  }
}
