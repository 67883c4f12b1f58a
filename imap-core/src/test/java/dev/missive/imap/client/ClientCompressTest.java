package dev.missive.imap.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missive.testkit.ManualTime;
import dev.missive.wire.ConnectionSecurity;
import dev.missive.wire.PeerInfo;
import dev.missive.wire.ProtocolEngine;
import dev.missive.wire.StreamChange;
import dev.missive.wire.StreamLayer;
import dev.missive.wire.TlsPolicy;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The client's COMPRESS DEFLATE (RFC 4978 §3) in the opening, when the configuration asks for it
 * ({@link ImapClientConfig.Builder#compress}) and the server offers it: after the login, before the session is
 * ready; the octets after the OK are already compressed, so the pause keeps them for the host to inflate.
 */
class ClientCompressTest {

  private static final ImapClientConfig CONFIG = ImapClientConfig.builder().login(ImapLogin.password("mrc", "secret"))
      .tlsPolicy(TlsPolicy.NONE).plaintextLoginAllowed(true).build();

  private static ImapClient client(ImapClientConfig config) {
    return new ImapClient(config, new ManualTime().environment(), new PeerInfo("imap.example.org:143", "z",
        ConnectionSecurity.PLAINTEXT));
  }

  /** A client and every event it gave. */
  private record Session(ImapClient client, List<ImapClientEvent> events) {
    /** Feeds {@code in} (what the client leaves stays there), taking events, and returns what the client wrote. */
    String exchange(ByteBuffer in) {
      do {
        for (ImapClientEvent e; (e = client.nextEvent()) != null; ) {
          events.add(e);
        }
        client.receive(in);
        for (ImapClientEvent e; (e = client.nextEvent()) != null; ) {
          events.add(e);
        }
      } while (in.hasRemaining() && client.wantsInput());
      ByteBuffer out = ByteBuffer.allocate(4096);
      client.drainOutput(out);
      return new String(out.array(), 0, out.position(), StandardCharsets.US_ASCII);
    }

    String exchange(String text) {
      return exchange(ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII)));
    }

    boolean loggedIn() {
      return events.stream().anyMatch(e -> e instanceof ImapClientEvent.LoggedIn);
    }
  }

  private static Session session(ImapClientConfig config) {
    return new Session(client(config), new ArrayList<>());
  }

  @Test
  void compressionIsAskedForOnceLoggedInAndTheHostCompressesBeforeTheSessionIsReady() {
    Session z = session(CONFIG.toBuilder().compress(true).build());
    assertThat(z.exchange("* OK [CAPABILITY IMAP4rev1 COMPRESS=DEFLATE] ready\r\n")).isEqualTo("A1 LOGIN mrc secret\r\n");
    assertThat(z.exchange("A1 OK [CAPABILITY IMAP4rev1 COMPRESS=DEFLATE] done\r\n")).isEqualTo("A2 COMPRESS DEFLATE\r\n");
    ByteBuffer in = ByteBuffer.wrap("A2 OK DEFLATE active\r\n\u0001\u0002compressed".getBytes(StandardCharsets.US_ASCII));
    assertThat(z.exchange(in)).isEmpty();
    // RFC 4978 §3: the octets after the OK are the server's first compressed ones: kept for the host, not refused
    assertThat(z.client().status()).isEqualTo(ProtocolEngine.Status.STREAM_CHANGE);
    assertThat(z.client().pendingStreamChange()).contains(new StreamChange.Compress("DEFLATE", true));
    assertThat(in.remaining()).isEqualTo(12);
    assertThat(z.loggedIn()).isFalse();
    z.client().streamChanged(new StreamLayer.Deflate());
    assertThat(z.client().isCompressionActive()).isTrue();
    z.exchange(ByteBuffer.allocate(0));
    assertThat(z.loggedIn()).isTrue();
  }

  @Test
  void notAskedWhenNotConfiguredOrNotOfferedAndARefusalLeavesTheSessionPlain() {
    Session plain = session(CONFIG);
    plain.exchange("* OK [CAPABILITY IMAP4rev1 COMPRESS=DEFLATE] ready\r\n");
    assertThat(plain.exchange("A1 OK [CAPABILITY IMAP4rev1 COMPRESS=DEFLATE] done\r\n")).isEmpty();
    assertThat(plain.loggedIn()).isTrue();

    Session notOffered = session(CONFIG.toBuilder().compress(true).build());
    notOffered.exchange("* OK [CAPABILITY IMAP4rev1] ready\r\n");
    assertThat(notOffered.exchange("A1 OK [CAPABILITY IMAP4rev1] done\r\n")).isEmpty();
    assertThat(notOffered.loggedIn()).isTrue();

    Session refused = session(CONFIG.toBuilder().compress(true).build());
    refused.exchange("* OK [CAPABILITY IMAP4rev1 COMPRESS=DEFLATE] ready\r\n");
    refused.exchange("A1 OK [CAPABILITY IMAP4rev1 COMPRESS=DEFLATE] done\r\n");
    refused.exchange("A2 NO [COMPRESSIONACTIVE] DEFLATE active via TLS\r\n");
    assertThat(refused.client().pendingStreamChange()).isEmpty();
    assertThat(refused.client().isCompressionActive()).isFalse();
    assertThat(refused.loggedIn()).isTrue();
  }
}
