package dev.missive.smtp.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Enhanced status codes on positive replies (RFC 3463 §3.2, RFC 2034 §3–§5): MAIL accepted is X.1.0 (other address
 * status) and RCPT accepted X.1.5 (destination address valid), as RFC 2034's own example answers them; never a code
 * on 3xx, none at all when the switch is off.
 */
class EnhancedStatusCodesTest {

  private static final String TRANSACTION = "MAIL FROM:<a@example.org>\r\nRCPT TO:<b@example.org>\r\nDATA\r\n";

  @Test
  void mailIs210AndRcptIs215WhenTheSwitchIsOn() {
    ServerFixtures.Driver d = ServerFixtures.Driver.greeted(SmtpServerConfig.defaults("mx.example.org"));
    d.exchange("EHLO c.example\r\n");
    assertThat(d.exchange(TRANSACTION)).isEqualTo(
        "250 2.1.0 OK\r\n250 2.1.5 OK\r\n354 Start mail input; end with <CRLF>.<CRLF>\r\n");
    assertThat(d.exchange("x\r\n.\r\n")).isEqualTo("250 2.0.0 OK\r\n");
  }

  @Test
  void noCodesWhenTheSwitchIsOff() {
    SmtpServerConfig off = SmtpServerConfig.builder().hostname("mx.example.org").enhancedStatusCodes(false).build();
    ServerFixtures.Driver d = ServerFixtures.Driver.greeted(off);
    d.exchange("EHLO c.example\r\n");
    assertThat(d.exchange(TRANSACTION)).isEqualTo(
        "250 OK\r\n250 OK\r\n354 Start mail input; end with <CRLF>.<CRLF>\r\n");
  }
}
