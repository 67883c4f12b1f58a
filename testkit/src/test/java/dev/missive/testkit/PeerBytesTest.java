package dev.missive.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** PeerBytes: the two rules at a TLS start marker, whatever the engine takes of each read. */
class PeerBytesTest {

  private static PeerBytes peer(String text) {
    return new PeerBytes(text.getBytes(StandardCharsets.ISO_8859_1));
  }

  private static String read(PeerBytes in, int take) {
    ByteBuffer b = in.nextRead(Feeding.whole().newSplitter());
    String all = StandardCharsets.ISO_8859_1.decode(b.duplicate()).toString();
    b.position(b.position() + Math.min(take, b.remaining()));
    in.took(b);
    return all;
  }

  @Test
  void noReadSpansAMarkerHoweverMuchTheEngineTakes() {
    PeerBytes in = peer("STARTTLS\r\nNOOP\r\n\u0016EHLO\r\n\u0016QUIT\r\n");
    assertThat(read(in, 3)).isEqualTo("STARTTLS\r\nNOOP\r\n");
    assertThat(read(in, 7)).isEqualTo("RTTLS\r\nNOOP\r\n"); // what was left is offered again, up to the marker
    assertThat(in.lastLine()).isEqualTo("STARTTLS");
    assertThat(in.startTls()).as("plaintext waited where the handshake begins").isFalse();
    assertThat(in.pausedAt()).isEqualTo(10);
    assertThat(read(in, 0)).isEqualTo("EHLO\r\n");
    assertThat(read(in, 6)).isEqualTo("EHLO\r\n");
    assertThat(in.startTls()).as("the marker came next").isTrue();
    assertThat(read(in, 100)).isEqualTo("QUIT\r\n");
    assertThat(in.hasMore()).isFalse();
  }

  @Test
  void aReadStartingAtAMarkerGoesOnToTheNextOne() {
    PeerBytes in = peer("a\u0016b\u0016c");
    assertThat(read(in, 1)).isEqualTo("a");
    assertThat(read(in, 2)).isEqualTo("\u0016b");
    assertThat(read(in, 2)).isEqualTo("\u0016c");
    assertThat(in.pausedAt()).isEqualTo(-1);
  }
}
