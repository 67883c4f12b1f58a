package dev.missive.smtp.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missive.sasl.SaslClientMechanisms;
import dev.missive.sasl.SaslServerMechanisms;
import dev.missive.smtp.Envelope;
import dev.missive.smtp.client.SmtpClientEvent.Outcome;
import dev.missive.smtp.client.SmtpClientEvent.TransactionResult;
import dev.missive.smtp.server.SmtpServer;
import dev.missive.smtp.server.SmtpServerConfig;
import dev.missive.testkit.HostedEngine;
import dev.missive.testkit.LoopbackClient;
import dev.missive.testkit.LoopbackOptions;
import dev.missive.testkit.LoopbackServer;
import dev.missive.wire.ConnectionSecurity;
import dev.missive.wire.EngineEnvironment;
import dev.missive.wire.PeerInfo;
import dev.missive.wire.TlsPolicy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The client engine sending to the server engine over loopback sockets (the testkit's driver): with real TLS,
 * STARTTLS (RFC 3207) and implicit TLS (RFC 8314), then AUTH PLAIN and one message; and a 311 798-octet message
 * written in one call, after DATA and with BDAT (RFC 3030 §2), with and without PIPELINING (RFC 2920), which must
 * arrive octet for octet.
 */
class ClientLoopbackTest {

  private static final LoopbackOptions PLAIN = LoopbackOptions.defaults().withTimeout(Duration.ofSeconds(20));

  @ParameterizedTest(name = "chunking={0} pipelining={1}")
  @CsvSource({"false,false", "false,true", "true,false", "true,true"})
  void theIssuesMessageArrivesWhole(boolean chunking, boolean pipelining) throws Exception {
    byte[] body = ContentStreamingTest.message(ContentStreamingTest.ISSUE_SIZE, 34);
    AcceptingServerHost serverHost = new AcceptingServerHost();
    SmtpServerConfig serverConfig = SmtpServerConfig.builder().hostname("localhost").tlsAvailable(false).build();
    try (LoopbackServer server = LoopbackServer.start(() -> HostedEngine.of(new SmtpServer(serverConfig,
        EngineEnvironment.system(),
            new PeerInfo("[127.0.0.1]", "big", ConnectionSecurity.PLAINTEXT)), serverHost), PLAIN)) {
      SendingHost client = new SendingHost().message(Envelope.of("a@example.org", "b@example.org"), body);
      SmtpClientConfig config = SmtpClientConfig.builder().ehloName("client.example").tlsPolicy(TlsPolicy.NONE)
          .chunking(chunking).pipelining(pipelining).build();
      LoopbackClient.run(HostedEngine.of(new SmtpClient(config, EngineEnvironment.system()), client),
          server.address(), PLAIN);
      assertThat(server.awaitIdle(1, Duration.ofSeconds(20))).isTrue();
      server.assertNoFailures();
      assertThat(client.events(TransactionResult.class)).singleElement()
          .satisfies(t -> assertThat(t.outcome()).isEqualTo(Outcome.ACCEPTED));
      assertThat(serverHost.events()).anyMatch(e -> e.toString().equals("DataStart[chunked=" + chunking + "]"));
      assertThat(serverHost.messages()).singleElement().satisfies(m -> assertThat(m).isEqualTo(body));
    }
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void sendsOverRealTls(boolean implicitTls) throws Exception {
    AcceptingServerHost serverHost = new AcceptingServerHost();
    SmtpServerConfig serverConfig = SmtpServerConfig.builder().hostname("localhost").tlsAvailable(!implicitTls)
        .authMechanisms(SaslServerMechanisms.builder()
            .plain((user, password) -> user.equals("tim") && new String(password).equals("tanstaaftanstaaf"))
            .build())
        .build();
    LoopbackOptions options = LoopbackOptions.defaults().withImplicitTls(implicitTls)
        .withTimeout(Duration.ofSeconds(20));
    try (LoopbackServer server = LoopbackServer.start(() -> HostedEngine.of(new SmtpServer(serverConfig,
        EngineEnvironment.system(),
            new PeerInfo("[127.0.0.1]", "loop1", implicitTls ? ConnectionSecurity.IMPLICIT_TLS
                : ConnectionSecurity.PLAINTEXT)), serverHost), options)) {
      SendingHost client = new SendingHost()
          .message(Envelope.of("a@example.org", "b@example.org"), "Subject: loopback\r\n\r\n.dot\r\n");
      SmtpClientConfig config = SmtpClientConfig.builder().ehloName("client.example").tlsPolicy(TlsPolicy.REQUIRED)
          .authentication(() -> SaslClientMechanisms.plain("", "tim", "tanstaaftanstaaf")).build();
      PeerInfo peer = new PeerInfo("[127.0.0.1]", "loop2",
          implicitTls ? ConnectionSecurity.IMPLICIT_TLS : ConnectionSecurity.PLAINTEXT);
      LoopbackClient.run(HostedEngine.of(new SmtpClient(config, EngineEnvironment.system(), peer), client),
          server.address(), options);
      assertThat(server.awaitIdle(1, Duration.ofSeconds(20))).isTrue();
      server.assertNoFailures();
      assertThat(client.events(SmtpClientEvent.CapabilitiesKnown.class)).last()
          .satisfies(c -> assertThat(c.tls()).isTrue());
      assertThat(client.events(TransactionResult.class)).singleElement()
          .satisfies(t -> assertThat(t.outcome()).isEqualTo(Outcome.ACCEPTED));
      assertThat(serverHost.messages()).singleElement().satisfies(m -> assertThat(
          new String(m, StandardCharsets.UTF_8)).isEqualTo("Subject: loopback\r\n\r\n.dot\r\n"));
    }
  }
}
