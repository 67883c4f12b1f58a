package dev.missive.imap.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.missive.imap.store.InMemoryMailStore;
import dev.missive.testkit.ExternalTools;
import dev.missive.testkit.TestTls;
import dev.missive.transport.TlsSettings;
import dev.missive.transport.Transport;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Python's imaplib against the IMAP listener on both transports: LOGIN refused before STARTTLS (LOGINDISABLED,
 * RFC 9051 §6.2.3), then STARTTLS (§6.2.1), SELECT and a FETCH of the whole message, and STATUS over the implicit-TLS
 * port (RFC 8314 §3.2).
 */
@Timeout(120)
class ImapPythonTest {

  static final Path PYTHON = Path.of("/usr/bin/python3");

  @ParameterizedTest
  @EnumSource(Transport.class)
  void imaplibReadsTheInboxOverStartTlsAndImplicitTls(Transport transport, @TempDir Path dir) throws Exception {
    assumeTrue(ExternalTools.availableOrFailOnCi("python3", ExternalTools.isExecutable(PYTHON)), "no python3");
    InMemoryMailStore store = new InMemoryMailStore();
    store.addUser("alice", "secret");
    store.deliver("alice", "INBOX", "Subject: hi\r\n\r\nhello over IMAP\r\n".getBytes(StandardCharsets.US_ASCII));
    try (ImapListener imap = ImapListener.builder(store).port(0).implicitTlsPort(0)
        .tls(TlsSettings.of(TestTls.serverContext())).transport(transport).start()) {
      Path script = dir.resolve("imaplib_session.py");
      try (InputStream in = ImapPythonTest.class.getResourceAsStream("imaplib_session.py")) {
        Files.copy(in, script);
      }
      String out = ExternalTools.run(dir, Duration.ofSeconds(90), PYTHON.toString(), script.toString(),
          Integer.toString(imap.port()), Integer.toString(imap.implicitTlsPort()),
          TestTls.certificatePemFile(dir).toString());
      assertThat(out).contains("login before TLS refused", "fetched: Subject: hi||hello over IMAP|",
          "implicit status: INBOX (MESSAGES 1)", "done");
    }
  }
}
