package dev.missive.message.tree;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missive.message.DefectKind;
import dev.missive.message.header.HeaderField;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

/** {@link Message#canonicalized()}: the explicit repair of a damaged message (DESIGN.md "Keep the bytes"). */
class CanonicalizedTest {

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  private static String str(Message m) {
    return new String(m.toByteArray(), StandardCharsets.ISO_8859_1);
  }

  /** No CR or LF outside a CRLF pair and no line over 998 octets (RFC 5322 §2.1.1, §2.3). */
  private static void assertCanonical(byte[] b) {
    int line = 0;
    for (int i = 0; i < b.length; i++) {
      if (b[i] == '\r') {
        assertThat(i + 1 < b.length && b[i + 1] == '\n').as("bare CR at %d", i).isTrue();
        i++;
        line = 0;
      } else {
        assertThat(b[i]).as("bare LF at %d", i).isNotEqualTo((byte) '\n');
        assertThat(++line).as("line length at %d", i).isLessThanOrEqualTo(998);
      }
    }
  }

  @Test
  void anRfcExampleThatIsAlreadyCanonicalComesBackWithTheSameBytes() throws IOException {
    byte[] in = MessageTest.resource("rfc2046-5.1.1.eml");
    assertThat(Message.parse(in).canonicalized().toByteArray()).isEqualTo(in);
  }

  @Test
  void bareLineEndingsBecomeCrlfInHeaderAndBody() {
    Message damaged = Message.parse(ascii("Subject: a\n b\nTo: x@example.org\r\n\nline one\rline two\nend"));
    assertThat(damaged.allDefects()).extracting(d -> d.kind()).contains(DefectKind.BARE_LINE_ENDING);
    Message fixed = damaged.canonicalized();
    // the field with a bare LF is rebuilt from its unfolded value (and fits on one line now)
    assertThat(str(fixed)).isEqualTo("Subject: a b\r\nTo: x@example.org\r\n\r\nline one\r\nline two\r\nend");
    assertThat(fixed.allDefects()).isEmpty();
    assertThat(fixed.subject()).contains("a b");
    // the original is untouched: pass-through writing still keeps its bytes
    assertThat(damaged.toByteArray()).isEqualTo(ascii("Subject: a\n b\nTo: x@example.org\r\n\nline one\rline two\nend"));
  }

  @Test
  void aMissingCloseDelimiterIsAddedAndDelimiterLinesLoseTheirTrailingWhiteSpace() {
    Message damaged = Message.parse(ascii("Content-Type: multipart/mixed; boundary=b\n\npre\n--b \n\none\n--b\t\n"
        + "Content-Type: text/html\n\n<p>two</p>\n"));
    assertThat(damaged.allDefects()).extracting(d -> d.kind()).contains(DefectKind.MISSING_CLOSING_BOUNDARY);
    Message fixed = damaged.canonicalized();
    assertThat(str(fixed)).isEqualTo("Content-Type: multipart/mixed; boundary=b\r\n\r\npre\r\n--b\r\n\r\none\r\n"
        + "--b\r\nContent-Type: text/html\r\n\r\n<p>two</p>\r\n\r\n--b--");
    assertThat(fixed.allDefects()).isEmpty();
    assertThat(fixed.root().parts()).hasSize(2);
    assertThat(fixed.root().parts().get(1).text()).isEqualTo("<p>two</p>\r\n");
  }

  @Test
  void linesThatAreNotFieldsAreDroppedAndObsoleteSpaceBeforeTheColonIsRemoved() {
    Message fixed = Message.parse(ascii("From : a@example.org\r\nnot a field\r\nTo: b@example.org\r\n\r\nx"))
        .canonicalized();
    assertThat(str(fixed)).isEqualTo("From: a@example.org\r\nTo: b@example.org\r\n\r\nx");
    assertThat(fixed.allDefects()).isEmpty();
  }

  @Test
  void aHeaderLineOver998OctetsIsFolded() {
    String words = "word ".repeat(300).trim();
    Message fixed = Message.parse(ascii("Subject: " + words + "\r\n\r\nx")).canonicalized();
    assertCanonical(fixed.toByteArray());
    assertThat(fixed.subject()).contains(words);
  }

