package dev.missive.imap.client;

import dev.missive.imap.server.ImapHandlerServer;
import dev.missive.imap.server.ImapServerConfig;
import dev.missive.imap.store.InMemoryMailStore;
import dev.missive.testkit.EngineHost;
import dev.missive.testkit.HostedEngine;
import dev.missive.testkit.InMemoryPair;
import dev.missive.testkit.ManualTime;
import dev.missive.wire.ConnectionSecurity;
import dev.missive.wire.PeerInfo;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * The client engine joined in memory to the library's own server (ImapHandlerServer over InMemoryMailStore): a host
 * that records every event, gathers section chunks into text, and streams APPEND content when asked.
 */
final class ClientPair {

  static final byte[] HELLO = ("From: Bob <bob@example.org>\r\nTo: alice@example.org\r\nSubject: hello\r\n\r\n"
      + "hello there\r\n").getBytes(StandardCharsets.US_ASCII);

  final ManualTime time = new ManualTime();
  final InMemoryMailStore store =
      new InMemoryMailStore(java.time.Clock.fixed(ManualTime.DEFAULT_START, ZoneOffset.UTC));
  final List<ImapClientEvent> events = new ArrayList<>();
  final List<String> sections = new ArrayList<>();
  private final ByteArrayOutputStream section = new ByteArrayOutputStream();
  byte[] appendContent = new byte[0];
  private int appended;
  final InMemoryPair<ImapClient, ImapHandlerServer> pair;

  ClientPair(ImapClientConfig clientConfig, ImapServerConfig serverConfig) {
    store.addUser("alice", "secret");
    store.deliver("alice", "INBOX", HELLO);
    ImapClient client = new ImapClient(clientConfig, time.environment(1),
        new PeerInfo("imap.example.org:143", "client-test", ConnectionSecurity.PLAINTEXT));
    ImapHandlerServer server = new ImapHandlerServer(store, serverConfig, time.environment(2),
        new PeerInfo("[192.0.2.1]", "server-test", ConnectionSecurity.PLAINTEXT));
    EngineHost<ImapClient> host = (c, log) -> {
      for (ImapClientEvent e; (e = c.nextEvent()) != null; ) {
        events.add(e);
        log.add(e.toString());
        if (e instanceof ImapClientEvent.SectionChunk chunk) {
          ByteBuffer b = chunk.bytes();
          byte[] copy = new byte[b.remaining()];
          b.get(copy);
          section.writeBytes(copy);
        } else if (e instanceof ImapClientEvent.SectionEnd) {
          sections.add(section.toString(StandardCharsets.UTF_8));
          section.reset();
        } else if (e instanceof ImapClientEvent.AppendReady) {
          appended = 0;
        }
      }
      while (c.status() == dev.missive.wire.ProtocolEngine.Status.AWAITING_DECISION) {
        ByteBuffer rest = ByteBuffer.wrap(appendContent, appended, appendContent.length - appended);
        c.appendContent(rest);
        appended = rest.position();
        if (c.status() == dev.missive.wire.ProtocolEngine.Status.AWAITING_DECISION) {
          return;                                      // the output is full: the pair drains, then calls again
        }
      }
    };
    pair = new InMemoryPair<>(HostedEngine.of(client, host, time), HostedEngine.of(server, EngineHost.none(), time),
        time);
  }

  static ImapServerConfig.Builder serverConfig() {
    return ImapServerConfig.builder().failedLoginDelay(Duration.ZERO).startTls(true)
        .hostCapabilities("CONDSTORE", "QRESYNC"); // the in-memory store keeps mod-sequences
  }

  ImapClient client() {
    return pair.client();
  }

  void drive() {
    pair.drive();
  }

  <T extends ImapClientEvent> List<T> events(Class<T> type) {
    return events.stream().filter(type::isInstance).map(type::cast).toList();
  }

  CommandResult result(String tag) {
    return events(ImapClientEvent.Completed.class).stream().filter(c -> c.tag().equals(tag)).findFirst()
        .orElseThrow(() -> new AssertionError("no completion of " + tag + " in " + events)).result();
  }
}
