package dev.missive.pop3.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missive.pop3.server.Pop3HandlerServer;
import dev.missive.pop3.server.Pop3ServerConfig;
import dev.missive.testkit.EngineHost;
import dev.missive.testkit.EventLog;
import dev.missive.testkit.HostedEngine;
import dev.missive.testkit.LoopbackClient;
import dev.missive.testkit.LoopbackOptions;
import dev.missive.testkit.LoopbackServer;
import dev.missive.wire.ConnectionSecurity;
import dev.missive.wire.EngineEnvironment;
import java.time.Duration;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The client engine reading from the server engine over loopback sockets with the testkit's blocking drivers:
 * STLS with a real TLS handshake (RFC 2595 §4) and implicit TLS (RFC 8314 §3.3), then UIDL, RETR, DELE and QUIT
 * (RFC 1939 §5–§7).
 */
class ClientLoopbackTest {

  private static final String MESSAGE = "Subject: loopback\r\n\r\n.dot first\r\nend\r\n";

  private final Mailbox mailbox = new Mailbox("mrose", "tanstaaf", MESSAGE);

  private Supplier<HostedEngine<Pop3HandlerServer>> servers(ConnectionSecurity security) {
    return () -> HostedEngine.of(new Pop3HandlerServer(Pop3ServerConfig.builder().hostname("localhost").apop(true).build(),
        EngineEnvironment.system(), ClientFixtures.peer(security), session -> mailbox), EngineHost.none());
  }

  private EventLog fetch(LoopbackServer server, Pop3ClientConfig config, LoopbackOptions options) throws Exception {
    Pop3Client client = new Pop3Client(config, EngineEnvironment.system(), ClientFixtures.peer(options.implicitTls()
        ? ConnectionSecurity.IMPLICIT_TLS : ConnectionSecurity.PLAINTEXT));
    client.uidl();
    client.retrieve(1);
    client.delete(1);
    client.quit();
    EventLog log = LoopbackClient.run(HostedEngine.of(client, ClientFixtures.recordingHost()), server.address(),
        options);
    assertThat(server.awaitIdle(1, Duration.ofSeconds(10))).isTrue();
    server.assertNoFailures();
    return log;
  }

  private void assertFetched(EventLog log) {
    assertThat(log.entries()).containsSubsequence(
        "UidlResult[listings=[UniqueIdListing[messageNumber=1, uniqueId=id-1]]]",
        "MessageEnd[messageNumber=1, octets=" + MESSAGE.length() + ", bareLineEndings=false, longLines=false] "
            + "content=" + MESSAGE,
        "CommandCompleted[command=DELE 1, response=+OK message 1 deleted]");
    assertThat(log.entries()).last().asString().startsWith("Closed[orderly=true");
    assertThat(mailbox.log).containsExactly("update [1]");
  }

  @Test
  void stlsThenUserPassOverRealTls() throws Exception {
    try (LoopbackServer server = LoopbackServer.start(servers(ConnectionSecurity.PLAINTEXT))) {
      EventLog log = fetch(server, Pop3ClientConfig.builder().login(Pop3Login.userPass("mrose", "tanstaaf")).build(),
          LoopbackOptions.defaults());
      int tls = log.entries().indexOf("TlsRequested[]");
      assertThat(tls).isNotNegative();
      assertThat(log.entries().subList(tls, log.entries().size()))
          .anyMatch(e -> e.startsWith("LoggedIn[method=USER,"));
      assertFetched(log);
    }
  }

  @Test
  void implicitTlsWithApop() throws Exception {
    LoopbackOptions tls = LoopbackOptions.defaults().withImplicitTls(true);
    try (LoopbackServer server = LoopbackServer.start(servers(ConnectionSecurity.IMPLICIT_TLS), tls)) {
      EventLog log = fetch(server, Pop3ClientConfig.builder().login(Pop3Login.apop("mrose", "tanstaaf")).build(),
          tls);
      assertThat(log.entries()).noneMatch(e -> e.equals("TlsRequested[]"));
      assertThat(log.entries()).anyMatch(e -> e.startsWith("LoggedIn[method=APOP,"));
      assertFetched(log);
    }
  }
}
