package dev.missive.smtp.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missive.sasl.SaslClientMechanisms;
import dev.missive.sasl.SaslServerMechanisms;
import dev.missive.smtp.client.SmtpClientEvent.Outcome;
import dev.missive.smtp.client.SmtpClientEvent.TransactionResult;
import dev.missive.smtp.server.PeerInfo;
import dev.missive.smtp.server.SmtpServer;
import dev.missive.smtp.server.SmtpServerConfig;
import dev.missive.testkit.HostedEngine;
import dev.missive.testkit.LoopbackClient;
import dev.missive.testkit.LoopbackOptions;
import dev.missive.testkit.LoopbackServer;
import dev.missive.wire.EngineEnvironment;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The client engine sending to the server engine over loopback sockets with real TLS (the testkit's driver):
 * STARTTLS (RFC 3207) and implicit TLS (RFC 8314), then AUTH PLAIN and one message.
 */
class ClientLoopbackTest {

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void sendsOverRealTls(boolean implicitTls) throws Exception {
    AcceptingServerHost serverHost = new AcceptingServerHost();
    SmtpServerConfig serverConfig = SmtpServerConfig.builder().hostname("localhost").tlsAvailable(!implicitTls)
        .implicitTls(implicitTls).authMechanisms(SaslServerMechanisms.builder()
            .plain((user, password) -> user.equals("tim") && new String(password).equals("tanstaaftanstaaf"))
            .build())
        .build();
    LoopbackOptions options = LoopbackOptions.defaults().withImplicitTls(implicitTls)
        .withTimeout(Duration.ofSeconds(20));
    try (LoopbackServer server = LoopbackServer.start(() -> HostedEngine.of(new SmtpServer(serverConfig,
        EngineEnvironment.system(), new PeerInfo("[127.0.0.1]", "loop1")), serverHost), options)) {
      SendingHost client = new SendingHost()
          .message(Envelope.of("a@example.org", "b@example.org"), "Subject: loopback\r\n\r\n.dot\r\n");
      SmtpClientConfig config = SmtpClientConfig.defaults("client.example").withTlsPolicy(TlsPolicy.REQUIRED)
          .withImplicitTls(implicitTls)
          .withAuthentication(() -> SaslClientMechanisms.plain("", "tim", "tanstaaftanstaaf"));
      LoopbackClient.run(HostedEngine.of(new SmtpClient(config, EngineEnvironment.system()), client),
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
