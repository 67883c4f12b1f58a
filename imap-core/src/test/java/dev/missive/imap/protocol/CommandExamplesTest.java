package dev.missive.imap.protocol;

import static dev.missive.imap.protocol.Decoding.bytes;
import static dev.missive.imap.protocol.Decoding.decode;
import static org.assertj.core.api.Assertions.assertThat;

import dev.missive.testkit.Feeding;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * Every client command example of RFC 9051 §6 and §8 and RFC 3501 §6 and §8 parses into one command, fed whole,
 * byte by byte and in random pieces. The one-line examples come from resource files extracted from the RFC texts;
 * the ones with literals and continuation lines are written out here.
 */
class CommandExamplesTest {

  static Stream<Arguments> oneLineExamples() {
    return Stream.of("rfc9051", "rfc3501").flatMap(rfc -> Decoding.exampleLines(rfc + "-commands.txt").stream()
        .map(line -> Arguments.of(rfc, line)));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("oneLineExamples")
  void parses(String rfc, String line) {
    assertSingleCommand(line + "\r\n");
  }

  private static void assertSingleCommand(String input) {
    List<String> whole = decode(input);
    assertThat(whole).as(input).hasSize(1);
    assertThat(whole.get(0)).as(input).startsWith("Received[");
    for (Feeding f : List.of(Feeding.byteByByte(), Feeding.random(input.length()))) {
      assertThat(decode(new CommandDecoder(ImapLimits.DEFAULT, NonSynchronizingLiterals.LITERAL_PLUS),
          bytes(input), f, a -> true)).as(f + ": " + input).isEqualTo(whole);
    }
  }

  @Test
  void examplesWithLiterals() {
    // RFC 9051 §6.4.4 (and RFC 3501 §6.4.4 with {6})
    List<String> out = decode("A285 SEARCH CHARSET UTF-8 TEXT {12}\r\n\u043e\u0442\u043f\u0443\u0441\u043a\r\n");
    assertThat(out).containsExactly("ContinuationNeeded[tag=A285]",
        "Received[command=Search[tag=A285, uid=false, returnOptions=Optional.empty, charset=Optional[UTF-8], "
            + "criteria=Contains[target=TEXT, value=\u043e\u0442\u043f\u0443\u0441\u043a]]]");
    // RFC 9051 §6.4.4.4: P283 with a non-synchronizing literal
    out = decode("P283 SEARCH CHARSET UTF-8 (OR $ 1,3000:3021) TEXT {8+}\r\n\u043c\u0430\u043c\u0430\r\n");
    assertThat(out).containsExactly("Received[command=Search[tag=P283, uid=false, returnOptions=Optional.empty, "
        + "charset=Optional[UTF-8], criteria=And[keys=[Or[left=SequenceNumbers[set=$], "
        + "right=SequenceNumbers[set=1,3000:3021]], Contains[target=TEXT, value=\u043c\u0430\u043c\u0430]]]]]");
    // RFC 9051 §6.4.4.4: B283, a charset the server does not support
    out = decode("B283 SEARCH RETURN (SAVE) CHARSET KOI8-R-NOT (OR $ 1,3000:3021) TEXT {4}\r\nXXXX\r\n");
    assertThat(out).containsExactly("ContinuationNeeded[tag=B283]",
        "Refused[tag=Optional[B283], status=NO, code=Optional[BadCharset[charsets=[UTF-8, US-ASCII]]], "
            + "text=unsupported charset, discarding=0]");
    // RFC 3501 §8 and RFC 9051 §8: A001 LOGIN {11}
    out = decode("A001 LOGIN {11}\r\nFRED FOOBAR {7}\r\nfat man\r\n");
    assertThat(out).last().isEqualTo("Received[command=Login[tag=A001, userId=FRED FOOBAR, password=***]]");
  }

  @Test
  void appendExamples() {
    String msg = "Date: Mon, 7 Feb 1994 21:52:25 -0800 (PST)\r\n"
        + "From: Fred Foobar <foobar@Blurdybloop.example>\r\n"
        + "Subject: afternoon meeting\r\n"
        + "To: mooch@owatagu.siam.edu.example\r\n"
        + "Message-Id: <B27397-0100000@Blurdybloop.example>\r\n"
        + "MIME-Version: 1.0\r\n"
        + "Content-Type: TEXT/PLAIN; CHARSET=US-ASCII\r\n"
        + "\r\n"
        + "Hello Joe, do you think we can meet at 3:30 tomorrow?\r\n";
    // RFC 9051 §6.3.12 announces {326} for these 326 octets; RFC 3501's {310} is for its own addresses
    assertThat(msg.length()).isEqualTo(326);
    List<String> out = decode("A003 APPEND saved-messages (\\Seen) {326}\r\n" + msg + "\r\n");
    assertThat(out).containsExactly(
        "AppendMessage[tag=A003, mailbox=saved-messages, flags=[\\Seen], internalDate=Optional.empty, size=326, "
            + "synchronizing=true, binary=false, utf8=false, index=0]",
        "AppendData[" + msg + "]", "AppendMessageEnd[index=0]",
        "AppendComplete[tag=A003, mailbox=saved-messages, count=1]");
  }

  @Test
  void continuationExamples() {
    // RFC 9051 §6.2.2: SASL-IR, an empty initial response, and a response on its own line
    assertSingleCommand("a004 AUTHENTICATE PLAIN dGVzdAB0ZXN0AHRlc3Q=\r\n");
    assertSingleCommand("A01 AUTHENTICATE EXTERNAL =\r\n");
    assertThat(decode("A002 IDLE\r\nDONE\r\n")).containsExactly("Received[command=Idle[tag=A002]]", "Line[DONE]");
  }
}
