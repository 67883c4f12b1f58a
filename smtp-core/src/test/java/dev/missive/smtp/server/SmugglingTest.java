package dev.missive.smtp.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * docs/security.md, "Fake end of data", "BDAT inside smuggled data", "Bare CR or LF in a command line", "Split and truncated data": SMTP smuggling (CVE-2023-51764/51765/51766, CVE-2023-51747) and bare line endings in
 * commands, fed whole, byte by byte and split at every position.
 */
class SmugglingTest {

  /** The end-of-data imitations of docs/security.md, "Fake end of data". */
  static Stream<String> fakeEnds() {
    return Stream.of("\n.\n", "\r.\r", "\r.\n", "\n.\r", "\n.\r\n", "\r\n.\n", "\r.\r\n", "\r\n.\r", "\r\n.\r\r\n",
        "\r\r\n.\r\r\n", "\r\n\u0000.\r\n", "\r\n.\u0000\r\n");
  }

  private static final String PREFIX = "EHLO attacker.example\r\nMAIL FROM:<a@attacker.example>\r\n"
      + "RCPT TO:<b@victim.example>\r\n";
  private static final String SMUGGLED = "MAIL FROM:<admin@victim.example>\r\nRCPT TO:<c@victim.example>\r\n"
      + "DATA\r\nSubject: smuggled\r\n";

  /** What one session produced after the 354: the replies and the event names. */
  private record Result(String afterData, List<String> events, boolean closed, String content) {
  }

  private static Result play(String fakeEnd, String smuggledTail, int split) {
    ServerFixtures.Driver d = ServerFixtures.Driver.greeted(SmtpServerConfig.defaults("mx.example.org"));
    for (String line : PREFIX.split("(?<=\r\n)")) {
      d.exchange(line);
    }
    assertThat(d.exchange("DATA\r\n")).startsWith("354");
    byte[] body = ("Subject: hi\r\n\r\nbody" + fakeEnd + SMUGGLED + smuggledTail + "\r\n.\r\n")
        .getBytes(StandardCharsets.ISO_8859_1);
    if (split < 0) {
      for (byte b : body) {
        d.send(new byte[] {b}, 0, 1);
        d.pump();
      }
    } else {
      d.send(body, 0, split);
      d.pump();
      d.send(body, split, body.length - split);
      d.pump();
    }
    List<String> names = d.eventNames();
    return new Result(d.drain(), names.subList(names.indexOf("DataStart") + 1, names.size()), d.smtp.isClosed(),
        d.content.toString(StandardCharsets.ISO_8859_1));
  }

  @ParameterizedTest
  @MethodSource("fakeEnds")
  void noEndOfDataBeforeTheRealOne(String fakeEnd) {
    Result r = play(fakeEnd, "", 0);
    // exactly one reply: nothing answers the smuggled commands
    assertThat(r.afterData().split("\r\n")).hasSize(1);
    assertThat(r.events()).doesNotContain("MailFrom", "RcptTo", "DataStart");
    boolean bare = fakeEnd.replace("\r\n", "").contains("\r") || fakeEnd.replace("\r\n", "").contains("\n");
    if (bare) {
      assertThat(r.afterData()).startsWith("550 5.5.2");
      assertThat(r.events()).contains("DataAborted", "ProtocolViolation").doesNotContain("DataEnd");
    } else {
      // NUL-disguised "ends" are ordinary content lines: one message, the smuggled text inside it
      assertThat(r.afterData()).startsWith("250 2.0.0");
      assertThat(r.events()).containsOnlyOnce("DataEnd");
    }
  }

  @ParameterizedTest
  @MethodSource("fakeEnds")
  void bdatInTheSmuggledPartIsContentToo(String fakeEnd) {
    Result r = play(fakeEnd, "BDAT 12 LAST\r\nMAIL FROM:<x>", 0);
    assertThat(r.afterData().split("\r\n")).hasSize(1);
    assertThat(r.events()).filteredOn(e -> e.equals("DataEnd") || e.equals("DataAborted")).hasSize(1);
    assertThat(r.events()).doesNotContain("MailFrom", "DataStart");
  }

  @ParameterizedTest
  @MethodSource("fakeEnds")
  void sameResultHoweverTheBytesAreSplit(String fakeEnd) {
    Result whole = play(fakeEnd, "", 0);
    assertThat(play(fakeEnd, "", -1)).isEqualTo(whole);
    int length = ("Subject: hi\r\n\r\nbody" + fakeEnd + SMUGGLED + "\r\n.\r\n").length();
    for (int split = 1; split < length; split++) {
      assertThat(play(fakeEnd, "", split)).as("split at %d", split).isEqualTo(whole);
    }
  }

  @Test
  void truncatedDataDeliversNothing() {
    ServerFixtures.Driver d = ServerFixtures.Driver.greeted(SmtpServerConfig.defaults("mx.example.org"));
    d.exchange(PREFIX);
    d.exchange("DATA\r\n");
    d.send("Subject: hi\r\n\r\nbody\r\n.\r");
    d.pump();
    d.smtp.receiveEnd();
    d.pump();
    assertThat(d.eventNames()).contains("DataAborted").doesNotContain("DataEnd");
    assertThat(d.smtp.isClosed()).isTrue();
  }

  @Test
  void bareLineEndingsNeverEndACommand() {
    ServerFixtures.Driver d = ServerFixtures.Driver.greeted(SmtpServerConfig.defaults("mx.example.org"));
    d.exchange("EHLO client.example\r\n");
    String out = d.exchange("QUIT\nRSET\rQUIT\r\nNOOP\r\n");
    List<String> lines = new ArrayList<>(List.of(out.split("\r\n")));
    // "QUIT\n" is refused, "RSET\rQUIT\r\n" is one line with a bare CR, refused; NOOP runs
    assertThat(lines).containsExactly("500 5.5.2 Bare CR or LF in command line",
        "500 5.5.2 Bare CR or LF in command line", "250 2.0.0 OK");
    assertThat(d.smtp.isClosed()).isFalse();
    assertThat(d.eventNames()).doesNotContain("Quit", "Reset");
  }
}
