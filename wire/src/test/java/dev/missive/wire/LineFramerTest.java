package dev.missive.wire;

import static dev.missive.wire.Feeding.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** RFC 5321 §2.3.8 / §4.5.3.1.4 line framing, fed in every chunking. */
class LineFramerTest {

  /** Frames all chunks; each line rendered as text, "!" prefix for flagged lines, "TOO_LONG" for over-long ones. */
  static List<String> frame(LineFramer framer, List<ByteBuffer> chunks) {
    List<String> out = new ArrayList<>();
    for (ByteBuffer chunk : chunks) {
      while (true) {
        LineFramer.Status s = framer.next(chunk);
        if (s == LineFramer.Status.NEED_MORE) {
          break;
        }
        if (s == LineFramer.Status.LINE_TOO_LONG) {
          out.add("TOO_LONG");
        } else {
          ByteBuffer line = framer.line();
          byte[] b = new byte[line.remaining()];
          line.get(b);
          out.add((framer.lineHasBareLineEnding() ? "!" : "") + Feeding.text(b));
        }
      }
      assertThat(chunk.hasRemaining()).isFalse();
    }
    return out;
  }

  static void assertSameInEveryChunking(String input, int max, BareLineEndingPolicy policy, List<String> expected) {
    byte[] b = bytes(input);
    assertThat(frame(new LineFramer(max, policy), Feeding.whole(b))).isEqualTo(expected);
    assertThat(frame(new LineFramer(max, policy), Feeding.byteByByte(b))).isEqualTo(expected);
    for (int at = 0; at <= b.length; at++) {
      assertThat(frame(new LineFramer(max, policy), Feeding.splitAt(b, at))).as("split at %d", at)
          .isEqualTo(expected);
    }
  }

  @Test
  void crlfLinesInAnyChunking() {
    assertSameInEveryChunking("EHLO bar.com\r\nMAIL FROM:<a@b>\r\n\r\n", 512, BareLineEndingPolicy.REJECT,
        List.of("EHLO bar.com", "MAIL FROM:<a@b>", ""));
  }

  @Test
  void bareLfEndsTheLineButIsFlaggedUnderReject() {
    assertSameInEveryChunking("NOOP\nQUIT\r\n", 512, BareLineEndingPolicy.REJECT, List.of("!NOOP", "QUIT"));
  }

  @Test
  void bareLfIsAcceptedUnderNormalize() {
    assertSameInEveryChunking("NOOP\nQUIT\r\n", 512, BareLineEndingPolicy.NORMALIZE, List.of("NOOP", "QUIT"));
  }

  @Test
  void bareCrIsContentAndAlwaysFlagged() {
    // docs/security.md, "Bare CR or LF in a command line": "MAIL FROM:<a>\rRCPT TO:<b>" must never become two commands
    assertSameInEveryChunking("MAIL FROM:<a>\rRCPT TO:<b>\r\n", 512, BareLineEndingPolicy.REJECT,
        List.of("!MAIL FROM:<a>\rRCPT TO:<b>"));
    assertSameInEveryChunking("NOOP\r\rQUIT\r\n", 512, BareLineEndingPolicy.NORMALIZE, List.of("!NOOP\r\rQUIT"));
  }

  @Test
  void overLongLineIsReportedAndFramingStaysInSync() {
    String longLine = "X".repeat(600);
    assertSameInEveryChunking(longLine + "\r\nNOOP\r\n", 512, BareLineEndingPolicy.REJECT,
        List.of("TOO_LONG", "NOOP"));
  }

  @Test
  void lineOfExactlyTheMaximumIsAccepted() {
    String line = "Y".repeat(10);
    assertSameInEveryChunking(line + "\r\n" + line + "Y\r\n", 10, BareLineEndingPolicy.REJECT,
        List.of(line, "TOO_LONG"));
  }

  @Test
  void memoryStaysBoundedForAnEndlessLine() {
    LineFramer framer = new LineFramer(512, BareLineEndingPolicy.REJECT);
    byte[] junk = new byte[64 * 1024];
    java.util.Arrays.fill(junk, (byte) 'A');
    for (int i = 0; i < 1000; i++) { // 64 MiB without a line ending
      assertThat(framer.next(ByteBuffer.wrap(junk))).isEqualTo(LineFramer.Status.NEED_MORE);
    }
    assertThat(framer.hasPartialLine()).isTrue();
    assertThat(framer.next(ByteBuffer.wrap(bytes("\r\nQUIT\r\n")))).isEqualTo(LineFramer.Status.LINE_TOO_LONG);
  }

