package dev.missive.smtp.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missive.smtp.SmtpExtension;

import org.junit.jupiter.api.Test;

/**
 * The command line budget: 512 octets with CRLF (RFC 5321 §4.5.3.1.4) grown by what each offered extension may
 * add to MAIL or to RCPT (docs/architecture.md, "Limits"), counted from the parameters' own limits, not summed over both verbs.
 */
class CommandLineBudgetTest {

  private static final String ORCPT_500 = "rfc822;" + "a".repeat(480) + "@example.org"; // 499 characters

  private static SmtpServerConfig with(SmtpExtension... extensions) {
    return SmtpServerConfig.builder().hostname("mx.example.org").extensions(extensions).build();
  }

  private static ServerFixtures.Driver ehlo(SmtpServerConfig config) {
    ServerFixtures.Driver d = ServerFixtures.Driver.greeted(config);
    assertThat(d.exchange("EHLO c.example\r\n")).startsWith("250-mx.example.org");
    return d;
  }

  @Test
  void withoutExtensionsTheLineIs510OctetsBeforeCrlf() {
    SmtpServerConfig plain = with();
    assertThat(Capabilities.commandLineLength(plain, Capabilities.offered(plain, false))).isEqualTo(510);
    ServerFixtures.Driver d = ehlo(plain);
    assertThat(d.exchange("NOOP " + "x".repeat(505) + "\r\n")).isEqualTo("250 2.0.0 OK\r\n");
    assertThat(d.exchange("NOOP " + "x".repeat(506) + "\r\n")).isEqualTo("500 5.5.2 Line too long\r\n");
  }

  @Test
  void dsnLetsARcptCarryAFullOrcptAndTheLongestNotify() {
    SmtpServerConfig dsn = with(SmtpExtension.DSN);
    // RFC 3461 §4.2 (ORCPT value up to 500) and §4.1 (NOTIFY): 510 + 29 + 7 + 500
    assertThat(Capabilities.commandLineLength(dsn, Capabilities.offered(dsn, false))).isEqualTo(1046);
    ServerFixtures.Driver d = ehlo(dsn);
    assertThat(d.exchange("MAIL FROM:<a@example.org> RET=HDRS ENVID=" + "Q".repeat(100) + "\r\n"))
        .isEqualTo("250 2.1.0 OK\r\n");
    String rcpt = "RCPT TO:<" + "b".repeat(64) + "@" + "d".repeat(170) + ".example.org>"
        + " NOTIFY=SUCCESS,FAILURE,DELAY ORCPT=" + ORCPT_500 + "\r\n";
    assertThat(rcpt.length()).isGreaterThan(780);
    assertThat(d.exchange(rcpt)).isEqualTo("250 2.1.5 OK\r\n");
    assertThat(d.exchange("NOOP " + "x".repeat(1046 - 4) + "\r\n")).isEqualTo("500 5.5.2 Line too long\r\n");
  }

  @Test
  void mailAndRcptGrowthAreNotAddedTogether() {
    SmtpServerConfig all = with(SmtpExtension.SIZE, SmtpExtension.DSN, SmtpExtension.EIGHT_BIT_MIME,
        SmtpExtension.SMTPUTF8);
    // MAIL: SIZE 26 + DSN (ENVID 100, RET) 116 + BODY 20 + SMTPUTF8 10 = 172 < RCPT's 536
    assertThat(Capabilities.commandLineLength(all, Capabilities.offered(all, false))).isEqualTo(510 + 536);
  }
}
