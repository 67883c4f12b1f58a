package dev.missive.imap.server;

import dev.missive.imap.store.InMemoryMailStore;
import dev.missive.testkit.ManualTime;
import dev.missive.wire.ConnectionSecurity;
import dev.missive.wire.PeerInfo;
import dev.missive.wire.ProtocolEngine;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Shared set-up of the server tests: stores, engines and a feed-and-drain exchange. */
final class Sessions {

  private Sessions() {
  }

  static final byte[] HELLO = "From: Bob <bob@example.org>\r\nSubject: hello\r\n\r\nhello there\r\n"
      .getBytes(StandardCharsets.US_ASCII);

  static InMemoryMailStore store() {
    InMemoryMailStore store = new InMemoryMailStore(java.time.Clock.fixed(ManualTime.DEFAULT_START,
        java.time.ZoneOffset.UTC));
    store.addUser("alice", "secret");
    store.deliver("alice", "INBOX", HELLO);
    return store;
  }

  static ImapServerConfig.Builder config() {
    return ImapServerConfig.builder().failedLoginDelay(Duration.ZERO);
  }

  /** {@link #config()} for a handler engine over a store that keeps mod-sequences: it offers CONDSTORE and QRESYNC. */
  static ImapServerConfig.Builder handlerConfig() {
    return config().hostCapabilities("CONDSTORE", "QRESYNC");
  }

  static PeerInfo peer(ConnectionSecurity security) {
    return new PeerInfo("[192.0.2.1]", "imap-test", security);
  }

  static ImapHandlerServer handler(InMemoryMailStore store, ImapServerConfig config, ConnectionSecurity security) {
    return new ImapHandlerServer(store, config, new ManualTime().environment(), peer(security));
  }

  static ImapServer raw(ImapServerConfig config, ConnectionSecurity security) {
    return new ImapServer(config, new ManualTime().environment(), peer(security));
  }

  /** Feeds {@code text} whole (if any) and returns everything drained afterwards. */
  static String exchange(ProtocolEngine engine, String text) {
    return exchange(engine, text.getBytes(StandardCharsets.UTF_8));
  }

  static String exchange(ProtocolEngine engine, byte[] bytes) {
    if (bytes.length > 0) {
      ByteBuffer in = ByteBuffer.wrap(bytes);
      while (in.hasRemaining() && engine.wantsInput()) {
        engine.receive(in);
      }
    }
    return drain(engine);
  }

  static String drain(ProtocolEngine engine) {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    ByteBuffer out = ByteBuffer.allocate(8192);
    while (engine.hasOutput()) {
      out.clear();
      engine.drainOutput(out);
      all.write(out.array(), 0, out.position());
    }
    return all.toString(StandardCharsets.UTF_8);
  }

  /** A handler engine on a trusted connection, greeted and logged in as alice. */
  static ImapHandlerServer loggedIn(InMemoryMailStore store) {
    ImapHandlerServer s = handler(store, handlerConfig().build(), ConnectionSecurity.TRUSTED);
    drain(s);
    exchange(s, "a LOGIN alice secret\r\n");
    return s;
  }

  /** A handler engine over any store on a trusted connection, logged in as alice with her INBOX selected. */
  static ImapHandlerServer selectedInbox(MailStore store) {
    ImapHandlerServer s = new ImapHandlerServer(store, handlerConfig().build(), new ManualTime().environment(),
        peer(ConnectionSecurity.TRUSTED));
    drain(s);
    exchange(s, "a LOGIN alice secret\r\n");
    exchange(s, "s SELECT INBOX\r\n");
    return s;
  }
}
