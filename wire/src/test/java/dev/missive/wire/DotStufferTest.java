package dev.missive.wire;

import static dev.missive.wire.Feeding.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * RFC 5321 §4.5.2 stuffing, CRLF canonicalisation (docs/security.md, "Outbound smuggling") and round trips through
 * the unstuffer.
 */
class DotStufferTest {

  static String stuff(String content, int outSize) {
    DotStuffer s = new DotStuffer();
    ByteBuffer in = ByteBuffer.wrap(bytes(content));
    ByteArrayOutputStream result = new ByteArrayOutputStream();
    ByteBuffer out = ByteBuffer.allocate(outSize);
    while (in.hasRemaining()) {
      s.encode(in, out);
      out.flip();
      result.write(out.array(), 0, out.limit());
      out.clear();
    }
    ByteBuffer last = ByteBuffer.allocate(5);
    assertThat(s.finish(last)).isTrue();
    result.write(last.array(), 0, last.position());
    return Feeding.text(result.toByteArray());
  }

  @Test
  void dotsAtLineStartAreDoubled() {
    assertThat(stuff(".\r\n..foo\r\nbar.\r\n", 64)).isEqualTo("..\r\n...foo\r\nbar.\r\n.\r\n");
  }

  @Test
  void bareLineEndingsAreCanonicalisedSoNothingEndsEarly() {
    // docs/security.md, "Outbound smuggling": a body with \n.\n or \r.\r never ends the data early
    assertThat(stuff("a\n.\nb\r.\rc", 64)).isEqualTo("a\r\n..\r\nb\r\n..\r\nc\r\n.\r\n");
  }

  @Test
  void unterminatedLastLineIsCompleted() {
    assertThat(stuff("abc", 64)).isEqualTo("abc\r\n.\r\n");
    assertThat(stuff("abc\r", 64)).isEqualTo("abc\r\n.\r\n");
    assertThat(stuff("", 64)).isEqualTo(".\r\n");
  }

  @Test
  void finishNeedsFiveOctets() {
    DotStuffer s = new DotStuffer();
    s.encode(ByteBuffer.wrap(bytes("x")), ByteBuffer.allocate(8));
    assertThat(s.finish(ByteBuffer.allocate(4))).isFalse();
    ByteBuffer out = ByteBuffer.allocate(5);
    assertThat(s.finish(out)).isTrue();
    assertThat(Feeding.text(out.array())).isEqualTo("\r\n.\r\n");
  }

  @Provide
  Arbitrary<String> dottyContent() {
    return Arbitraries.strings().withChars('.', '\r', '\n', 'a', ' ', '\u0000', '\u00ff').ofMaxLength(200);
  }

  /** Stuff then unstuff gives the CRLF-canonical content back, whatever the output buffer size. */
  @Property(tries = 300)
  void roundTrip(@ForAll("dottyContent") String content, @ForAll @IntRange(min = 3, max = 40) int outSize) {
    String wire = stuff(content, outSize);
    DotUnstufferTest.Outcome o = DotUnstufferTest.run(Feeding.whole(bytes(wire)), BareLineEndingPolicy.REJECT);
    assertThat(o.endOffset()).isEqualTo(wire.length());
    assertThat(o.bare()).isFalse();
    assertThat(o.content()).isEqualTo(canonical(content));
  }

  /**
   * The bulk path over backing arrays consumes and writes exactly what the octet-by-octet path (taken for a
   * read-only input) does, call by call, whatever the chunking and output room.
   */
  @Property(tries = 300)
  void bulkCopyMatchesOctetByOctet(@ForAll("dottyContent") String content,
      @ForAll @IntRange(min = 1, max = 50) int chunk, @ForAll @IntRange(min = 3, max = 40) int outSize) {
    byte[] octets = bytes(content + "plain text without line endings" + content);
    DotStuffer bulk = new DotStuffer();
    DotStuffer octetwise = new DotStuffer();
    for (int from = 0; from < octets.length; from += chunk) {
      int len = Math.min(chunk, octets.length - from);
      ByteBuffer inA = ByteBuffer.wrap(octets, from, len);
      ByteBuffer inB = ByteBuffer.wrap(octets, from, len).asReadOnlyBuffer();
      while (inA.hasRemaining() || inB.hasRemaining()) {
        ByteBuffer outA = ByteBuffer.allocate(outSize);
        ByteBuffer outB = ByteBuffer.allocate(outSize);
        bulk.encode(inA, outA);
        octetwise.encode(inB, outB);
        assertThat(inA.position()).isEqualTo(inB.position());
        assertThat(outA.flip()).isEqualTo(outB.flip());
      }
    }
  }

  /** What stuffing promises to deliver: every bare CR or LF becomes CRLF and the last line is ended. */
  static String canonical(String s) {
    String c = s.replace("\r\n", "\n").replace('\r', '\n').replace("\n", "\r\n");
    return c.isEmpty() || c.endsWith("\r\n") ? c : c + "\r\n";
  }
}
