package dev.missive.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class TranscriptTest {

  private static byte[] octets(TranscriptStep s) {
    return ((TranscriptStep.Octets) s).octets();
  }

  @Test
  void rfcLinesGetCrlfAndKeepTheirSide() {
    Transcript t = Transcript.parse("S: 220 foo.com Simple Mail Transfer Service Ready\nC: EHLO bar.com\n");
    List<TranscriptStep> steps = t.steps();
    assertThat(steps).hasSize(2);
    assertThat(((TranscriptStep.Octets) steps.get(0)).side()).isEqualTo(Side.SERVER);
    assertThat(new String(octets(steps.get(0)), StandardCharsets.US_ASCII))
        .isEqualTo("220 foo.com Simple Mail Transfer Service Ready\r\n");
    assertThat(((TranscriptStep.Octets) steps.get(1)).side()).isEqualTo(Side.CLIENT);
    assertThat(octets(steps.get(1))).isEqualTo("EHLO bar.com\r\n".getBytes(StandardCharsets.US_ASCII));
    assertThat(steps.get(1).lineNumber()).isEqualTo(2);
  }

  @Test
  void emptyLineAndSignificantSpaces() {
    Transcript t = Transcript.parse("C:\nC:  two spaces \n");
    assertThat(octets(t.steps().get(0))).isEqualTo("\r\n".getBytes(StandardCharsets.US_ASCII));
    assertThat(octets(t.steps().get(1))).isEqualTo(" two spaces \r\n".getBytes(StandardCharsets.US_ASCII));
  }

  @Test
  void rawLinesDecodeEscapesAndGetNoCrlf() {
    Transcript t = Transcript.parse("C! a\\r\\n.\\n\\x00\\\\b\\t");
    assertThat(octets(t.steps().get(0))).containsExactly('a', '\r', '\n', '.', '\n', 0, '\\', 'b', '\t');
  }

  @Test
  void textIsUtf8NeverNarrowed() {
    Transcript t = Transcript.parse("C: MAIL FROM:<jöran@example.org>\nC! \u010A");
    assertThat(octets(t.steps().get(0))).contains((byte) 0xC3, (byte) 0xB6);
    // U+010A has 0x0A as its low byte; narrowing would smuggle a LF
    assertThat(octets(t.steps().get(1))).containsExactly((byte) 0xC4, (byte) 0x8A);
  }

  @Test
  void patternsMarkersCommentsBlanksAndIndentation() {
    Transcript t = Transcript.parse("""
        # RFC 1939 §7
            S? \\+OK POP3 server ready <\\d+\\.\\d+@.*>

        -- tls --
        --eof--
        -- Closed --
        -- timeout --
        """);
    assertThat(t.steps()).hasSize(5);
    TranscriptStep.LinePattern p = (TranscriptStep.LinePattern) t.steps().get(0);
    assertThat(p.side()).isEqualTo(Side.SERVER);
    assertThat(p.lineNumber()).isEqualTo(2);
    assertThat(p.regex().matcher("+OK POP3 server ready <1896.697170952@dbc.mtview.ca.us>").matches()).isTrue();
    assertThat(t.steps().subList(1, 5)).extracting(s -> ((TranscriptStep.Marker) s).kind())
        .containsExactly(TranscriptStep.MarkerKind.TLS, TranscriptStep.MarkerKind.EOF,
            TranscriptStep.MarkerKind.CLOSED, TranscriptStep.MarkerKind.TIMEOUT);
    assertThat(t.hasTlsMarkers()).isTrue();
  }

  @Test
  void crlfLineEndingsOfTheFileAreNotContent() {
    Transcript t = Transcript.parse("C: NOOP\r\nS: 250 OK\r\n");
    assertThat(octets(t.steps().get(0))).isEqualTo("NOOP\r\n".getBytes(StandardCharsets.US_ASCII));
    assertThat(t.hasTlsMarkers()).isFalse();
  }

  @Test
  void parsesAStream() {
    Transcript t = Transcript.parse(new ByteArrayInputStream("C: QUIT\n".getBytes(StandardCharsets.UTF_8)));
    assertThat(t.steps()).hasSize(1);
  }

  @Test
  void longestTurnCountsConsecutiveLinesOfOneSide() {
    Transcript t = Transcript.parse("S: 220 x\nC: A\nC: BC\nS: 250 ok\nC! D\n");
    assertThat(t.longestTurn(Side.CLIENT)).isEqualTo(7);
    assertThat(t.longestTurn(Side.SERVER)).isEqualTo(8);
  }

  @Test
  void errorsNameTheLine() {
    assertThatThrownBy(() -> Transcript.parse("C: ok\nX: what"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("line 2");
    assertThatThrownBy(() -> Transcript.parse("C! \\q"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("line 1").hasMessageContaining("\\q");
    assertThatThrownBy(() -> Transcript.parse("C! \\x4"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("hex");
    assertThatThrownBy(() -> Transcript.parse("C! \\xZZ"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("hex");
    assertThatThrownBy(() -> Transcript.parse("C! trailing\\"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("backslash");
    assertThatThrownBy(() -> Transcript.parse("\n\n-- dance --"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("line 3");
    assertThatThrownBy(() -> Transcript.parse("S? (unclosed"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pattern");
    assertThatThrownBy(() -> Transcript.parse("C| x"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** RFC 5321 Appendix D.1, indented as in the RFC. */
  @Test
  void parsesRfc5321AppendixD1AsPrinted() {
    Transcript t = Transcript.parse("""
          S: 220 foo.com Simple Mail Transfer Service Ready
          C: EHLO bar.com
          S: 250-foo.com greets bar.com
          S: 250-8BITMIME
          S: 250-SIZE
          S: 250-DSN
          S: 250 HELP
          C: MAIL FROM:<Smith@bar.com>
          S: 250 OK
          C: RCPT TO:<Jones@foo.com>
          S: 250 OK
          C: RCPT TO:<Green@foo.com>
          S: 550 No such user here
          C: RCPT TO:<Brown@foo.com>
          S: 250 OK
          C: DATA
          S: 354 Start mail input; end with <CRLF>.<CRLF>
          C: Blah blah blah...
          C: ...etc. etc. etc.
          C: .
          S: 250 OK
          C: QUIT
          S: 221 foo.com Service closing transmission channel
        """);
    assertThat(t.steps()).hasSize(23);
    assertThat(t.steps()).filteredOn(s -> ((TranscriptStep.Octets) s).side() == Side.CLIENT).hasSize(10);
    assertThat(t.longestTurn(Side.CLIENT)).isEqualTo("Blah blah blah...\r\n...etc. etc. etc.\r\n.\r\n".length());
    assertThat(t.longestTurn(Side.SERVER)).isEqualTo(
        "250-foo.com greets bar.com\r\n250-8BITMIME\r\n250-SIZE\r\n250-DSN\r\n250 HELP\r\n".length());
  }

  @Test
  void aResourceIsReadUnderTranscriptsAndAMissingOneIsNamed() {
    List<String> asked = new java.util.ArrayList<>();
    Transcript t = Transcript.resource(name -> {
      asked.add(name);
      return new ByteArrayInputStream("S: 220 ready\n".getBytes(StandardCharsets.UTF_8));
    }, "smtp/server/x.txt");
    assertThat(asked).containsExactly("/transcripts/smtp/server/x.txt");
    assertThat(t.steps()).hasSize(1);
    assertThatThrownBy(() -> Transcript.resource(TranscriptTest.class::getResourceAsStream, "smtp/none.txt"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("smtp/none.txt");
  }
}
