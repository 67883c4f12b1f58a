package dev.missive.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import org.junit.jupiter.api.Test;

/**
 * The DEFLATE layer of RFC 4978 §4 against the JDK's own zlib streams (raw deflate, a sync flush per write): each
 * write can be read whole at once by the peer, the peer's stream inflates, and a decompression bomb hits the ratio
 * bound instead of inflating on.
 */
class DeflateCodecTest {

  @Test
  void eachWriteIsReadableWholeByARawInflaterAtOnce() throws IOException {
    ByteArrayOutputStream wire = new ByteArrayOutputStream();
    OutputStream out = DeflateStreams.deflating(wire, new DeflateCodec());
    byte[] first = "* OK [CAPABILITY IMAP4rev1 COMPRESS=DEFLATE] ready\r\n".getBytes(StandardCharsets.US_ASCII);
    out.write(first);
    // a sync flush ends every write with the empty stored block 00 00 FF FF (RFC 1951 §3.2.4)
    byte[] sent = wire.toByteArray();
    assertThat(Arrays.copyOfRange(sent, sent.length - 4, sent.length)).containsExactly(0, 0, 0xFF, 0xFF);
    Inflater peer = new Inflater(true);
    peer.setInput(sent);
    byte[] got = new byte[first.length + 10];
    int n;
    try {
      n = peer.inflate(got);
    } catch (java.util.zip.DataFormatException e) {
      throw new AssertionError(e);
    }
    assertThat(Arrays.copyOf(got, n)).isEqualTo(first);
  }

  @Test
  void thePeersStreamInflatesInPiecesOfTheCallersSize() throws IOException {
    ByteArrayOutputStream wire = new ByteArrayOutputStream();
    byte[] text = "a1 FETCH 1:* (FLAGS UID)\r\n".repeat(2000).getBytes(StandardCharsets.US_ASCII);
    try (DeflaterOutputStream peer = new DeflaterOutputStream(wire, new Deflater(9, true), true)) {
      peer.write(text);
      peer.flush();
    }
    InputStream in = DeflateStreams.inflating(new ByteArrayInputStream(wire.toByteArray()), new DeflateCodec(), null,
        "test");
    ByteArrayOutputStream back = new ByteArrayOutputStream();
    byte[] buffer = new byte[100];
    for (int n; back.size() < text.length && (n = in.read(buffer)) > 0; ) {
      assertThat(n).isLessThanOrEqualTo(buffer.length);
      back.write(buffer, 0, n);
    }
    assertThat(back.toByteArray()).isEqualTo(text);
  }

  @Test
  void aBombStopsAtTheRatioBound() throws IOException {
    ByteArrayOutputStream wire = new ByteArrayOutputStream();
    try (DeflaterOutputStream peer = new DeflaterOutputStream(wire, new Deflater(9, true), true)) {
      byte[] zeros = new byte[1 << 20];
      for (int i = 0; i < 64; i++) {
        peer.write(zeros);
      }
      peer.flush();
    }
    assertThat(wire.size()).isLessThan(100_000); // 64 MiB in about 64 KiB
    DeflateCodec codec = new DeflateCodec(100, 1 << 20);
    codec.feed(ByteBuffer.wrap(wire.toByteArray()));
    ByteBuffer out = ByteBuffer.allocate(16 * 1024);
    long inflated = 0;
    try {
      while (true) {
        out.clear();
        int n = codec.inflate(out);
        assertThat(n).isPositive();
        inflated += n;
      }
    } catch (IOException bomb) {
      assertThat(bomb).hasMessageContaining("decompression over 100:1");
    }
    assertThat(inflated).isBetween(1L << 20, 2L << 20);
  }

  @Test
  void whatIsNotDeflateIsRefused() {
    DeflateCodec codec = new DeflateCodec();
    codec.feed(ByteBuffer.wrap(new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF}));
    assertThatThrownBy(() -> codec.inflate(ByteBuffer.allocate(100))).isInstanceOf(IOException.class)
        .hasMessageStartingWith("not DEFLATE data");
    assertThatThrownBy(() -> new DeflateCodec(1, 0)).isInstanceOf(IllegalArgumentException.class);
  }
}