  @Test
  void aSevenBitBodyWithALineOver998OctetsIsReencodedAsQuotedPrintable() {
    String longLine = "y".repeat(2000);
    Message damaged = Message.parse(ascii("Content-Type: text/plain\r\nContent-Transfer-Encoding: 7bit\r\n\r\n"
        + longLine + "\r\nshort\r\n"));
    Message fixed = damaged.canonicalized();
    assertCanonical(fixed.toByteArray());
    assertThat(fixed.root().transferEncoding()).isEqualTo("quoted-printable");
    assertThat(fixed.root().header().all("Content-Transfer-Encoding")).hasSize(1);
    assertThat(fixed.root().text()).isEqualTo(longLine + "\r\nshort\r\n");
  }

  @Test
  void aBinaryBodyIsKeptOctetForOctet() {
    byte[] in = ascii("Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Transfer-Encoding: binary\n\n"
        + "\u0000\r\u00ff\n\n--b--\n");
    Message fixed = Message.parse(in).canonicalized();
    Entity part = fixed.root().parts().get(0);
    assertThat(part.rawBody()).isEqualTo(ascii("\u0000\r\u00ff\n"));
    assertThat(str(fixed)).startsWith("Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n"
        + "Content-Transfer-Encoding: binary\r\n\r\n");
  }

  @Test
  void anEncapsulatedMessageIsCanonicalisedToo() {
    Message fixed = Message.parse(ascii("Content-Type: message/rfc822\n\nSubject: inner\nFrom : a@example.org\n\nbody\n"))
        .canonicalized();
    assertThat(str(fixed)).isEqualTo("Content-Type: message/rfc822\r\n\r\nSubject: inner\r\n"
        + "From: a@example.org\r\n\r\nbody\r\n");
    assertThat(fixed.root().embeddedMessage()).isPresent();
    assertThat(fixed.allDefects()).isEmpty();
  }

  @Test
  void headerChangesAreIncluded() {
    Message m = Message.parse(ascii("Subject: s\n\nbody\n"));
    m.header().addFirst(HeaderField.of("Received", "from x by y; Mon, 23 Nov 2026 12:00:00 +0000"));
    assertThat(str(m.canonicalized()))
        .isEqualTo("Received: from x by y; Mon, 23 Nov 2026 12:00:00 +0000\r\nSubject: s\r\n\r\nbody\r\n");
  }

  @Test
  void partsPastThePartLimitAreKeptAsEpilogueOctets() {
    dev.missive.message.stream.ParserOptions three = dev.missive.message.stream.ParserOptions.DEFAULT
        .withLimits(dev.missive.message.stream.MessageLimits.DEFAULT.withMaxParts(3));
    Message m = Message.parse(ascii("Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n\r\none\r\n--b\r\n\r\n"
        + "two\r\n--b\r\n\r\nthree\r\n--b\r\n\r\nfour\r\n--b--\r\n"), three);
    Message fixed = m.canonicalized();
    assertThat(fixed.root().parts()).hasSize(3);
    assertThat(new String(fixed.root().epilogue(), StandardCharsets.ISO_8859_1)).contains("four");
    assertThat(fixed.canonicalized().toByteArray()).isEqualTo(fixed.toByteArray());
  }

  @Property(tries = 200)
  void anyInputCanonicalisesOnceAndForAll(
      @ForAll @StringLength(max = 300) @CharRange(from = '\t', to = '~') String noise) {
    String text = ("Content-Type: multipart/mixed; boundary=q\nSubject: " + noise + "\n\n--q\n\n" + noise
        + "\n--q\nContent-Type: text/plain\n\n" + noise + "\n").replace('~', '\r').replace('}', '\n');
    Message once = Message.parse(ascii(text)).canonicalized();
    byte[] bytes = once.toByteArray();
    assertCanonical(bytes);
    assertThat(once.allDefects()).extracting(d -> d.kind()).doesNotContain(DefectKind.BARE_LINE_ENDING);
    assertThat(Arrays.equals(once.canonicalized().toByteArray(), bytes)).as("idempotent").isTrue();
  }
}
