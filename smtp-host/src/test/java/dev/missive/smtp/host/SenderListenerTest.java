package dev.missive.smtp.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.missive.sasl.SaslClientMechanisms;
import dev.missive.sasl.SaslServerMechanisms;
import dev.missive.smtp.Envelope;
import dev.missive.smtp.server.SmtpServerConfig;
import dev.missive.testkit.TestTls;
import dev.missive.transport.TlsSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The smarthost sender against the library's own SMTP listener in submission mode (RFC 6409): STARTTLS (RFC 3207) and
 * implicit TLS (RFC 8314 §3.3) with the certificate verified, AUTH PLAIN (RFC 4954, RFC 4616), a 300 KB message
 * octet for octet, 8-bit content declared BODY=8BITMIME (RFC 6152) and a UTF-8 header declared SMTPUTF8
 * (RFC 6531 §3.4), two messages on one connection, and a wrong password as a typed error.
 */
@Timeout(60)
class SenderListenerTest {

  private final Mailroom mailroom = new Mailroom();
  private SmtpListener listener;

  @BeforeEach
  void start() throws IOException {
    SaslServerMechanisms sasl = SaslServerMechanisms.builder()
        .plain((user, password) -> user.equals("tim") && Arrays.equals(password, "tanstaaf".toCharArray()))
        .build();
    listener = SmtpListener.builder("localhost", mailroom.accepting("submission"))
        .config(SmtpServerConfig.defaults("localhost").toBuilder().authMechanisms(sasl).build())
        .submission(true).port(0).implicitTlsPort(0).tls(TlsSettings.of(TestTls.serverContext())).start();
  }

  @AfterEach
  void stop() throws IOException {
    listener.close();
  }

  private SmtpSender.Builder smarthost() {
    return SmtpSender.smarthost("localhost").trust(TestTls.clientContext())
        .authentication(() -> SaslClientMechanisms.plain("", "tim", "tanstaaf"));
  }

  @Test
  void startTlsAuthAndSeveralMessagesOctetForOctet() throws Exception {
    byte[] big = SenderSubEthaSmtpTest.message(300 * 1024);
    byte[] utf8 = "Subject: gr\u00fc\u00dfe\r\nFrom: J\u00fcrgen <tim@example.org>\r\n\r\nsch\u00f6n\r\n"
        .getBytes(StandardCharsets.UTF_8);
    byte[] eightBit = "Subject: body only\r\n\r\ncaf\u00e9\r\n".getBytes(StandardCharsets.UTF_8);
    try (SenderConnection c = smarthost().port(listener.port()).build().connect()) {
      for (byte[] message : new byte[][] {big, utf8, eightBit}) {
        SendResult result = c.send(Envelope.of("tim@example.org", "alice@example.net"), MessageContent.of(message));
        assertThat(result.allDelivered()).as(result.toString()).isTrue();
      }
    }
    assertThat(mailroom.delivered).hasSize(3);
    assertThat(mailroom.delivered.get(0).content()).endsWith(big); // after the listener's own trace fields
    assertThat(mailroom.delivered.get(0).tls()).isTrue();
    assertThat(mailroom.delivered.get(0).parameters()).contains("SIZE=" + big.length).doesNotContain("8BITMIME");
    assertThat(mailroom.delivered.get(1).content()).endsWith(utf8);
    assertThat(mailroom.delivered.get(1).parameters()).contains("BODY=8BITMIME").contains("SMTPUTF8");
    assertThat(mailroom.delivered.get(2).parameters()).contains("BODY=8BITMIME").doesNotContain("SMTPUTF8");
  }

  @Test
  void implicitTlsOnTheSecondPort() throws Exception {
    SendResult result = smarthost().implicitTls().port(listener.implicitTlsPort()).build()
        .send(Envelope.of("tim@example.org", "alice@example.net"),
            MessageContent.of("Subject: 465\r\n\r\nhi\r\n".getBytes(StandardCharsets.US_ASCII)));
    assertThat(result.allDelivered()).as(result.toString()).isTrue();
    assertThat(mailroom.delivered).singleElement().satisfies(d -> assertThat(d.tls()).isTrue());
  }

  @Test
  void aWrongPasswordIsASessionError() throws Exception {
    SmtpSender wrong = SmtpSender.smarthost("localhost").port(listener.port()).trust(TestTls.clientContext())
        .authentication(() -> SaslClientMechanisms.plain("", "tim", "guess")).build();
    assertThatThrownBy(wrong::connect).isInstanceOf(SmtpSessionException.class)
        .satisfies(e -> assertThat(((SmtpSessionException) e).reply().orElseThrow().code()).isEqualTo(535));
    assertThat(mailroom.delivered).isEmpty();
  }
}
