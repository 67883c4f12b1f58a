package dev.missive.smtp.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.missive.sasl.SaslServerMechanisms;
import dev.missive.smtp.server.SmtpServerConfig;
import dev.missive.testkit.LineClient;
import dev.missive.testkit.TestTls;
import dev.missive.transport.ProxyProtocol;
import dev.missive.transport.TlsSettings;
import dev.missive.transport.Transport;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The SMTP listener on both transports, spoken to in raw lines: the strict defaults (no plaintext AUTH before
 * STARTTLS, also from loopback, RFC 4954 §4), the loopback opt-in, submission's AUTH before MAIL (RFC 6409 §4.3),
 * the over-limit 421 (RFC 5321 §3.8) and the graceful stop's {@code 421 4.3.2}. Real clients are in
 * {@link AngusMailTest} and {@link PythonClientsTest}.
 */
@Timeout(60)
class SmtpListenerTest {

  static SmtpServerConfig withPlainAuth() {
    return SmtpServerConfig.builder().authMechanisms(SaslServerMechanisms.builder()
        .plain((user, password) -> user.equals("alice") && new String(password).equals("secret"))
        .login((user, password) -> user.equals("alice") && new String(password).equals("secret"))
        .build()).build();
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void plaintextAuthIsOfferedBeforeTlsOnlyToTrustedLoopback(Transport transport) throws Exception {
    Inbox inbox = new Inbox();
    try (SmtpListener strict = SmtpListener.builder("mx.example", inbox::handler).port(0).config(withPlainAuth())
        .tls(TlsSettings.of(TestTls.serverContext())).transport(transport).start();
         SmtpListener trusting = SmtpListener.builder("mx.example", inbox::handler).port(0).config(withPlainAuth())
             .trustLoopback(true).transport(transport).start()) {
      try (LineClient smtp = LineClient.connect(strict.port())) {
        assertThat(smtp.reply()).startsWith("220 mx.example");
        String ehlo = smtp.send("EHLO client.example");
        assertThat(ehlo).contains("STARTTLS").doesNotContain("AUTH");
        assertThat(smtp.send("AUTH PLAIN AGFsaWNlAHNlY3JldA==")).startsWith("5");
      }
      try (LineClient smtp = LineClient.connect(trusting.port())) {
        smtp.reply();
        assertThat(smtp.send("EHLO client.example")).contains("AUTH ").contains("PLAIN").doesNotContain("STARTTLS");
        assertThat(smtp.send("AUTH PLAIN AGFsaWNlAHNlY3JldA==")).startsWith("235");
        assertThat(smtp.send("MAIL FROM:<alice@example.org>")).startsWith("250");
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void submissionRefusesMailBeforeAuth(Transport transport) throws Exception {
    Inbox inbox = new Inbox();
    try (SmtpListener msa = SmtpListener.builder("msa.example", inbox::handler).port(0).config(withPlainAuth())
        .submission(true).trustLoopback(true).transport(transport).start()) {
      try (LineClient smtp = LineClient.connect(msa.port())) {
        smtp.reply();
        smtp.send("EHLO client.example");
        assertThat(smtp.send("MAIL FROM:<alice@example.org>")).startsWith("530 5.7.0");
        assertThat(smtp.send("AUTH PLAIN AGFsaWNlAHNlY3JldA==")).startsWith("235");
        assertThat(smtp.send("MAIL FROM:<alice@example.org>")).startsWith("250");
        assertThat(smtp.send("RCPT TO:<bob@example.org>")).startsWith("250");
        assertThat(smtp.send("DATA")).startsWith("354");
        assertThat(smtp.send("Subject: hi\r\n\r\nhello\r\n.")).startsWith("250");
      }
      Inbox.Received r = inbox.next();
      assertThat(r.user()).isEqualTo("alice");
      assertThat(r.content()).endsWith("Subject: hi\r\n\r\nhello\r\n");
    }
  }

  @Test
  void submissionWithoutAuthMechanismsIsRefusedAtStart() {
    assertThatThrownBy(() -> SmtpListener.builder("msa.example", new Inbox()::handler).port(0).submission(true)
        .start()).isInstanceOf(IllegalStateException.class).hasMessageContaining("AUTH mechanisms");
  }

  @Test
  void anImplicitTlsPortNeedsTls() {
    assertThatThrownBy(() -> SmtpListener.builder("mx.example", new Inbox()::handler).port(0).implicitTlsPort(0)
        .start()).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void anExecutorIsForTheBlockingTransportOnly() {
    assertThatThrownBy(() -> SmtpListener.builder("mx.example", new Inbox()::handler).port(0)
        .executor(Runnable::run).transport(Transport.NETTY).start())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("Transport.BLOCKING");
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void aConnectionOverTheLimitIsTold421(Transport transport) throws Exception {
    try (SmtpListener smtp = SmtpListener.builder("mx.example", new Inbox()::handler).port(0).maxConnections(1, 1)
        .transport(transport).start();
         LineClient first = LineClient.connect(smtp.port())) {
      assertThat(first.reply()).startsWith("220 ");
      try (LineClient second = LineClient.connect(smtp.port())) {
        assertThat(second.reply()).isEqualTo("421 4.7.0 mx.example Too many connections, try again later");
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void closeAnswersEverySession421(Transport transport) throws Exception {
    SmtpListener smtp = SmtpListener.builder("mx.example", new Inbox()::handler).port(0).transport(transport).start();
    try (LineClient client = LineClient.connect(smtp.port())) {
      client.reply();
      assertThat(client.send("EHLO client.example")).startsWith("250");
      smtp.close();
      assertThat(client.reply()).startsWith("421 4.3.2");
    }
    assertThat(smtp.connections()).isZero();
  }

  /**
   * Behind a trusted proxy (HAProxy's PROXY protocol, version 1 here) the client the header names is the one the
   * per-address limit counts: two connections through the same proxy from two clients are both served, a second one
   * from the first client is told 421; a connection from the proxy's address without a header is closed unanswered.
   */
  @ParameterizedTest
  @EnumSource(Transport.class)
  void aTrustedProxyNamesTheClientTheLimitCounts(Transport transport) throws Exception {
    try (SmtpListener smtp = SmtpListener.builder("mx.example", new Inbox()::handler).port(0).maxConnections(10, 1)
        .proxyProtocol(ProxyProtocol.trusting(List.of(InetAddress.getLoopbackAddress()))).transport(transport)
        .start();
         LineClient first = LineClient.connect(smtp.port());
         LineClient second = LineClient.connect(smtp.port());
         LineClient again = LineClient.connect(smtp.port());
         LineClient bare = LineClient.connect(smtp.port())) {
      first.write("PROXY TCP4 192.0.2.1 127.0.0.1 40001 25");
      assertThat(first.reply()).startsWith("220 ");
      second.write("PROXY TCP4 192.0.2.2 127.0.0.1 40002 25");
      assertThat(second.reply()).startsWith("220 ");
      again.write("PROXY TCP4 192.0.2.1 127.0.0.1 40003 25");
      assertThat(again.reply()).isEqualTo("421 4.7.0 mx.example Too many connections, try again later");
      bare.write("EHLO client.example");
      assertThat(bare.line()).as("no PROXY header from the proxy: closed before any greeting").isEmpty();
    }
  }

  /**
   * Postfix's XCLIENT only for the configured SMTP proxies: from one, EHLO lists it and XCLIENT starts the session
   * again as the named client (a new 220); from any other address it is not offered and answered 550 5.7.0.
   */
  @ParameterizedTest
  @EnumSource(Transport.class)
  void xclientOnlyFromTheConfiguredSmtpProxies(Transport transport) throws Exception {
    try (SmtpListener proxied = SmtpListener.builder("mx.example", new Inbox()::handler).port(0)
        .xclientProxies(List.of(InetAddress.getLoopbackAddress())).transport(transport).start();
         SmtpListener direct = SmtpListener.builder("mx.example", new Inbox()::handler).port(0)
             .xclientProxies(List.of(InetAddress.getByName("192.0.2.25"))).transport(transport).start();
         LineClient proxy = LineClient.connect(proxied.port());
         LineClient client = LineClient.connect(direct.port())) {
      proxy.reply();
      assertThat(proxy.send("EHLO proxy.example")).contains("XCLIENT").contains("XFORWARD");
      assertThat(proxy.send("XCLIENT ADDR=192.0.2.7 NAME=[UNAVAILABLE]")).startsWith("220 ");
      client.reply();
      assertThat(client.send("EHLO client.example")).doesNotContain("XCLIENT");
      assertThat(client.send("XCLIENT ADDR=192.0.2.7")).startsWith("550 5.7.0");
    }
  }
}
