package dev.missive.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Fuzz target for {@link LineFramer} (RFC 5321 §2.3.8, §4.5.3.1.4): any octets in any chunking give the lines a
 * reference split at each LF gives, an over-long line is reported once and never delivered, bare line endings are
 * flagged as documented, and a pending partial line is reported. Replayed from {@code LineFramerFuzzTestInputs/}.
 */
class LineFramerFuzzTest {

  @FuzzTest
  void framesLikeTheReference(FuzzedDataProvider data) {
    BareLineEndingPolicy policy = data.pickValue(BareLineEndingPolicy.values());
    int max = data.consumeInt(1, 300);
    long seed = data.consumeLong();
    boolean readOnly = data.consumeBoolean();
    byte[] input = data.consumeRemainingAsBytes();

    List<String> expected = reference(input, max, policy);
    assertThat(frame(input, 0, false, max, policy)).isEqualTo(expected);
    assertThat(frame(input, seed, readOnly, max, policy)).isEqualTo(expected);
  }

  /** The framer's results as lines: {@code LINE:<content>}, {@code LINE!:<content>} when flagged, {@code TOO_LONG}. */
  private static List<String> frame(byte[] input, long seed, boolean readOnly, int max, BareLineEndingPolicy policy) {
    LineFramer framer = new LineFramer(max, policy);
    List<String> out = new ArrayList<>();
    for (ByteBuffer chunk : Chunks.cut(input, seed, readOnly)) {
      while (chunk.hasRemaining()) {
        int before = chunk.position();
        LineFramer.Status status = framer.next(chunk);
        assertThat(chunk.position()).as("progress").isGreaterThan(before);
        if (status == LineFramer.Status.LINE) {
          ByteBuffer line = framer.line();
          assertThat(line.isReadOnly()).isTrue();
          assertThat(line.remaining()).isLessThanOrEqualTo(max);
          byte[] b = new byte[line.remaining()];
          line.get(b);
          out.add((framer.lineHasBareLineEnding() ? "LINE!:" : "LINE:") + Feeding.text(b));
        } else if (status == LineFramer.Status.LINE_TOO_LONG) {
          out.add("TOO_LONG");
        } else {
          assertThat(chunk.hasRemaining()).isFalse();
        }
      }
    }
    out.add("PARTIAL:" + framer.hasPartialLine());
    return out;
  }

  /** Lines end at LF; a CR just before it belongs to the ending; any other CR, or a bare LF under REJECT, flags. */
  private static List<String> reference(byte[] input, int max, BareLineEndingPolicy policy) {
    List<String> out = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < input.length; i++) {
      if (input[i] != '\n') {
        continue;
      }
      boolean crlf = i > start && input[i - 1] == '\r';
      int end = crlf ? i - 1 : i;
      if (end - start > max) {
        out.add("TOO_LONG");
      } else {
        String content = Feeding.text(java.util.Arrays.copyOfRange(input, start, end));
        boolean flagged = content.indexOf('\r') >= 0 || !crlf && policy == BareLineEndingPolicy.REJECT;
        out.add((flagged ? "LINE!:" : "LINE:") + content);
      }
      start = i + 1;
    }
    out.add("PARTIAL:" + (start < input.length));
    return out;
  }
}
