package dev.missive.pop3.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.missive.testkit.ExternalTools;
import dev.missive.testkit.TestTls;
import dev.missive.transport.TlsSettings;
import dev.missive.transport.Transport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * curl's POP3 client against the listener on both transports: STLS (RFC 2595) with the test certificate verified
 * for {@code localhost}, LIST and RETR of the first message byte for byte (dot-unstuffed by curl, RFC 1939 §3), and
 * RETR over the implicit-TLS port (RFC 8314 §3). curl logs in with APOP alone whenever the greeting carries a
 * timestamp (RFC 1939 §7), so the listener sends one only when told its handlers answer APOP.
 */
@Timeout(120)
class Pop3CurlTest {

  static final Path CURL = Path.of("/usr/bin/curl");

  @ParameterizedTest
  @EnumSource(Transport.class)
  void curlRetrievesOverStlsAndImplicitTls(Transport transport, @TempDir Path dir) throws Exception {
    assumeTrue(ExternalTools.availableOrFailOnCi("curl", ExternalTools.isExecutable(CURL)), "no curl");
    List<Integer> deleted = new CopyOnWriteArrayList<>();
    try (Pop3Listener pop3 = Pop3Listener.builder("pop.example", session -> new MemoryMailbox(deleted,
            Pop3ListenerTest.FIRST, Pop3ListenerTest.SECOND))
        .port(0).implicitTlsPort(0).tls(TlsSettings.of(TestTls.serverContext())).transport(transport).start()) {
      String pem = TestTls.certificatePemFile(dir).toString();
      String plain = "pop3://" + TestTls.HOST + ":" + pop3.port() + "/1";
      String stls = ExternalTools.run(dir, Duration.ofSeconds(60), CURL.toString(), "-sS", "--ssl-reqd",
          "--cacert", pem, "--user", "alice:secret", plain);
      assertThat(stls).isEqualTo(Pop3ListenerTest.FIRST);
      String list = ExternalTools.run(dir, Duration.ofSeconds(60), CURL.toString(), "-sS", "--ssl-reqd",
          "--cacert", pem, "--user", "alice:secret", "pop3://" + TestTls.HOST + ":" + pop3.port() + "/");
      assertThat(list).startsWith("1 ").contains("\r\n2 ");
      String implicit = ExternalTools.run(dir, Duration.ofSeconds(60), CURL.toString(), "-sS", "--cacert", pem,
          "--user", "alice:secret", "pop3s://" + TestTls.HOST + ":" + pop3.implicitTlsPort() + "/2");
      assertThat(implicit).isEqualTo(Pop3ListenerTest.SECOND);
    }
    assertThat(deleted).isEmpty();
  }
}
