package dev.missive.smtp.server.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missive.smtp.EnhancedStatus;
import dev.missive.smtp.Reply;
import dev.missive.wire.OutputQueue;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * The reply octets of RFC 5321 §4.2.1 and RFC 2034 §4, written straight into an array, are those of the text
 * formatting they replaced (kept here as the oracle), for every code, status, line count and text.
 */
class ReplyWriterTest {

  @Test
  void rfc2034ExamplesAndTheEdges() {
    assertThat(wire(Reply.of(250, "2.1.5", "OK"), true)).isEqualTo("250 2.1.5 OK\r\n");
    assertThat(wire(Reply.of(250, "2.1.5", "OK"), false)).isEqualTo("250 OK\r\n");
    assertThat(wire(Reply.of(354, "Start mail input; end with <CRLF>.<CRLF>"), true))
        .isEqualTo("354 Start mail input; end with <CRLF>.<CRLF>\r\n");
    assertThat(wire(Reply.of(550, "mailbox unavailable"), true)).isEqualTo("550 5.0.0 mailbox unavailable\r\n");
    assertThat(wire(new Reply(250, Optional.empty(), List.of("mx.example.org", "SIZE 1000", "")), false))
        .isEqualTo("250-mx.example.org\r\n250-SIZE 1000\r\n250\r\n");
    assertThat(wire(new Reply(452, Optional.of(new EnhancedStatus(4, 123, 45)), List.of("", "full ")), true))
        .isEqualTo("452-4.123.45\r\n452 4.123.45 full\r\n");
    assertThat(wire(Reply.of(250, "2.0.0", "Grüße"), true)).isEqualTo("250 2.0.0 Grüße\r\n");
  }

  @Property(tries = 200)
  void theSameOctetsAsTheTextFormatting(@ForAll("replies") Reply reply, @ForAll boolean enhanced) {
    assertThat(ReplyWriter.encode(reply, enhanced)).isEqualTo(oracle(reply, enhanced));
    assertThat(new FixedReply(reply).reply()).isSameAs(reply);
    OutputQueue out = new OutputQueue(1 << 16);
    new FixedReply(reply).writeTo(out, enhanced);
    ByteBuffer drained = ByteBuffer.allocate(1 << 16);
    out.drainTo(drained);
    assertThat(drained.flip()).isEqualTo(ByteBuffer.wrap(oracle(reply, enhanced)));
  }

  @Provide
  Arbitrary<Reply> replies() {
    Arbitrary<Integer> codes = Arbitraries.of(211, 220, 221, 250, 251, 252, 334, 354, 421, 450, 451, 452, 500, 501,
        503, 530, 535, 550, 552, 554, 559);
    Arbitrary<String> texts = Arbitraries.strings().withChars(" abcXYZ019.;<>-=+()[]ü€😀").ofMaxLength(40);
    Arbitrary<List<String>> lines = texts.list().ofMinSize(1).ofMaxSize(4);
    Arbitrary<Integer> numbers = Arbitraries.of(0, 1, 9, 10, 99, 100, 999);
    return Arbitraries.lazy(() -> codes.flatMap(code -> numbers.tuple2().flatMap(sd -> lines.flatMap(ls ->
        Arbitraries.of(true, false).map(withStatus -> new Reply(code,
            withStatus && code / 100 != 3 ? Optional.of(new EnhancedStatus(code / 100, sd.get1(), sd.get2()))
                : Optional.empty(), ls))))));
  }

  private static String wire(Reply reply, boolean enhanced) {
    byte[] b = ReplyWriter.encode(reply, enhanced);
    assertThat(b).isEqualTo(oracle(reply, enhanced));
    return new String(b, StandardCharsets.UTF_8);
  }

  /** The formatting this writer replaced, through text. */
  private static byte[] oracle(Reply reply, boolean enhanced) {
    List<String> lines = reply.lines();
    int code = reply.code();
    String status = null;
    if (enhanced && code / 100 != 3) {
      status = reply.status().map(Object::toString).orElse(code / 100 + ".0.0");
    }
    StringBuilder all = new StringBuilder();
    for (int i = 0; i < lines.size(); i++) {
      StringBuilder sb = new StringBuilder();
      sb.append(code).append(i < lines.size() - 1 ? '-' : ' ');
      if (status != null) {
        sb.append(status);
        if (!lines.get(i).isEmpty()) {
          sb.append(' ');
        }
      }
      sb.append(lines.get(i));
      if (sb.charAt(sb.length() - 1) == ' ') {
        sb.setLength(sb.length() - 1);
      }
      all.append(sb).append("\r\n");
    }
    return all.toString().getBytes(StandardCharsets.UTF_8);
  }
}
