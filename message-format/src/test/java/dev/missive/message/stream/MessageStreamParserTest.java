package dev.missive.message.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MessageStreamParserTest {

  static byte[] resource(String name) throws IOException {
    try (InputStream in = MessageStreamParserTest.class.getResourceAsStream("/rfc/" + name)) {
      return in.readAllBytes();
    }
  }

  static byte[] crlf(String s) {
    return s.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8);
  }

  static List<String> events(String message) {
    return EventRecorder.whole(crlf(message), ParserOptions.DEFAULT);
  }

  static List<String> kinds(List<String> events) {
    return events.stream().map(s -> s.replaceAll("(?s)\\[.*", "")).collect(Collectors.toList());
  }

  @Test
  void rfc2046Section511Example() throws IOException {
    List<String> ev = EventRecorder.whole(resource("rfc2046-5.1.1.eml"), ParserOptions.DEFAULT);
    assertThat(kinds(ev)).containsExactly("StartMessage", "Field", "Field", "Field", "Field", "Field", "Field",
        "EndOfHeader", "StartMultipart", "Preamble",
        "StartPart", "EndOfHeader", "Body", "EndPart",
        "StartPart", "Field", "EndOfHeader", "Body", "EndPart",
        "Epilogue", "EndMultipart", "EndMessage");
    assertThat(ev).contains("StartMultipart[boundary=simple boundary]");
    assertThat(ev.get(9)).isEqualTo("Preamble[This is the preamble.  It is to be ignored, though it\r\n"
        + "is a handy place for composition agents to include an\r\n"
        + "explanatory note to non-MIME conformant readers.\r\n]");
    assertThat(ev.get(12)).isEqualTo("Body[This is implicitly typed plain US-ASCII text.\r\n"
        + "It does NOT end with a linebreak.]");
    assertThat(ev.get(11)).startsWith("EndOfHeader[contentType=text/plain; charset=us-ascii");
    assertThat(ev.get(17)).isEqualTo("Body[This is explicitly typed plain US-ASCII text.\r\n"
        + "It DOES end with a linebreak.\r\n]");
    assertThat(ev.get(19)).isEqualTo("Epilogue[\r\nThis is the epilogue.  It is also to be ignored.\r\n]");
  }

  @ParameterizedTest
  @ValueSource(strings = {"A.1.1", "A.1.2", "A.1.3", "A.2", "A.3", "A.4", "A.5", "A.6.1", "A.6.2", "A.6.3"})
  void rfc5322AppendixAMessagesParse(String section) throws IOException {
    byte[] data = resource("rfc5322-" + section + ".eml");
    List<String> ev = EventRecorder.whole(data, ParserOptions.DEFAULT);
    assertThat(ev.get(0)).isEqualTo("StartMessage[depth=0, offset=0]");
    assertThat(ev.get(ev.size() - 1)).isEqualTo("EndMessage[depth=0, endOffset=" + data.length + "]");
    assertThat(ev).noneMatch(s -> s.startsWith("DefectEvent") && !s.contains("WHITESPACE_BEFORE_COLON"));
    String text = new String(data, StandardCharsets.ISO_8859_1);
    int bodyStart = text.indexOf("\r\n\r\n") + 4;
    assertThat(ev).contains("Body[" + text.substring(bodyStart) + "]");
    long fields = text.substring(0, bodyStart).lines().filter(l -> !l.isEmpty() && !l.startsWith(" ")).count();
    assertThat(ev).filteredOn(s -> s.startsWith("Field[")).hasSize((int) fields);
  }

  @Test
  void rfc5322A4KeepsFoldedReceivedFieldRaw() throws IOException {
    List<String> ev = EventRecorder.whole(resource("rfc5322-A.4.eml"), ParserOptions.DEFAULT);
    assertThat(ev.get(1)).isEqualTo("Field[Received: from x.y.test\r\n   by example.net\r\n   via TCP\r\n"
        + "   with ESMTP\r\n   id ABC12345\r\n   for <mary@example.net>;  21 Nov 1997 10:05:43 -0600@0]");
  }

  @Test
  void rfc5322A63ObsoleteSpaceBeforeColonIsADefectNotAnError() throws IOException {
    List<String> ev = EventRecorder.whole(resource("rfc5322-A.6.3.eml"), ParserOptions.DEFAULT);
    assertThat(ev).filteredOn(s -> s.startsWith("Field[")).hasSize(5);
    assertThat(ev).anyMatch(s -> s.contains("WHITESPACE_BEFORE_COLON"));
  }

  @Test
  void transportPaddingAfterDelimiterIsAllowed() {
    List<String> ev = events("Content-Type: multipart/mixed; boundary=b\n\n--b  \t\n\nx\n--b-- \nafter\n");
    assertThat(ev).contains("Body[x]", "Epilogue[after\r\n]");
    assertThat(ev).noneMatch(s -> s.startsWith("DefectEvent"));
  }

  @Test
  void prefixClashingBoundaryNeverMatchesTheLongerOne() {
    List<String> ev = events("Content-Type: multipart/mixed; boundary=ab\n\n--ab\n"
        + "Content-Type: multipart/alternative; boundary=abc\n\n--abc\n\ninner\n--abc--\n--ab--\n");
    assertThat(kinds(ev)).containsSubsequence("StartPart", "StartMultipart", "StartPart", "Body", "EndPart",
        "EndMultipart", "EndPart", "EndMultipart");
    assertThat(ev).contains("Body[inner]");
    assertThat(ev).noneMatch(s -> s.startsWith("DefectEvent"));
  }

  @Test
  void outerDelimiterClosesInnerMultipartWithADefect() {
    List<String> ev = events("Content-Type: multipart/mixed; boundary=outer\n\n--outer\n"
        + "Content-Type: multipart/alternative; boundary=inner\n\n--inner\n\nA\n--outer\n\nB\n--outer--\n");
    assertThat(ev).contains("Body[A]", "Body[B]");
    assertThat(ev).anyMatch(s -> s.contains("MISSING_CLOSING_BOUNDARY"));
    assertThat(ev.get(ev.size() - 1)).startsWith("EndMessage");
  }

  @Test
  void missingCloseDelimiterAtEndOfInput() {
    List<String> ev = events("Content-Type: multipart/mixed; boundary=b\n\n--b\n\npart");
    assertThat(ev).contains("Body[part]");
    assertThat(ev).anyMatch(s -> s.contains("MISSING_CLOSING_BOUNDARY"));
  }

  @Test
  void bareLineFeedsAreFramedAndReported() {
    byte[] data = "Subject: x\nContent-Type: multipart/mixed; boundary=b\n\n--b\n\nbody\n--b--\n"
        .getBytes(StandardCharsets.US_ASCII);
    List<String> ev = EventRecorder.whole(data, ParserOptions.DEFAULT);
    assertThat(ev).contains("Field[Subject: x@0]", "Body[body]");
    assertThat(ev).anyMatch(s -> s.contains("BARE_LINE_ENDING"));
  }

  @Test
  void eightBitHeaderIsKeptWithItsBytes() {
    byte[] data = "Subject: caf\u00e9 \u00fc\r\n\r\nx".getBytes(StandardCharsets.ISO_8859_1);
    List<String> ev = EventRecorder.whole(data, ParserOptions.DEFAULT);
    assertThat(ev).contains("Field[Subject: caf\u00e9 \u00fc@0]");
    assertThat(ev).anyMatch(s -> s.contains("EIGHT_BIT_HEADER"));
  }

  @Test
  void digestPartsDefaultToMessageRfc822() {
    List<String> ev = events("Content-Type: multipart/digest; boundary=d\n\n--d\n\nSubject: inner\n\nhi\n--d--\n");
    assertThat(ev).contains("EndOfHeader[contentType=message/rfc822, transferEncoding=7bit, bodyOffset=53, skippedFields=0]",
        "StartMessage[depth=2, offset=53]", "Body[hi]");
  }

  @Test
  void messageGlobalIsParsedAsAnEncapsulatedMessage() {
    List<String> ev = events("Content-Type: message/global\n\nSubject: caf\u00e9\n\nhi");
    assertThat(ev).contains("StartMessage[depth=1, offset=32]", "Body[hi]");
  }

  @Test
  void decodedModeRemovesBase64AndParsesEncodedMessage() {
    String inner = java.util.Base64.getMimeEncoder().encodeToString(crlf("Subject: in\n\nhello"));
    List<String> ev = EventRecorder.whole(crlf("Content-Type: message/rfc822\nContent-Transfer-Encoding: base64\n\n"
        + inner + "\n"), ParserOptions.DEFAULT.withBodyMode(BodyMode.DECODED));
    assertThat(ev).contains("StartMessage[depth=1, offset=0]", "Field[Subject: in@0]", "Decoded[hello]");
  }

  @Test
  void unknownTransferEncodingIsPassedThroughWithADefect() {
    List<String> ev = EventRecorder.whole(crlf("Content-Transfer-Encoding: x-uuencode\n\nbegin 644 f\n"),
        ParserOptions.DEFAULT.withBodyMode(BodyMode.DECODED));
    assertThat(ev).contains("Decoded[begin 644 f\r\n]");
    assertThat(ev).anyMatch(s -> s.contains("UNKNOWN_TRANSFER_ENCODING"));
  }

  @Test
  void quotedPrintableSplitAcrossChunksDecodesTheSame() {
    byte[] data = crlf("Content-Transfer-Encoding: quoted-printable\n\ncaf=C3=A9 soft=\nbreak=3D\n");
    ParserOptions decoded = ParserOptions.DEFAULT.withBodyMode(BodyMode.DECODED);
    List<String> whole = EventRecorder.whole(data, decoded);
    assertThat(whole).contains("Decoded[caf\u00c3\u00a9 softbreak=\r\n]");
    assertThat(EventRecorder.record(data, decoded, i -> 1)).isEqualTo(whole);
  }

  @Test
  void malformedHeaderLineCanStartTheBody() {
    List<String> ev = EventRecorder.whole(crlf("Subject: s\nnot a field\nX: y\n\nbody"),
        ParserOptions.DEFAULT.withMalformedHeaderStartsBody(true));
    assertThat(ev).contains("Body[not a field\r\nX: y\r\n\r\nbody]");
    assertThat(ev).anyMatch(s -> s.contains("MISSING_HEADER_BODY_SEPARATOR"));
    List<String> skipping = events("Subject: s\nnot a field\nX: y\n\nbody");
    assertThat(skipping).contains("Field[X: y@25]", "Body[body]");
    assertThat(skipping).anyMatch(s -> s.contains("MALFORMED_HEADER_FIELD"));
  }

  @Test
  void feedAfterEndIsHostMisuse() {
    MessageStreamParser p = new MessageStreamParser();
    p.end();
    assertThatThrownBy(() -> p.feed(ByteBuffer.allocate(1))).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void readerOverATricklingStreamPushesTheSameEvents() throws IOException {
    byte[] data = resource("rfc2046-5.1.1.eml");
    java.io.InputStream trickle = new java.io.ByteArrayInputStream(data) {
      @Override
      public synchronized int read(byte[] b, int off, int len) {
        return super.read(b, off, Math.min(len, 1));
      }
    };
    List<String> pushed = new java.util.ArrayList<>();
    new MessageReader(trickle).forEach(e -> {
      String name = e.getClass().getSimpleName();
      boolean bytes = EventRecorder.byteKind(e) != null;
      if (!bytes || pushed.isEmpty() || !pushed.get(pushed.size() - 1).equals(name)) {
        pushed.add(name);
      }
    });
    assertThat(pushed).containsExactlyElementsOf(kinds(EventRecorder.record(data, ParserOptions.DEFAULT, i -> 1))
        .stream().map(k -> k.equals("Field") ? "HeaderFieldEvent" : k.equals("Body") ? "BodyBytes" : k)
        .collect(Collectors.toList()));
  }

  @Test
  void readerOverInputStreamGivesTheSameEvents() throws IOException {
    byte[] data = resource("rfc2046-5.1.1.eml");
    MessageReader r = new MessageReader(new java.io.ByteArrayInputStream(data));
    int n = 0;
    MimeEvent last = null;
    for (MimeEvent e; (e = r.next()) != null; ) {
      n++;
      last = e;
    }
    assertThat(last).isInstanceOf(MimeEvent.EndMessage.class);
    assertThat(n).isEqualTo(EventRecorder.whole(data, ParserOptions.DEFAULT).size());
  }
}
