package dev.missive.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class OutputQueueTest {

  static String drainAll(OutputQueue q, int chunk) {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    ByteBuffer out = ByteBuffer.allocate(chunk);
    while (q.hasOutput()) {
      q.drainTo(out);
      out.flip();
      all.write(out.array(), 0, out.limit());
      out.clear();
    }
    return all.toString(StandardCharsets.UTF_8);
  }

  @Test
  void keepsOrderAcrossBlocksAndPartialDrains() {
    OutputQueue q = new OutputQueue(1 << 20);
    StringBuilder expected = new StringBuilder();
    for (int i = 0; i < 5000; i++) {
      String reply = "250 2.0.0 Ok " + i + "\r\n";
      q.writeAscii(reply);
      expected.append(reply);
    }
    q.write(new byte[10000]);
    expected.append(new String(new byte[10000], StandardCharsets.UTF_8));
    assertThat(q.size()).isEqualTo(expected.length());
    assertThat(drainAll(q, 7)).isEqualTo(expected.toString());
    assertThat(q.totalDrained()).isEqualTo(q.totalWritten()).isEqualTo(expected.length());
    assertThat(q.hasOutput()).isFalse();
  }

  /**
   * Writes of any size (small ones into the reused 512-octet block, large ones cut into reused 4 KiB blocks)
   * interleaved with partial and full drains come out whole and in order, whether or not the queue ran empty.
   */
  @Property(tries = 200)
  void streamsInOrderThroughReusedBlocks(@ForAll @Size(max = 40) List<@IntRange(min = 0, max = 9000) Integer> writes,
      @ForAll @IntRange(min = 1, max = 7000) int drainSize, @ForAll @IntRange(min = 1, max = 20000) int softLimit) {
    OutputQueue q = new OutputQueue(softLimit);
    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    ByteArrayOutputStream drained = new ByteArrayOutputStream();
    ByteBuffer out = ByteBuffer.allocate(drainSize);
    int next = 0;
    for (int n : writes) {
      byte[] b = new byte[n];
      for (int i = 0; i < n; i++) {
        b[i] = (byte) next++;
      }
      q.write(ByteBuffer.wrap(b));
      expected.write(b, 0, n);
      if (n % 3 == 0) {
        q.drainTo(out);
        drained.write(out.array(), 0, out.position());
        out.clear();
      }
    }
    while (q.hasOutput()) {
      q.drainTo(out);
      drained.write(out.array(), 0, out.position());
      out.clear();
    }
    assertThat(drained.toByteArray()).isEqualTo(expected.toByteArray());
    assertThat(q.totalDrained()).isEqualTo(q.totalWritten()).isEqualTo(expected.size());
  }

  /**
   * Content stuffed straight into the queue (RFC 5321 §4.5.2, RFC 1939 §3) comes out as the same octets as content
   * stuffed into a buffer of its own and written, whatever the chunking, the replies written between the chunks
   * and the drains in between; the queue's counts include every stuffed octet.
   */
  @Property(tries = 200)
  void dotStuffedContentComesOutAsStuffingIntoABufferWould(
      @ForAll @Size(max = 30) List<@IntRange(min = 0, max = 6000) Integer> chunks,
      @ForAll @IntRange(min = 1, max = 7000) int drainSize, @ForAll @IntRange(min = 0, max = 1 << 30) int seed) {
    java.util.Random rnd = new java.util.Random(seed);
    OutputQueue q = new OutputQueue(64 * 1024);
    DotStuffer direct = new DotStuffer();
    DotStuffer buffered = new DotStuffer();
    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    ByteArrayOutputStream drained = new ByteArrayOutputStream();
    ByteBuffer out = ByteBuffer.allocate(drainSize);
    byte[] alphabet = {'.', '.', '\r', '\n', '\n', 'a', 'b', ' '};
    q.writeAscii("+OK message follows\r\n");
    expected.writeBytes("+OK message follows\r\n".getBytes(StandardCharsets.US_ASCII));
    for (int n : chunks) {
      byte[] content = new byte[n];
      for (int i = 0; i < n; i++) {
        content[i] = alphabet[rnd.nextInt(alphabet.length)];
      }
      ByteBuffer in = ByteBuffer.wrap(content);
      q.writeDotStuffed(in, direct);
      assertThat(in.hasRemaining()).isFalse();
      ByteBuffer own = ByteBuffer.allocate(3 * n + 3);
      buffered.encode(ByteBuffer.wrap(content), own);
      expected.write(own.array(), 0, own.position());
      if (n % 2 == 0) {
        q.drainTo(out);
        drained.write(out.array(), 0, out.position());
        out.clear();
      }
    }
    ByteBuffer end = ByteBuffer.allocate(8);
    direct.finish(end);
    q.write(end.flip());
    ByteBuffer ownEnd = ByteBuffer.allocate(8);
    buffered.finish(ownEnd);
    expected.write(ownEnd.array(), 0, ownEnd.position());
    assertThat(q.size()).isEqualTo(expected.size() - drained.size());
    while (q.hasOutput()) {
      q.drainTo(out);
      drained.write(out.array(), 0, out.position());
      out.clear();
    }
    assertThat(drained.toByteArray()).isEqualTo(expected.toByteArray());
    assertThat(q.totalDrained()).isEqualTo(q.totalWritten()).isEqualTo(expected.size());
  }

  @Test
  void interleavedWritesAndDrains() {
    OutputQueue q = new OutputQueue(100);
    q.writeAscii("abc");
    ByteBuffer out = ByteBuffer.allocate(2);
    q.drainTo(out);
    q.writeAscii("def");
    assertThat(drainAll(q, 3)).isEqualTo("cdef");
  }

  @Test
  void reportsOverLimit() {
    OutputQueue q = new OutputQueue(10);
    q.writeAscii("0123456789");
    assertThat(q.isOverLimit()).isFalse();
    q.writeAscii("x");
    assertThat(q.isOverLimit()).isTrue();
    q.clear();
    assertThat(q.hasOutput()).isFalse();
  }

  @Test
  void neverNarrowsChars() {
    OutputQueue q = new OutputQueue(10);
    // CVE-2025-7962: U+010A would become LF if narrowed
    assertThatThrownBy(() -> q.writeAscii("RCPT TO:<a\u010a>")).isInstanceOf(IllegalArgumentException.class);
    assertThat(q.hasOutput()).isFalse();
    q.writeUtf8("\u00e9");
    assertThat(q.size()).isEqualTo(2);
  }

  /** A first block sized by the engine: writes past it go on in further blocks, nothing lost or reordered. */
  @Test
  void aSmallFirstBlockTakesLongerWritesInFurtherBlocks() {
    OutputQueue q = new OutputQueue(1 << 16, 64);
    StringBuilder expected = new StringBuilder();
    for (int i = 0; i < 40; i++) {
      String line = "250-line " + i + " " + "x".repeat(i * 7) + "\r\n";
      q.write(line.getBytes(StandardCharsets.US_ASCII), 0, line.length());
      expected.append(line);
      if (i % 9 == 0) { // drained now and then: the first block is taken again by the next write to an empty queue
        ByteBuffer out = ByteBuffer.allocate(q.size());
        q.drainTo(out);
        assertThat(new String(out.array(), StandardCharsets.US_ASCII)).isEqualTo(expected.toString());
        expected.setLength(0);
      }
    }
    ByteBuffer out = ByteBuffer.allocate(q.size());
    q.drainTo(out);
    assertThat(new String(out.array(), StandardCharsets.US_ASCII)).isEqualTo(expected.toString());
    assertThatThrownBy(() -> new OutputQueue(100, 63))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new OutputQueue(100, 2049))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
