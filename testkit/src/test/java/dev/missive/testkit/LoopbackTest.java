package dev.missive.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.missive.wire.EngineEnvironment;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class LoopbackTest {

  private static final LoopbackOptions OPTIONS = LoopbackOptions.defaults().withTimeout(Duration.ofSeconds(5));

  private static LoopbackServer toyServer(LoopbackOptions options) {
    return LoopbackServer.start(
        () -> HostedEngine.of(new ToyServer(EngineEnvironment.system()), ToyHosts.server(true)), options);
  }

  @Test
  void clientAndServerEnginesTalkOverASocketWithStarttls() throws Exception {
    try (LoopbackServer server = toyServer(OPTIONS)) {
      ToyClient client = new ToyClient(List.of("ECHO hi", "STARTTLS", "ECHO secret", "QUIT"));
      EventLog log = LoopbackClient.run(HostedEngine.of(client, ToyHosts.client()), server.address(), OPTIONS);
      assertThat(log.entries()).containsExactly("+OK toy ready", "+OK hi", "+OK begin TLS", "+OK secret", "+OK bye");
      assertThat(client.tls().protocol()).isIn("TLSv1.3", "TLSv1.2");
      assertThat(server.awaitIdle(1, Duration.ofSeconds(10))).isTrue();
      server.assertNoFailures();
      assertThat(server.eventLogs()).hasSize(1);
      assertThat(server.eventLogs().get(0).entries()).singleElement().asString().startsWith("tls TLSv1.");
    }
  }

  @Test
  void implicitTls() throws Exception {
    LoopbackOptions tls = OPTIONS.withImplicitTls(true);
    try (LoopbackServer server = toyServer(tls)) {
      EventLog log = LoopbackClient.run(
          HostedEngine.of(new ToyClient(List.of("ECHO wrapped", "QUIT")), ToyHosts.client()), server.address(), tls);
      assertThat(log.entries()).containsExactly("+OK toy ready", "+OK wrapped", "+OK bye");
      assertThat(server.awaitIdle(1, Duration.ofSeconds(10))).isTrue();
      server.assertNoFailures();
    }
  }

  @Test
  void aPlainSocketClientSpeaksToTheEngine() throws Exception {
    try (LoopbackServer server = toyServer(OPTIONS); Socket s = new Socket("127.0.0.1", server.port())) {
      s.setSoTimeout(5000);
      BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
      OutputStream out = s.getOutputStream();
      assertThat(in.readLine()).isEqualTo("+OK toy ready");
      out.write("ECHO raw\r\nQUIT\r\n".getBytes(StandardCharsets.US_ASCII));
      assertThat(in.readLine()).isEqualTo("+OK raw");
      assertThat(in.readLine()).isEqualTo("+OK bye");
      assertThat(in.readLine()).as("the server closes after QUIT").isNull();
      assertThat(server.awaitIdle(1, Duration.ofSeconds(10))).isTrue();
      server.assertNoFailures();
    }
  }

  @Test
  void theClientVerifiesTheHostName() {
    LoopbackOptions wrongHost = new LoopbackOptions(true, null, "mail.example.com", 2, Duration.ofSeconds(5));
    try (LoopbackServer server = toyServer(OPTIONS.withImplicitTls(true))) {
      assertThatThrownBy(() -> LoopbackClient.run(
          HostedEngine.of(new ToyClient(List.of("QUIT")), ToyHosts.client()), server.address(), wrongHost))
          .isInstanceOf(SSLHandshakeException.class);
    }
  }

  @Test
  void aSilentPeerFailsWithinTheTimeoutInsteadOfHanging() throws Exception {
    LoopbackOptions quick = OPTIONS.withTimeout(Duration.ofMillis(300));
    try (LoopbackServer server = toyServer(quick); Socket s = new Socket("127.0.0.1", server.port())) {
      assertThat(server.awaitIdle(1, Duration.ofSeconds(10))).isTrue();
      assertThat(server.failures()).singleElement().isInstanceOf(SocketTimeoutException.class);
      assertThatThrownBy(server::assertNoFailures).isInstanceOf(AssertionError.class);
    }
  }

  @Test
  void closeEndsLiveConnections() throws IOException {
    LoopbackServer server = toyServer(OPTIONS);
    try (Socket s = new Socket("127.0.0.1", server.port())) {
      s.setSoTimeout(5000);
      BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
      assertThat(in.readLine()).isEqualTo("+OK toy ready");
      server.close();
      assertThat(in.readLine()).isNull();
    }
  }

  @Test
  void theTestCertificateIsForLocalhost() {
    assertThat(TestTls.certificate().getSubjectX500Principal().getName()).contains("CN=localhost");
    assertThat(TestTls.serverContext().getProtocol()).isEqualTo("TLS");
  }

  @Test
  void theEnginesDeadlineEndsAnIdleConnectionBeforeTheSocketTimeout() throws Exception {
    long idle = Duration.ofMillis(200).toNanos();
    try (LoopbackServer server = LoopbackServer.start(() -> HostedEngine.of(
            new ToyServer(EngineEnvironment.system(), 1 << 16, idle), ToyHosts.server(true)), OPTIONS);
        Socket s = new Socket("127.0.0.1", server.port())) {
      s.setSoTimeout(5000);
      BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
      assertThat(in.readLine()).isEqualTo("+OK toy ready");
      assertThat(in.readLine()).isEqualTo("-ERR idle timeout");
      assertThat(in.readLine()).isNull();
      assertThat(server.awaitIdle(1, Duration.ofSeconds(10))).isTrue();
      server.assertNoFailures();
    }
  }
}
