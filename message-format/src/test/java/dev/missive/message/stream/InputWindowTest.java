package dev.missive.message.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The window's LF search, eight octets at a time, against a plain loop over the same octets; how the window grows. */
class InputWindowTest {

  @Test
  void theLfSearchFindsTheFirstLfAndSeesEveryOctetAboveUsAsciiBeforeIt() {
    SplittableRandom rnd = new SplittableRandom(2025);
    byte[] alphabet = {'a', '\n', '\r', (byte) 0x80, (byte) 0xe9, (byte) 0xff, 0x0a - 1, 0x0a + 1, (byte) 0x8a, 0};
    for (int n = 0; n < 2000; n++) {
      byte[] data = new byte[rnd.nextInt(40)];
      for (int i = 0; i < data.length; i++) {
        data[i] = rnd.nextInt(4) == 0 ? alphabet[rnd.nextInt(alphabet.length)] : (byte) 'x';
      }
      InputWindow w = new InputWindow(64);
      w.fill(ByteBuffer.wrap(data), 0, true);
      int from = data.length == 0 ? 0 : rnd.nextInt(data.length + 1);
      int expected = -1;
      boolean high = false;
      for (int i = from; i < data.length; i++) {
        high |= data[i] < 0;
        if (data[i] == '\n') {
          expected = i;
          break;
        }
      }
      assertThat(w.indexOfLf(from)).as("LF in %s from %d", java.util.Arrays.toString(data), from)
          .isEqualTo(expected);
      if (high) {
        assertThat(w.scannedHigh).as("octets above US-ASCII noticed").isNotZero();
      }
    }
  }

  @Test
  void aLargeChunkGrowsTheWindowToASocketReadAndWhatIsHeldGrowsItFurther() {
    InputWindow w = new InputWindow(100_000);
    ByteBuffer chunk = ByteBuffer.wrap(new byte[1 << 20]);
    w.fill(chunk, 0, true);
    assertThat(w.buf.length).as("not the whole capacity for a large chunk").isEqualTo(16 * 1024);
    assertThat(chunk.position()).isEqualTo(16 * 1024);
    w.pos = 10_000;
    w.fill(chunk, w.pos, true);
    assertThat(w.buf.length).as("compaction made room: no growth").isEqualTo(16 * 1024);
    assertThat(w.lim).isEqualTo(16 * 1024);
    w.fill(chunk, 0, true); // the parser holds every octet (a long field): the window must grow
    assertThat(w.buf.length).isEqualTo(32 * 1024);
    for (int i = 0; i < 4; i++) {
      w.fill(chunk, 0, true);
    }
    assertThat(w.buf.length).as("bounded by the capacity").isEqualTo(100_000);
    assertThat(w.lim).isEqualTo(100_000);
  }
}
