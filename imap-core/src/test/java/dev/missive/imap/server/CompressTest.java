package dev.missive.imap.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.missive.wire.ConnectionSecurity;
import dev.missive.wire.ProtocolEngine;
import dev.missive.wire.StreamChange;
import dev.missive.wire.StreamLayer;
import dev.missive.wire.TlsInfo;
import org.junit.jupiter.api.Test;

/**
 * COMPRESS=DEFLATE (RFC 4978) on the engine's side: the command after authentication only, the tagged OK as the last
 * uncompressed octets and then the stream-change pause (docs/architecture.md, "Compression"), nothing the client sent
 * before the host installed the layer used, {@code NO [COMPRESSIONACTIVE]} for a second COMPRESS, BAD for an unknown
 * mechanism, and offered only when the host says its transport compresses.
 */
class CompressTest {

  private static ImapHandlerServer session(boolean hostCompresses) {
    ImapServerConfig.Builder config = Sessions.config();
    if (hostCompresses) {
      config.hostCapabilities(ImapServerConfig.COMPRESS_DEFLATE);
    }
    ImapHandlerServer s = Sessions.handler(Sessions.store(), config.build(), ConnectionSecurity.TRUSTED);
    Sessions.drain(s);
    return s;
  }

  /**
   * RFC 4978 §3's example: TLS first, then the login, then COMPRESS (the example's order, "everything is compressed
   * before being encrypted"); the session then goes on where it was.
   */
  @Test
  void rfc4978ExampleThenTheSessionGoesOnWhereItWas() {
    ImapHandlerServer s = Sessions.handler(Sessions.store(), Sessions.config().startTls(true)
        .hostCapabilities(ImapServerConfig.COMPRESS_DEFLATE).build(), ConnectionSecurity.PLAINTEXT);
    Sessions.drain(s);
    assertThat(Sessions.exchange(s, "a STARTTLS\r\n")).isEqualTo("a OK Proceed with TLS negotiation\r\n");
    s.streamChanged(new TlsInfo("TLSv1.3", "TLS_AES_128_GCM_SHA256"));
    assertThat(Sessions.exchange(s, "x CAPABILITY\r\n")).contains(" COMPRESS=DEFLATE");
    assertThat(Sessions.exchange(s, "b LOGIN alice secret\r\n")).contains("b OK");
    assertThat(Sessions.exchange(s, "c SELECT INBOX\r\n")).contains("c OK [READ-WRITE]");
    // the client must wait for the result; what it sends anyway before the layer is in place is never used
    assertThat(Sessions.exchange(s, "d COMPRESS DEFLATE\r\ne NOOP\r\n")).isEqualTo("d OK DEFLATE active\r\n");
    assertThat(s.status()).isEqualTo(ProtocolEngine.Status.STREAM_CHANGE);
    assertThat(s.pendingStreamChange()).contains(new StreamChange.Compress("DEFLATE", false));
    assertThat(s.pendingStreamChange().orElseThrow().keepsUnfedInput()).isFalse();
    assertThat(s.nextDeadline()).isEmpty();
    s.receive(java.nio.ByteBuffer.wrap("x NOOP\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
    s.streamChanged(new StreamLayer.Deflate());
    assertThat(s.engine().isCompressionActive()).isTrue();
    assertThat(Sessions.drain(s)).isEmpty();
    assertThat(Sessions.exchange(s, "f FETCH 1 (UID)\r\n")).isEqualTo("* 1 FETCH (UID 1)\r\nf OK FETCH completed\r\n");
    assertThat(Sessions.exchange(s, "g COMPRESS DEFLATE\r\n"))
        .isEqualTo("g NO [COMPRESSIONACTIVE] DEFLATE active via COMPRESS\r\n");
    assertThat(s.status()).isEqualTo(ProtocolEngine.Status.NEEDS_INPUT);
  }

  @Test
  void onlyAfterAuthenticationOnlyDeflateAndOnlyWhenTheHostCompresses() {
    ImapHandlerServer s = session(true);
    assertThat(Sessions.exchange(s, "a COMPRESS DEFLATE\r\n")).startsWith("a BAD ");
    Sessions.exchange(s, "b LOGIN alice secret\r\n");
    assertThat(Sessions.exchange(s, "c COMPRESS GZIP\r\n")).isEqualTo("c BAD Unknown compression mechanism: GZIP\r\n");
    assertThat(Sessions.exchange(s, "d COMPRESS\r\n")).startsWith("d BAD ");
    assertThat(s.pendingStreamChange()).isEmpty();

    ImapHandlerServer plain = session(false);
    assertThat(Sessions.exchange(plain, "a CAPABILITY\r\n")).doesNotContain("COMPRESS");
    Sessions.exchange(plain, "b LOGIN alice secret\r\n");
    assertThat(Sessions.exchange(plain, "c COMPRESS DEFLATE\r\n"))
        .isEqualTo("c BAD Unknown compression mechanism: DEFLATE\r\n");
    assertThat(plain.pendingStreamChange()).isEmpty();
  }

  @Test
  void theHostMustReportDeflate() {
    ImapHandlerServer s = session(true);
    Sessions.exchange(s, "b LOGIN alice secret\r\n");
    Sessions.exchange(s, "d compress deflate\r\n");
    assertThatThrownBy(() -> s.streamChanged(new TlsInfo("TLSv1.3", "TLS_AES_128_GCM_SHA256")))
        .isInstanceOf(IllegalArgumentException.class);
    s.streamChanged(new StreamLayer.Deflate());
    assertThatThrownBy(() -> s.streamChanged(new StreamLayer.Deflate())).isInstanceOf(IllegalStateException.class);
  }
}
