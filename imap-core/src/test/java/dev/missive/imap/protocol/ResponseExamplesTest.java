package dev.missive.imap.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missive.testkit.Feeding;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every server response example of RFC 9051 §6 to §8 and RFC 3501 §6 to §8 parses into one response on the client
 * side, fed whole, byte by byte and in random pieces; none is Unknown or Malformed. The one-line examples come from
 * resource files extracted from the RFC texts (editorial line breaks joined); the ones with literals are here.
 */
class ResponseExamplesTest {

  static Stream<Arguments> oneLineExamples() {
    return Stream.of("rfc9051", "rfc3501").flatMap(rfc -> Decoding.exampleLines(rfc + "-responses.txt").stream()
        .map(line -> Arguments.of(rfc, line)));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("oneLineExamples")
  void parses(String rfc, String line) {
    List<String> whole = ClientDecoding.decode(line + "\r\n", Feeding.whole());
    assertThat(whole).as(line).hasSize(1);
    assertThat(whole.get(0)).as(line).startsWith("Received[");
    if (!line.startsWith("* XPIG-LATIN")) {  // RFC 9051 §6.5's example of an experimental response
      assertThat(whole.get(0)).as(line).doesNotContain("Unknown[");
    }
    assertThat(ClientDecoding.decode(line + "\r\n", Feeding.byteByByte())).as(line).isEqualTo(whole);
    assertThat(ClientDecoding.decode(line + "\r\n", Feeding.random(line.length()))).as(line).isEqualTo(whole);
  }

  @Test
  void fetchWithALiteralStreamsTheSection() {
    // RFC 9051 §8 and RFC 3501 §8: a004 fetch 12 body[header]
    String header = "Date: Wed, 17 Jul 1996 02:23:25 -0700 (PDT)\r\n"
        + "From: Terry Gray <gray@cac.washington.edu>\r\n"
        + "Subject: IMAP4rev2 WG mtg summary and minutes\r\n"
        + "To: imap@cac.washington.edu\r\n"
        + "cc: minutes@CNRI.Reston.VA.US, John Klensin <KLENSIN@MIT.EDU>\r\n"
        + "Message-Id: <B27397-0100000@cac.washington.edu>\r\n"
        + "MIME-Version: 1.0\r\n"
        + "Content-Type: TEXT/PLAIN; CHARSET=US-ASCII\r\n"
        + "\r\n";
    assertThat(header.length()).isEqualTo(342);
    String input = "* 12 FETCH (BODY[HEADER] {342}\r\n" + header + ")\r\n";
    for (Feeding f : List.of(Feeding.whole(), Feeding.byteByByte(), Feeding.random(42))) {
      assertThat(ClientDecoding.decode(input, f)).as(f.toString()).containsExactly(
          "SectionBegin[seq=12, content=Content[name=BODY, section=[HEADER], origin=OptionalLong.empty, "
              + "size=OptionalLong[342]], literal8=false, earlier=[]]",
          "SectionData[" + header + "]",
          "SectionEnd[]",
          "Received[response=Fetch[seq=12, attributes=[Content[name=BODY, section=[HEADER], "
              + "origin=OptionalLong.empty, size=OptionalLong[342]]]]]");
    }
  }
}
