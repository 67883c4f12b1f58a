package dev.missive.imap.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.missive.imap.store.InMemoryMailStore;
import dev.missive.testkit.ExternalTools;
import dev.missive.testkit.TestTls;
import dev.missive.transport.TlsSettings;
import dev.missive.transport.Transport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * curl's IMAP client against the listener on both transports: STARTTLS (RFC 9051 §6.2.1) with the test certificate
 * verified for {@code localhost} and a FETCH of the message by UID byte for byte, and the same over the implicit-TLS
 * port (RFC 8314 §3.2). curl 7.88 keeps the {@code LOGINDISABLED} it saw before STARTTLS, so it logs in with
 * AUTHENTICATE PLAIN, which the listener offers after TLS (RFC 9051 §7.2.2).
 */
@Timeout(120)
class ImapCurlTest {

  static final Path CURL = Path.of("/usr/bin/curl");
  static final String MESSAGE = "Subject: hi\r\n\r\nhello over IMAP\r\n";

  @ParameterizedTest
  @EnumSource(Transport.class)
  void curlFetchesOverStartTlsAndImplicitTls(Transport transport, @TempDir Path dir) throws Exception {
    assumeTrue(ExternalTools.availableOrFailOnCi("curl", ExternalTools.isExecutable(CURL)), "no curl");
    InMemoryMailStore store = new InMemoryMailStore();
    store.addUser("alice", "secret");
    store.deliver("alice", "INBOX", MESSAGE.getBytes(StandardCharsets.US_ASCII));
    try (ImapListener imap = ImapListener.builder(store).port(0).implicitTlsPort(0)
        .tls(TlsSettings.of(TestTls.serverContext())).transport(transport).start()) {
      String pem = TestTls.certificatePemFile(dir).toString();
      String url = "imap://" + TestTls.HOST + ":" + imap.port() + "/INBOX;UID=1";
      String startTls = ExternalTools.run(dir, Duration.ofSeconds(60), CURL.toString(), "-sS", "--ssl-reqd",
          "--cacert", pem, "--user", "alice:secret", url);
      assertThat(startTls).isEqualTo(MESSAGE);
      String implicit = ExternalTools.run(dir, Duration.ofSeconds(60), CURL.toString(), "-sS", "--cacert", pem,
          "--user", "alice:secret", "imaps://" + TestTls.HOST + ":" + imap.implicitTlsPort() + "/INBOX;UID=1");
      assertThat(implicit).isEqualTo(MESSAGE);
    }
  }
}
