package dev.missive.smtp.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missive.smtp.Envelope;
import dev.missive.smtp.client.SmtpClientEvent.Outcome;
import dev.missive.smtp.client.SmtpClientEvent.TransactionResult;
import dev.missive.testkit.HostedEngine;
import dev.missive.testkit.LoopbackClient;
import dev.missive.testkit.LoopbackOptions;
import dev.missive.wire.EngineEnvironment;
import dev.missive.wire.TlsPolicy;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.subethamail.smtp.server.SMTPServer;

/**
 * The client engine against an independent server over loopback, SubEthaSMTP (which offers CHUNKING, 8BITMIME and
 * SIZE, not PIPELINING): a 311 798-octet message, written in one call or in pieces, arrives octet for octet after
 * DATA (RFC 5321 §4.1.1.4, dot-unstuffed by the server) and with BDAT (RFC 3030 §2).
 */
class ClientSubEthaSmtpTest {

  @ParameterizedTest(name = "chunking={0} piece={1}")
  @CsvSource({"false,2147483647", "true,2147483647", "false,4096", "true,4096", "false,1000", "true,70000"})
  void theIssuesMessageArrivesWhole(boolean chunking, int piece) throws Exception {
    byte[] body = ContentStreamingTest.message(ContentStreamingTest.ISSUE_SIZE, 56);
    List<byte[]> received = new CopyOnWriteArrayList<>();
    SMTPServer server = SMTPServer.port(0).bindAddress(InetAddress.getLoopbackAddress()).hostName("localhost")
        .insertReceivedHeaders(false).maxMessageSize(1 << 20)
        .messageHandler((context, from, to, data) -> received.add(data)).build();
    server.start();
    try {
      SendingHost client = new SendingHost().message(Envelope.of("a@example.org", "b@example.org"), body)
          .pieces(() -> piece);
      SmtpClientConfig config = SmtpClientConfig.builder().ehloName("client.example").tlsPolicy(TlsPolicy.NONE)
          .chunking(chunking).build();
      LoopbackClient.run(HostedEngine.of(new SmtpClient(config, EngineEnvironment.system()), client),
          new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getPortAllocated()),
          LoopbackOptions.defaults().withTimeout(Duration.ofSeconds(20)));
      assertThat(client.events(SmtpClientEvent.CapabilitiesKnown.class)).singleElement()
          .satisfies(c -> assertThat(c.capabilities().has("CHUNKING")).isTrue());
      assertThat(client.events(TransactionResult.class)).singleElement()
          .satisfies(t -> assertThat(t.outcome()).isEqualTo(Outcome.ACCEPTED));
      assertThat(received).singleElement().satisfies(m -> assertThat(m).isEqualTo(body));
    } finally {
      server.stop();
    }
  }
}
