package dev.missive.message.tree;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missive.message.DefectKind;
import dev.missive.message.header.HeaderField;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class MessageTest {

  static byte[] resource(String name) throws IOException {
    try (InputStream in = MessageTest.class.getResourceAsStream("/rfc/" + name)) {
      return in.readAllBytes();
    }
  }

  static byte[] crlf(String s) {
    return s.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8);
  }

  static String str(byte[] b) {
    return new String(b, StandardCharsets.ISO_8859_1);
  }

  @Test
  void rfc2046ExampleAsATree() throws IOException {
    Message m = Message.parse(resource("rfc2046-5.1.1.eml"));
    Entity root = m.root();
    assertThat(root.isMultipart()).isTrue();
    assertThat(root.parts()).hasSize(2);
    assertThat(root.parts().get(0).contentType().mimeType()).isEqualTo("text/plain");
    assertThat(root.parts().get(0).text()).isEqualTo("This is implicitly typed plain US-ASCII text.\r\n"
        + "It does NOT end with a linebreak.");
    assertThat(root.parts().get(1).text()).endsWith("It DOES end with a linebreak.\r\n");
    assertThat(str(root.preamble())).startsWith("This is the preamble.").endsWith("readers.\r\n");
    assertThat(str(root.epilogue())).isEqualTo("\r\nThis is the epilogue.  It is also to be ignored.\r\n");
    assertThat(m.subject()).contains("Sample message");
    assertThat(m.date()).contains(ZonedDateTime.parse("1993-03-21T23:56:48-08:00"));
    assertThat(m.allDefects()).isEmpty();
  }

  @Test
  void rfc5322A13AddressesThroughTheAddressParser() throws IOException {
    Message m = Message.parse(resource("rfc5322-A.1.3.eml"));
    assertThat(m.from()).extracting(mb -> mb.addrSpec().toString()).containsExactly("pete@silly.example");
    assertThat(m.to()).extracting(mb -> mb.addrSpec().toString())
        .containsExactly("c@a.test", "joe@where.test", "jdoe@one.test");
    java.util.List<dev.missive.message.Defect> defects = new java.util.ArrayList<>();
    assertThat(m.addresses("Cc", defects)).hasSize(1);
    assertThat(defects).isEmpty();
  }

  @Test
  void duplicateFromFieldsAreAllExposedWithADefect() {
    Message m = Message.parse(crlf("From: a@example.org\nFrom : b@example.org\nTo: c@example.org\n\nx"));
    assertThat(m.from()).extracting(mb -> mb.addrSpec().toString()).containsExactly("a@example.org", "b@example.org");
    assertThat(m.root().defects()).extracting(d -> d.kind())
        .contains(DefectKind.DUPLICATE_FIELD, DefectKind.WHITESPACE_BEFORE_COLON);
  }

  @Test
  void unchangedMessageIsWrittenBackOctetForOctet() {
    byte[] odd = "Subject: bare\nX-Long: ".concat("y".repeat(2000)).concat("\n\nbody\rwith bare CR\n")
        .getBytes(StandardCharsets.US_ASCII);
    assertThat(Message.parse(odd).toByteArray()).isEqualTo(odd);
  }

  @Test
  void addingReceivedRewritesNothingElse() throws IOException {
    byte[] original = resource("rfc2046-5.1.1.eml");
    Message m = Message.parse(original);
    m.header().addFirst(HeaderField.of("Received", "from a.example by b.example; Mon, 23 Nov 2026 12:00:00 +0000"));
    assertThat(str(m.toByteArray())).isEqualTo(
        "Received: from a.example by b.example; Mon, 23 Nov 2026 12:00:00 +0000\r\n" + str(original));
  }

  @Test
  void changingOnePartHeaderKeepsEveryOtherOctet() throws IOException {
    byte[] original = resource("rfc2046-5.1.1.eml");
    Message m = Message.parse(original);
    Entity second = m.root().parts().get(1);
    second.header().add(HeaderField.of("X-Scanned", "yes"));
    String expected = str(original).replace("Content-type: text/plain; charset=us-ascii\r\n",
        "Content-type: text/plain; charset=us-ascii\r\nX-Scanned: yes\r\n");
    assertThat(str(m.toByteArray())).isEqualTo(expected);
  }

  @Test
  void addingAFieldKeepsLinesThatWereNotFields() {
    byte[] original = "Subject: s\r\nnot a field\r\nX: y\r\n\r\nbody".getBytes(StandardCharsets.US_ASCII);
    Message m = Message.parse(original);
    m.header().add(HeaderField.of("X-Added", "1"));
    assertThat(str(m.toByteArray())).isEqualTo("Subject: s\r\nnot a field\r\nX: y\r\nX-Added: 1\r\n\r\nbody");
  }

  @Test
  void removingAFieldKeepsBareLineEndingsElsewhere() {
    byte[] original = "A: 1\nB: 2\n\nbody\n".getBytes(StandardCharsets.US_ASCII);
    Message m = Message.parse(original);
    m.header().remove("A");
    assertThat(str(m.toByteArray())).isEqualTo("B: 2\n\nbody\n");
  }

  @Test
  void textUsesTheDeclaredCharsetAndFallsBackWithADefect() {
    byte[] latin1 = "Content-Type: text/plain; charset=iso-8859-1\r\n\r\ncaf\u00e9"
        .getBytes(StandardCharsets.ISO_8859_1);
    assertThat(Message.parse(latin1).root().text()).isEqualTo("caf\u00e9");
    Message unknown = Message.parse(crlf("Content-Type: text/plain; charset=x-no-such\n\ncaf\u00e9"));
    assertThat(unknown.root().text()).isEqualTo("caf\u00e9");
    assertThat(unknown.root().defects()).anyMatch(d -> d.kind() == DefectKind.UNKNOWN_CHARSET);
  }

  @Test
  void quotedPrintableAndBase64BodiesAreDecoded() {
    Message qp = Message.parse(crlf("Content-Type: text/plain; charset=utf-8\n"
        + "Content-Transfer-Encoding: quoted-printable\n\ncaf=C3=A9 =\nsoft"));
    assertThat(qp.root().text()).isEqualTo("caf\u00e9 soft");
    Message b64 = Message.parse(crlf("Content-Transfer-Encoding: base64\n\n"
        + Base64.getEncoder().encodeToString("hello".getBytes(StandardCharsets.US_ASCII))));
    assertThat(b64.root().decodedBody()).isEqualTo("hello".getBytes(StandardCharsets.US_ASCII));
  }

  @Test
  void attachmentFileNamesInRfc2231AndRfc2047Forms() {
    Message m = Message.parse(crlf("Content-Type: multipart/mixed; boundary=b\n\n--b\n\ntext\n--b\n"
        + "Content-Type: application/pdf\n"
        + "Content-Disposition: attachment; filename*=UTF-8''na%C3%AFve%20file.pdf\n\n%PDF\n--b\n"
        + "Content-Type: image/png; name=\"=?UTF-8?B?w6l0w6kucG5n?=\"\n\nPNG\n--b--\n"));
    assertThat(m.root().attachments()).hasSize(2);
    assertThat(m.root().parts().get(1).filename()).contains("na\u00efve file.pdf");
    assertThat(m.root().parts().get(2).filename()).contains("\u00e9t\u00e9.png");
    assertThat(m.root().parts().get(0).isAttachment()).isFalse();
  }

  @Test
  void encapsulatedMessagesAreNavigable() {
    String inner = "Subject: inner\r\n\r\nhi";
    Message plain = Message.parse(("Content-Type: message/rfc822\r\n\r\n" + inner)
        .getBytes(StandardCharsets.US_ASCII));
    assertThat(plain.root().embeddedMessage()).isPresent();
    assertThat(plain.root().embeddedMessage().get().header().get("Subject").get().unfoldedValue()).isEqualTo("inner");
    Message encoded = Message.parse(("Content-Type: message/rfc822\r\nContent-Transfer-Encoding: base64\r\n\r\n"
        + Base64.getMimeEncoder().encodeToString(inner.getBytes(StandardCharsets.US_ASCII)))
        .getBytes(StandardCharsets.US_ASCII));
    assertThat(encoded.root().embeddedMessage().get().text()).isEqualTo("hi");
  }

  @Test
  void defectsAreRecordedOnThePartWhereTheyOccur() {
    Message m = Message.parse(crlf("Content-Type: multipart/mixed; boundary=b\n\n--b\n"
        + "Content-Type: multipart/alternative; boundary=c\n\n--c\n\nx\n--b--\n"));
    Entity inner = m.root().parts().get(0);
    assertThat(inner.defects()).anyMatch(d -> d.kind() == DefectKind.MISSING_CLOSING_BOUNDARY);
    assertThat(m.root().defects()).noneMatch(d -> d.kind() == DefectKind.MISSING_CLOSING_BOUNDARY);
    assertThat(m.root().walk()).hasSize(3);
  }

  /** Reading a body again reports its decoding defects once, not once per call (found by fuzzing, issue 13). */
  @Test
  void decodingDefectsAreReportedOnceHoweverOftenTheBodyIsRead() throws IOException {
    Message m = Message.parse(crlf("Content-Type: text/plain; charset=x-unknown\nContent-Transfer-Encoding: base64\n"
        + "\naGVsbG8*\n"));
    m.root().decodedBody();
    int once = m.root().defects().size();
    m.root().text();
    int withCharset = m.root().defects().size();
    for (int i = 0; i < 3; i++) {
      m.root().decodedBody();
      m.root().text();
      m.root().decodedBodyStream().readAllBytes();
    }
    assertThat(once).isPositive();
    assertThat(withCharset).isEqualTo(once + 1);
    assertThat(m.root().defects()).hasSize(withCharset);
    assertThat(m.root().defects()).extracting(d -> d.kind()).contains(DefectKind.UNKNOWN_CHARSET);
  }
}
