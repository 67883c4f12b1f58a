package dev.missive.smtp.host;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missive.smtp.server.SmtpHandler;
import dev.missive.smtp.server.SmtpSession;
import dev.missive.testkit.LineClient;
import dev.missive.testkit.TestTls;
import dev.missive.transport.TlsSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The README's SMTP listener runs as printed: this test holds the same lines and checks the README still has them. */
@Timeout(60)
class ReadmeListenerTest {

  private static final String SNIPPET = """
      try (SmtpListener listener = SmtpListener.builder("mx.example.org", handlers)
          .port(2525)                                              // 25 by default
          .tls(TlsSettings.fromKeyStore(keyStore, password))       // or TlsSettings.of(sslContext): STARTTLS offered
          .implicitTlsPort(4650)                                   // SMTP over TLS from the first byte (RFC 8314)
          .maxConnections(256, 16)                                 // in total, per client address
          .start()) {
        awaitShutdown();
      }
      """;

  private final Inbox inbox = new Inbox();
  private SmtpListener started;

  @Test
  void theReadmeListenerStartsAndAnswers(@TempDir Path dir) throws Exception {
    assertThat(Files.readString(Path.of("../README.md"))).contains(SNIPPET);
    Path keyStore = TestTls.keyStoreFile(dir);
    char[] password = TestTls.PASSWORD.toCharArray();
    Function<SmtpSession, SmtpHandler> handlers = inbox::handler;
    // the README's lines, with free ports instead of 2525 and 4650 so the test never collides with a running server
    try (SmtpListener listener = SmtpListener.builder("mx.example.org", handlers)
        .port(0)                                                 // 25 by default
        .tls(TlsSettings.fromKeyStore(keyStore, password))       // or TlsSettings.of(sslContext): STARTTLS offered
        .implicitTlsPort(0)                                      // SMTP over TLS from the first byte (RFC 8314)
        .maxConnections(256, 16)                                 // in total, per client address
        .start()) {
      started = listener;
      awaitShutdown();
    }
  }

  /** Stands for the application's own wait: here one message is sent and arrives, then the test returns. */
  private void awaitShutdown() throws Exception {
    try (LineClient smtp = LineClient.connect(started.port())) {
      assertThat(smtp.reply()).startsWith("220 mx.example.org");
      assertThat(smtp.send("EHLO client.example")).contains("STARTTLS");
      assertThat(smtp.send("MAIL FROM:<a@example.org>")).startsWith("250");
      assertThat(smtp.send("RCPT TO:<b@example.org>")).startsWith("250");
      assertThat(smtp.send("DATA")).startsWith("354");
      assertThat(smtp.send("Subject: readme\r\n\r\nhi\r\n.")).startsWith("250");
    }
    assertThat(inbox.next().content()).endsWith("Subject: readme\r\n\r\nhi\r\n");
    assertThat(started.implicitTlsPort()).isPositive();
  }
}
