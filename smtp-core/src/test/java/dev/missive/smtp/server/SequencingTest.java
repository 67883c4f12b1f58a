package dev.missive.smtp.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every command in every command-reading state. The expected codes are written here from RFC 5321 §4.1.4 (order of
 * commands), §4.3.2 (command-reply sequences), §3.3 (DATA without recipients: 503 or 554), §4.2.4 (502 for
 * unimplemented commands, 500 for unrecognised ones) and RFC 3030 §2 (BDAT; DATA mixed with BDAT: 503), not
 * derived from the engine's own table.
 */
class SequencingTest {

  /** How to reach each state from a drained greeting; every decision is accepted. */
  private static final Map<String, List<String>> STATES = Map.of(
      "before HELO", List.of(),
      "after HELO", List.of("HELO client.example\r\n"),
      "after AUTH", List.of("EHLO client.example\r\n", "AUTH PLAIN AHRlc3QAMTIzNA==\r\n"),
      "after EHLO", List.of("EHLO client.example\r\n"),
      "after MAIL", List.of("EHLO client.example\r\n", "MAIL FROM:<a@example.org>\r\n"),
      "after RCPT", List.of("EHLO client.example\r\n", "MAIL FROM:<a@example.org>\r\n",
          "RCPT TO:<b@example.org>\r\n"),
      "between BDAT chunks", List.of("EHLO client.example\r\n", "MAIL FROM:<a@example.org>\r\n",
          "RCPT TO:<b@example.org>\r\n", "BDAT 3\r\nabc"));

  private static final String[] COMMANDS = {"HELO client.example", "EHLO client.example", "MAIL FROM:<c@example.org>",
      "RCPT TO:<d@example.org>", "DATA", "BDAT 0 LAST", "RSET", "NOOP", "VRFY postmaster", "EXPN staff", "HELP",
      "QUIT", "SEND FROM:<c@example.org>", "SOML FROM:<c@example.org>", "SAML FROM:<c@example.org>", "TURN",
      "XYZZY", "AUTH LOGIN", "STARTTLS"};

  /**
   * Expected first reply code per state; columns in the order of {@link #COMMANDS}. "5x4" accepts 503 or 554, "50x"
   * 502 or 503. STARTTLS is not offered by this configuration: 502 (RFC 5321 §4.2.4) after a greeting, 502 or 503
   * before EHLO and inside a transaction, where it is also out of sequence (RFC 3207 §4 follows EHLO).
   */
  private static final Map<String, String[]> EXPECTED = Map.of(
      // RFC 5321 §4.1.4: MAIL/RCPT/DATA need a prior EHLO/HELO; RSET, NOOP, VRFY, EXPN, HELP, QUIT any time
      "before HELO", new String[] {"250", "250", "503", "503", "503", "503", "250", "250", "252", "252", "214",
          "221", "502", "502", "502", "502", "500", "503", "50x"},
      // RFC 4954 §4: AUTH after EHLO starts the exchange (334 without an initial response)
      "after EHLO", new String[] {"250", "250", "250", "503", "503", "503", "250", "250", "252", "252", "214",
          "221", "502", "502", "502", "502", "500", "334", "502"},
      // §3.3: a second MAIL is out of sequence; DATA with no recipients gets 503 or 554
      // RFC 4954 §4: AUTH during a mail transaction MUST be rejected with 503
      "after MAIL", new String[] {"250", "250", "503", "250", "5x4", "5x4", "250", "250", "252", "252", "214",
          "221", "502", "502", "502", "502", "500", "503", "50x"},
      "after RCPT", new String[] {"250", "250", "503", "250", "354", "250", "250", "250", "252", "252", "214",
          "221", "502", "502", "502", "502", "500", "503", "50x"},
      // RFC 4954 §4: AUTH is an EHLO extension, not available after HELO (refused as unimplemented or out of sequence)
      "after HELO", new String[] {"250", "250", "250", "503", "503", "503", "250", "250", "252", "252", "214",
          "221", "502", "502", "502", "502", "500", "50x", "502"},
      // RFC 4954 §4: after a successful AUTH, any further AUTH gets 503
      "after AUTH", new String[] {"250", "250", "250", "503", "503", "503", "250", "250", "252", "252", "214",
          "221", "502", "502", "502", "502", "500", "503", "502"},
      // RFC 3030 §2: DATA after BDAT is 503; the transaction continues with BDAT
      "between BDAT chunks", new String[] {"250", "250", "503", "503", "503", "250", "250", "250", "252", "252",
          "214", "221", "502", "502", "502", "502", "500", "503", "50x"});

  static Stream<Arguments> cells() {
    List<Arguments> cells = new ArrayList<>();
    for (String state : STATES.keySet()) {
      for (int i = 0; i < COMMANDS.length; i++) {
        cells.add(Arguments.of(state, COMMANDS[i], EXPECTED.get(state)[i]));
      }
    }
    return cells.stream();
  }

  @ParameterizedTest(name = "{0}: {1} -> {2}")
  @MethodSource("cells")
  void commandInState(String state, String command, String expected) {
    ServerFixtures.Driver d = ServerFixtures.Driver.greeted(SmtpServerConfig.builder().hostname("mx.example.org")
        .authMechanisms(AuthTest.mechanisms()).plaintextAuthAllowed(true).build());
    for (String step : STATES.get(state)) {
      String reply = d.exchange(step);
      assertThat(reply).as("setting up %s with %s", state, step).matches("(?s)2\\d\\d.*");
    }
    String reply = d.exchange(command + "\r\n");
    String code = reply.length() >= 3 ? reply.substring(0, 3) : reply;
    if (expected.equals("5x4")) {
      assertThat(code).isIn("503", "554");
    } else if (expected.equals("50x")) {
      assertThat(code).isIn("502", "503");
    } else {
      assertThat(code).as("reply %s", reply).isEqualTo(expected);
    }
    // RFC 2034 §4 with enhanced codes on: every 2xx/4xx/5xx line but the HELO/EHLO replies carries one
    if (!command.startsWith("HELO") && !command.startsWith("EHLO") && !code.startsWith("3")) {
      for (String line : reply.split("\r\n")) {
        assertThat(line).matches("\\d{3}[ -][245]\\.\\d{1,3}\\.\\d{1,3}( .*)?");
      }
    }
    if (command.equals("QUIT")) {
      assertThat(d.smtp.isClosed()).isTrue();
    }
  }
}
