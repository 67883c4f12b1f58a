package dev.missive.smtp.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.missive.testkit.ExternalTools;
import dev.missive.testkit.TestTls;
import dev.missive.transport.TlsSettings;
import dev.missive.transport.Transport;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Python's smtplib against a submission listener on both transports: no AUTH offered before STARTTLS (RFC 4954 §4),
 * MAIL refused 530 before AUTH (RFC 6409 §4.3), then AUTH PLAIN and a message over STARTTLS (RFC 3207) and over
 * implicit TLS (RFC 8314 §3.3), both arriving byte for byte.
 */
@Timeout(120)
class SmtpPythonTest {

  static final Path PYTHON = Path.of("/usr/bin/python3");
  static final String MESSAGE = "Subject: from smtplib\r\n\r\nhello\r\n.a line that starts with a dot\r\n";

  @ParameterizedTest
  @EnumSource(Transport.class)
  void smtplibSubmitsOverStartTlsAndImplicitTls(Transport transport, @TempDir Path dir) throws Exception {
    assumeTrue(ExternalTools.availableOrFailOnCi("python3", ExternalTools.isExecutable(PYTHON)), "no python3");
    Inbox inbox = new Inbox();
    try (SmtpListener msa = SmtpListener.builder("msa.example", inbox::handler).port(0).implicitTlsPort(0)
        .tls(TlsSettings.of(TestTls.serverContext())).config(SmtpListenerTest.withPlainAuth()).submission(true)
        .transport(transport).start()) {
      String out = ExternalTools.run(dir, Duration.ofSeconds(90), PYTHON.toString(), script(dir).toString(),
          Integer.toString(msa.port()), Integer.toString(msa.implicitTlsPort()),
          TestTls.certificatePemFile(dir).toString());
      assertThat(out).contains("MAIL before AUTH refused 530", "sent over STARTTLS", "sent over implicit TLS", "done");
    }
    for (int i = 0; i < 2; i++) {
      Inbox.Received r = inbox.next();
      assertThat(r.user()).isEqualTo("alice");
      assertThat(r.tls()).isTrue();
      assertThat(r.content()).endsWith(MESSAGE);
    }
  }

  private static Path script(Path dir) throws Exception {
    Path script = dir.resolve("smtplib_session.py");
    try (InputStream in = SmtpPythonTest.class.getResourceAsStream("smtplib_session.py")) {
      Files.copy(in, script);
    }
    return script;
  }
}
