package dev.missive.imap.host;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missive.imap.SequenceSet;
import dev.missive.imap.client.ImapClient;
import dev.missive.imap.client.ImapClientConfig;
import dev.missive.imap.client.ImapClientEvent;
import dev.missive.imap.client.ImapLogin;
import dev.missive.imap.command.FetchItem;
import dev.missive.imap.server.ImapServerConfig;
import dev.missive.imap.store.InMemoryMailStore;
import dev.missive.transport.BlockingClient;
import dev.missive.transport.EngineSession;
import dev.missive.transport.Transport;
import dev.missive.wire.EngineEnvironment;
import dev.missive.wire.ProtocolEngine;
import dev.missive.wire.TlsPolicy;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The library's IMAP client asking for COMPRESS DEFLATE (RFC 4978, {@link ImapClientConfig.Builder#compress}) against
 * the library's listener on both server transports, over loopback, the client on the blocking client transport: the
 * session goes on compressed both ways, a message fetched byte for byte.
 */
@Timeout(60)
class ImapClientCompressTest {

  private static final byte[] MESSAGE = ("From: Bob <bob@example.org>\r\nSubject: compressed\r\n\r\n"
      + "hello ".repeat(2000) + "\r\n").getBytes(StandardCharsets.US_ASCII);

  private static InMemoryMailStore store() {
    InMemoryMailStore store = new InMemoryMailStore();
    store.addUser("alice", "secret");
    store.deliver("alice", "INBOX", MESSAGE);
    return store;
  }

  /** The listener on loopback, plaintext, offering COMPRESS=DEFLATE. */
  private static ImapListener compressing(InMemoryMailStore store, Transport transport) throws Exception {
    return ImapListener.builder(store).port(0).trustLoopback(true).transport(transport)
        .config(ImapServerConfig.builder().hostCapabilities(ImapServerConfig.COMPRESS_DEFLATE).build()).start();
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void aCompressedClientSession(Transport transport) throws Exception {
    InMemoryMailStore store = store();
    ImapClientConfig config = ImapClientConfig.builder().login(ImapLogin.password("alice", "secret"))
        .tlsPolicy(TlsPolicy.NONE).plaintextLoginAllowed(true).compress(true).build();
    List<Object> events = new ArrayList<>();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    boolean[] compressed = new boolean[1];
    try (ImapListener imap = compressing(store, transport);
         BlockingClient client = BlockingClient.builder("imap-z").build()) {
      client.run("127.0.0.1", imap.port(), connection -> {
        ImapClient engine = new ImapClient(config, EngineEnvironment.system(), connection.peer(false));
        return new EngineSession() {
          @Override
          public ProtocolEngine engine() {
            return engine;
          }

          @Override
          public void handleEvents() {
            for (ImapClientEvent e; (e = engine.nextEvent()) != null; ) {
              events.add(e);
              if (e instanceof ImapClientEvent.SectionChunk c) {
                ByteBuffer b = c.bytes();
                byte[] bytes = new byte[b.remaining()];
                b.get(bytes);
                body.writeBytes(bytes);
              } else if (e instanceof ImapClientEvent.LoggedIn) {
                compressed[0] = engine.isCompressionActive();
                engine.select("INBOX");
                engine.fetch(true, SequenceSet.of(1), FetchItem.Simple.RFC822);
                engine.logout();
              }
            }
          }
        };
      });
    }
    assertThat(compressed[0]).isTrue();
    assertThat(events).anyMatch(e -> e instanceof ImapClientEvent.Closed c && c.orderly());
    assertThat(body.toByteArray()).isEqualTo(MESSAGE);
  }

  /** The same through {@link ImapSessionBuilder#compression}: the session's own socket driver puts DEFLATE on. */
  @ParameterizedTest
  @EnumSource(Transport.class)
  void theSessionBuilderCompresses(Transport transport) throws Exception {
    InMemoryMailStore store = store();
    try (ImapListener imap = compressing(store, transport);
         ImapSession s = ImapSession.builder("127.0.0.1").port(imap.port()).withoutTls(true).compression(true)
             .password("alice", "secret").connect()) {
      assertThat(s.client().isCompressionActive()).isTrue();
      assertThat(s.select("INBOX").exists()).isEqualTo(1);
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      assertThat(s.fetchMessage(1, body)).isTrue();
      assertThat(body.toByteArray()).isEqualTo(MESSAGE);
      assertThat(s.append("INBOX", MESSAGE)).hasValue(2);
      assertThat(store.messages("alice", "INBOX")).hasSize(2);
    }
  }
}
