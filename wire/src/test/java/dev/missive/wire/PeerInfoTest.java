package dev.missive.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** What a host tells an engine about its connection; the address goes into {@code Received:} (RFC 5321 §4.4). */
class PeerInfoTest {

  @Test
  void sessionIdsComeFromTheEnvironmentsRandomSource() {
    PeerInfo a = PeerInfo.of("192.0.2.7", ConnectionSecurity.PLAINTEXT, new TestTime().environment());
    PeerInfo b = PeerInfo.of("192.0.2.7", ConnectionSecurity.PLAINTEXT, new TestTime().environment());
    assertThat(a.sessionId()).matches("[0-9a-f]{12}").isEqualTo(b.sessionId());
    assertThat(a.security()).isEqualTo(ConnectionSecurity.PLAINTEXT);
  }

  @Test
  void nothingThatCouldBreakATraceFieldOrALogLine() {
    assertThat(new PeerInfo("[IPv6:2001:db8::1]", "s-1.a", ConnectionSecurity.IMPLICIT_TLS).remoteAddress())
        .isEqualTo("[IPv6:2001:db8::1]");
    for (String address : new String[] {"", "a b", "a(b", "a)b", "a\\b", "a\r\nb", "δ"}) {
      assertThatThrownBy(() -> new PeerInfo(address, "s1", ConnectionSecurity.PLAINTEXT)).as(address)
          .isInstanceOf(IllegalArgumentException.class);
    }
    for (String id : new String[] {"", "a b", "a_b", "a\nb", "δ"}) {
      assertThatThrownBy(() -> new PeerInfo("192.0.2.1", id, ConnectionSecurity.PLAINTEXT)).as(id)
          .isInstanceOf(IllegalArgumentException.class);
    }
    assertThatThrownBy(() -> new PeerInfo("192.0.2.1", "s1", null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void onlyAClientsCompressKeepsUnfedInput() {
    assertThat(new StreamChange.StartTls(true).keepsUnfedInput()).isFalse();
    assertThat(new StreamChange.StartTls(false).keepsUnfedInput()).isFalse();
    assertThat(new StreamChange.Compress("DEFLATE", false).keepsUnfedInput()).isFalse();
    assertThat(new StreamChange.Compress("DEFLATE", true).keepsUnfedInput()).isTrue();
    assertThatThrownBy(() -> new StreamChange.Compress("deflate", true)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new StreamChange.Handover(null)).isInstanceOf(NullPointerException.class);
  }
}
