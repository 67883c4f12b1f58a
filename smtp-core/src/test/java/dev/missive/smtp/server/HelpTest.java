package dev.missive.smtp.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missive.smtp.SmtpExtension;
import dev.missive.wire.TlsInfo;
import org.junit.jupiter.api.Test;

/**
 * HELP (RFC 5321 §4.1.1.8) lists what this connection accepts now, built from what is offered: no STARTTLS under
 * TLS or without it (RFC 3207 §4.2), no AUTH before a mechanism may run (RFC 4954 §4), no BDAT without CHUNKING
 * (RFC 3030 §2), VRFY and EXPN only when enabled, LHLO under LMTP (RFC 2033 §4.1).
 */
class HelpTest {

  private static String help(SmtpServerConfig config) {
    ServerFixtures.Driver d = ServerFixtures.Driver.greeted(config);
    return d.exchange("HELP\r\n");
  }

  @Test
  void theDefaultsListTheBaseCommandsAndChunking() {
    assertThat(help(SmtpServerConfig.defaults("mx.example.org")))
        .isEqualTo("214-2.0.0 Commands: HELO EHLO MAIL RCPT DATA BDAT RSET NOOP QUIT HELP\r\n214 2.0.0 See RFC 5321\r\n");
  }

  @Test
  void starttlsBeforeTlsOnlyAndAuthOnlyWhenAMechanismMayRun() {
    SmtpServerConfig config = SmtpServerConfig.builder().hostname("mx.example.org").tlsAvailable(true)
        .authMechanisms(AuthTest.mechanisms()).authRequiresTls(true)
        .extensions(SmtpExtension.PIPELINING, SmtpExtension.STARTTLS, SmtpExtension.AUTH, SmtpExtension.VRFY)
        .build();
    ServerFixtures.Driver d = ServerFixtures.Driver.greeted(config);
    assertThat(d.exchange("HELP\r\n")).startsWith(
        "214-2.0.0 Commands: HELO EHLO MAIL RCPT DATA RSET NOOP QUIT VRFY HELP STARTTLS\r\n");
    d.exchange("EHLO c.example\r\nSTARTTLS\r\n");
    d.smtp.streamChanged(new TlsInfo("TLSv1.3", "TLS_AES_128_GCM_SHA256"));
    assertThat(d.smtp.tls()).contains(new TlsInfo("TLSv1.3", "TLS_AES_128_GCM_SHA256"));
    assertThat(d.exchange("HELP\r\n")).startsWith(
        "214-2.0.0 Commands: HELO EHLO MAIL RCPT DATA RSET NOOP QUIT VRFY HELP AUTH\r\n");
  }

  @Test
  void lmtpListsLhlo() {
    SmtpServerConfig lmtp = SmtpServerConfig.builder().hostname("lmtp.example.org").lmtp(true)
        .extensions(SmtpExtension.PIPELINING, SmtpExtension.EXPN).build();
    assertThat(help(lmtp)).startsWith("214-2.0.0 Commands: LHLO MAIL RCPT DATA RSET NOOP QUIT EXPN HELP\r\n");
  }

  @Test
  void aPlaintextConnectionHasNoTls() {
    assertThat(ServerFixtures.Driver.greeted(SmtpServerConfig.defaults("mx.example.org")).smtp.tls()).isEmpty();
  }
}