  @Test
  void partialLineIsVisibleAndResetForgetsIt() {
    LineFramer framer = new LineFramer(512, BareLineEndingPolicy.REJECT);
    assertThat(framer.next(ByteBuffer.wrap(bytes("MAIL FR")))).isEqualTo(LineFramer.Status.NEED_MORE);
    assertThat(framer.hasPartialLine()).isTrue();
    framer.reset();
    assertThat(framer.hasPartialLine()).isFalse();
    assertThat(frame(framer, Feeding.whole(bytes("NOOP\r\n")))).containsExactly("NOOP");
  }

  @Test
  void lineViewIsReadOnly() {
    LineFramer framer = new LineFramer(512, BareLineEndingPolicy.REJECT);
    framer.next(ByteBuffer.wrap(bytes("NOOP\r\n")));
    assertThat(framer.line().isReadOnly()).isTrue();
  }

  @Test
  void maximumCanBeRaisedForAuthResponses() {
    LineFramer framer = new LineFramer(512, BareLineEndingPolicy.REJECT);
    framer.setMaxLineLength(12288);
    assertThat(frame(framer, Feeding.whole(bytes("A".repeat(12288) + "\r\n")))).hasSize(1).first()
        .asString().hasSize(12288);
    assertThatThrownBy(() -> framer.setMaxLineLength(0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Property(tries = 200)
  void randomCutsNeverChangeTheLines(@ForAll @IntRange(min = 0, max = 40) int a,
                                     @ForAll @IntRange(min = 0, max = 40) int b) {
    String input = "EHLO x\r\nMAIL FROM:<a@b>\nRCPT TO:<c@d>\r\n" + "Z".repeat(20) + "\r\nQUIT\r\n";
    byte[] in = bytes(input);
    int lo = Math.min(Math.min(a, b), in.length);
    int hi = Math.min(Math.max(a, b), in.length);
    List<String> expected = frame(new LineFramer(16, BareLineEndingPolicy.REJECT), Feeding.whole(in));
    assertThat(expected).containsExactly("EHLO x", "!MAIL FROM:<a@b>", "RCPT TO:<c@d>", "TOO_LONG", "QUIT");
    assertThat(frame(new LineFramer(16, BareLineEndingPolicy.REJECT), Feeding.cuts(in, new int[] {lo, hi})))
        .isEqualTo(expected);
  }

  /**
   * A host reads into one buffer again and again (compact, read, flip): every refill moves its limit, and each line is
   * read from where the refill put it, heap or direct, writable or read-only.
   */
  @Test
  void aRefilledHostBufferGivesEachLineFromItsNewContent() {
    for (boolean direct : new boolean[] {false, true}) {
      for (boolean readOnly : new boolean[] {false, true}) {
        LineFramer framer = new LineFramer(100, BareLineEndingPolicy.REJECT);
        ByteBuffer host = direct ? ByteBuffer.allocateDirect(64) : ByteBuffer.allocate(64);
        List<String> lines = new ArrayList<>();
        for (String flight : List.of("EHLO a\r\n", "MAIL FROM:<a@b.example>\r\nRCPT TO:<c@d.example>\r\n", "QUIT\r\n")) {
          host.clear();
          host.put(bytes(flight)).flip();
          ByteBuffer fed = readOnly ? host.asReadOnlyBuffer() : host;
          while (framer.next(fed) == LineFramer.Status.LINE) {
            assertThat(framer.line().isReadOnly()).isTrue();
            byte[] b = new byte[framer.line().remaining()];
            framer.line().get(b);
            lines.add(Feeding.text(b));
          }
        }
        assertThat(lines).as("direct %s, read-only %s", direct, readOnly)
            .containsExactly("EHLO a", "MAIL FROM:<a@b.example>", "RCPT TO:<c@d.example>", "QUIT");
      }
    }
  }
}
