package dev.missive.imap.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missive.imap.Flag;
import dev.missive.imap.SequenceSet;
import dev.missive.imap.command.QresyncParameters;
import dev.missive.imap.command.StoreAction;
import dev.missive.imap.server.ImapHandlerServer;
import dev.missive.imap.server.ImapServerConfig;
import dev.missive.imap.store.InMemoryMailStore;
import dev.missive.testkit.EngineHost;
import dev.missive.testkit.EventLog;
import dev.missive.testkit.HostedEngine;
import dev.missive.testkit.LoopbackClient;
import dev.missive.testkit.LoopbackServer;
import dev.missive.wire.ConnectionSecurity;
import dev.missive.wire.EngineEnvironment;
import dev.missive.wire.PeerInfo;
import dev.missive.wire.TlsPolicy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The client against the library's server over loopback sockets (testkit's loopback driver): a cache taken in one
 * connection, changes made by another, and a third resynchronised with one SELECT (RFC 7162 §3.2.5.1, §6), with
 * QRESYNC and CONDSTORE enabled by {@link ImapClientConfig.Builder#mailboxResync()}.
 */
@Timeout(60)
class ClientLoopbackQresyncTest {

  private static final ImapClientConfig CONFIG = ImapClientConfig.builder().login(ImapLogin.password("alice", "secret"))
      .tlsPolicy(TlsPolicy.NONE).plaintextLoginAllowed(true).mailboxResync().build();

  private static EventLog connect(LoopbackServer server, List<Consumer<ImapClient>> commands) throws IOException {
    ImapClient client = new ImapClient(CONFIG, EngineEnvironment.system(), new PeerInfo(
        server.address().toString(), "client", ConnectionSecurity.PLAINTEXT));
    return LoopbackClient.run(HostedEngine.of(client, ClientRfc7162Test.oneAtATime(commands)), server.address());
  }

  @Test
  void aCachedMailboxIsResynchronisedOverLoopback() throws Exception {
    InMemoryMailStore store = new InMemoryMailStore();
    store.addUser("alice", "secret");
    for (int i = 0; i < 3; i++) {
      store.deliver("alice", "INBOX", ("Subject: " + i + "\r\n\r\nhello\r\n").getBytes(StandardCharsets.US_ASCII));
    }
    AtomicInteger n = new AtomicInteger();
    ImapServerConfig config = ImapServerConfig.builder().failedLoginDelay(Duration.ZERO)
        .hostCapabilities("CONDSTORE", "QRESYNC").build();
    try (LoopbackServer server = LoopbackServer.start(() -> HostedEngine.of(new ImapHandlerServer(store, config,
        EngineEnvironment.system(), new PeerInfo("[127.0.0.1]", "qr" + n.incrementAndGet(),
        ConnectionSecurity.TRUSTED)), EngineHost.none()))) {
      long[] cache = new long[2];
      connect(server, List.of(c -> c.select("INBOX"), c -> {
        ClientMailbox m = c.mailbox().orElseThrow();
        cache[0] = m.uidValidity().orElseThrow();
        cache[1] = m.highestModSeq().orElseThrow();
        c.logout();
      }));
      connect(server, List.of(c -> c.select("INBOX"),
          c -> c.store(true, SequenceSet.of(1), StoreAction.ADD, true, Flag.FLAGGED),
          c -> c.store(true, SequenceSet.of(2), StoreAction.ADD, true, Flag.DELETED),
          ImapClient::expunge, ImapClient::logout));
      long[] after = new long[2];
      EventLog log = connect(server, List.of(
          c -> c.select("INBOX", false, new QresyncParameters(cache[0], cache[1],
              Optional.of(SequenceSet.parse("1:3")), Optional.empty(), Optional.empty())),
          c -> {
            ClientMailbox m = c.mailbox().orElseThrow();
            after[0] = m.exists();
            after[1] = m.highestModSeq().orElseThrow();
            c.logout();
          }));
      server.assertNoFailures();
      assertThat(log.entries()).as(String.join("\n", log.entries())).containsSubsequence(
          "LoggedIn[method=LOGIN, enabled=[IMAP4REV2, UTF8=ACCEPT, QRESYNC]]", // QRESYNC implies CONDSTORE (§3.2.3)
          "Vanished[earlier=true, uids=2]",
          "Completed[tag=A3, result=Selected[mailbox=ClientMailbox[INBOX, exists=2]]]");
      assertThat(log.entries()).filteredOn(e -> e.startsWith("Fetched[")).singleElement()
          .satisfies(e -> assertThat(e).contains("uid=OptionalLong[1]", "Flags[flags=[\\Flagged]]", "ModSeq"));
      assertThat(after[0]).isEqualTo(2);
      assertThat(after[1]).isGreaterThan(cache[1]);
    }
  }
}
