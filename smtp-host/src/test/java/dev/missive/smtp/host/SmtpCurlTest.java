package dev.missive.smtp.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.missive.testkit.ExternalTools;
import dev.missive.testkit.TestTls;
import dev.missive.transport.TlsSettings;
import dev.missive.transport.Transport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * curl's SMTP client against the listener on both transports: a message in plaintext and one over STARTTLS
 * (RFC 3207, curl's {@code --ssl-reqd} with the test certificate verified for {@code localhost}), each arriving with
 * a line that starts with a dot intact (curl dot-stuffs, RFC 5321 §4.5.2; the engine removes it).
 */
@Timeout(120)
class SmtpCurlTest {

  static final Path CURL = Path.of("/usr/bin/curl");
  static final String MESSAGE = "Subject: from curl\r\n\r\nhello\r\n.a line that starts with a dot\r\n";

  @ParameterizedTest
  @EnumSource(Transport.class)
  void curlSendsInPlaintextAndOverStartTls(Transport transport, @TempDir Path dir) throws Exception {
    assumeTrue(ExternalTools.availableOrFailOnCi("curl", ExternalTools.isExecutable(CURL)), "no curl");
    Path message = Files.write(dir.resolve("message.eml"), MESSAGE.getBytes(StandardCharsets.US_ASCII));
    Inbox inbox = new Inbox();
    try (SmtpListener mx = SmtpListener.builder("mx.example", inbox::handler).port(0)
        .tls(TlsSettings.of(TestTls.serverContext())).transport(transport).start()) {
      String url = "smtp://" + TestTls.HOST + ":" + mx.port();
      String pem = TestTls.certificatePemFile(dir).toString();
      ExternalTools.run(dir, Duration.ofSeconds(60), CURL.toString(), "-sS", "--url", url, "--mail-from",
          "alice@client.example", "--mail-rcpt", "bob@mx.example", "-T", message.toString());
      ExternalTools.run(dir, Duration.ofSeconds(60), CURL.toString(), "-sS", "--ssl-reqd", "--cacert", pem,
          "--url", url, "--mail-from", "carol@client.example", "--mail-rcpt", "bob@mx.example",
          "-T", message.toString());
    }
    Inbox.Received plain = inbox.next();
    assertThat(plain.from()).isEqualTo("<alice@client.example>");
    assertThat(plain.tls()).isFalse();
    assertThat(plain.content()).endsWith(MESSAGE);
    Inbox.Received tls = inbox.next();
    assertThat(tls.from()).isEqualTo("<carol@client.example>");
    assertThat(tls.tls()).isTrue();
    assertThat(tls.content()).endsWith(MESSAGE);
  }
}
