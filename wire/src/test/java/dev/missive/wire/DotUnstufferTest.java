package dev.missive.wire;

import static dev.missive.wire.Feeding.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * RFC 5321 §4.5.2 unstuffing and end-of-data detection, with the SMTP smuggling sequences of docs/security.md, "Fake
 * end of data".
 */
class DotUnstufferTest {

  /** What a run of the unstuffer gave: the content, and how many input octets came before the end (-1: no end). */
  record Outcome(String content, int endOffset, boolean bare) {}

  /** Runs both ways of decoding, new slices and one reused view, and checks that they agree. */
  static Outcome run(List<ByteBuffer> chunks, BareLineEndingPolicy policy) {
    Outcome sliced = run(chunks.stream().map(ByteBuffer::duplicate).toList(), policy, false);
    Outcome direct = run(chunks.stream().map(DotUnstufferTest::direct).toList(), policy, false);
    assertThat(direct).as("a direct buffer (no backing array) against a heap one").isEqualTo(sliced);
    Outcome viewed = run(chunks, policy, true);
    assertThat(viewed).as("decode(in, view) against decode(in)").isEqualTo(sliced);
    return sliced;
  }

  private static ByteBuffer direct(ByteBuffer heap) {
    ByteBuffer copy = ByteBuffer.allocateDirect(heap.remaining());
    copy.put(heap.duplicate()).flip();
    return copy;
  }

  static Outcome run(List<ByteBuffer> chunks, BareLineEndingPolicy policy, boolean reusedView) {
    DotUnstuffer u = new DotUnstuffer(policy, 998);
    ByteArrayOutputStream content = new ByteArrayOutputStream();
    int consumed = 0;
    for (ByteBuffer chunk : chunks) {
      int before = chunk.position();
      ByteBuffer view = chunk.asReadOnlyBuffer();
      for (ByteBuffer piece; (piece = reusedView ? u.decode(chunk, view) : u.decode(chunk)) != null; ) {
        assertThat(piece.isReadOnly()).isTrue();
        byte[] b = new byte[piece.remaining()];
        piece.get(b);
        content.writeBytes(b);
      }
      consumed += chunk.position() - before;
      if (u.isEnded()) {
        assertThat(u.hasPartialInput()).isFalse();
        return new Outcome(Feeding.text(content.toByteArray()), consumed, u.sawBareLineEnding());
      }
      assertThat(chunk.hasRemaining()).isFalse();
    }
    return new Outcome(Feeding.text(content.toByteArray()), -1, u.sawBareLineEnding());
  }

  static void assertSameInEveryChunking(String input, BareLineEndingPolicy policy, Outcome expected) {
    byte[] b = bytes(input);
    assertThat(run(Feeding.whole(b), policy)).isEqualTo(expected);
    assertThat(run(Feeding.byteByByte(b), policy)).isEqualTo(expected);
    for (int at = 0; at <= b.length; at++) {
      assertThat(run(Feeding.splitAt(b, at), policy)).as("split at %d", at).isEqualTo(expected);
    }
  }

  static Stream<String> smugglingSequences() {
    return Stream.of("\n.\n", "\r.\r", "\r.\n", "\n.\r", "\n.\r\n", "\r\n.\n", "\r.\r\n", "\r\n.\r",
        "\r\n.\r\r\n", "\r\r\n.\r\r\n", "\r\n\u0000.\r\n", "\r\n.\u0000\r\n");
  }

  /**
   * docs/security.md, "Fake end of data" and "Split and truncated data": only the real CRLF.CRLF ends data, in every
   * chunking and under both policies.
   */
  @ParameterizedTest
  @MethodSource("smugglingSequences")
  void onlyTheRealCrlfDotCrlfEndsData(String sequence) {
    String smuggled = "MAIL FROM:<a@evil>\r\nRCPT TO:<b@victim>\r\nDATA\r\nForged\r\n";
    String data = "Subject: hi\r\n\r\nbody" + sequence + smuggled;
    String input = data + ".\r\nQUIT\r\n";
    int realEnd = input.length() - "QUIT\r\n".length();
    boolean bare = !sequence.contains("\u0000");
    for (BareLineEndingPolicy policy : BareLineEndingPolicy.values()) {
      Outcome whole = run(Feeding.whole(bytes(input)), policy);
      assertThat(whole.endOffset()).as("%s under %s", escape(sequence), policy).isEqualTo(realEnd);
      assertThat(whole.bare()).isEqualTo(bare);
      assertThat(whole.content()).contains("Forged\r\n").endsWith("Forged\r\n");
      assertSameInEveryChunking(input, policy, whole);
    }
  }

  /** docs/security.md, "Split and truncated data": input that ends early never reports an end of data. */
  @ParameterizedTest
  @MethodSource("smugglingSequences")
  void truncatedInputNeverEnds(String sequence) {
    byte[] b = bytes("body\r\n.\r" + sequence);
    DotUnstuffer u = new DotUnstuffer(BareLineEndingPolicy.REJECT, 998);
    ByteBuffer in = ByteBuffer.wrap(bytes("body\r\n.\r"));
    while (u.decode(in) != null) {
      // drain
    }
    assertThat(u.isEnded()).isFalse();
    assertThat(u.hasPartialInput()).isTrue();
    assertThat(b).isNotEmpty();
  }

  @Test
  void rfc5321StuffedLinesLoseOneDot() {
    // issue 5's session: "this message is a test of SMTP / .. / ..foo / .. / ."
    String input = "this message is a test of SMTP\r\n..\r\n..foo\r\n..\r\n.\r\n";
    assertSameInEveryChunking(input, BareLineEndingPolicy.REJECT,
        new Outcome("this message is a test of SMTP\r\n.\r\n.foo\r\n.\r\n", input.length(), false));
  }

  @Test
  void emptyMessageIsJustTheTerminator() {
    assertSameInEveryChunking(".\r\n", BareLineEndingPolicy.REJECT, new Outcome("", 3, false));
  }

  @Test
  void bareLfBecomesCrlfUnderNormalize() {
    String input = "a\nb\r\n.\r\n";
    assertSameInEveryChunking(input, BareLineEndingPolicy.NORMALIZE, new Outcome("a\r\nb\r\n", input.length(), true));
    assertSameInEveryChunking(input, BareLineEndingPolicy.REJECT, new Outcome("a\nb\r\n", input.length(), true));
  }

  @Test
  void flagsLongLinesAndEightBitWithoutCutting() {
    DotUnstuffer u = new DotUnstuffer(BareLineEndingPolicy.REJECT, 998);
    String longLine = "x".repeat(1200);
    ByteBuffer in = ByteBuffer.wrap(bytes(longLine + "\r\n\u00e9\r\n.\r\n"));
    long n = 0;
    for (ByteBuffer p; (p = u.decode(in)) != null; ) {
      n += p.remaining();
    }
    assertThat(u.isEnded()).isTrue();
    assertThat(u.sawLineTooLong()).isTrue();
    assertThat(u.sawEightBit()).isTrue();
    assertThat(n).isEqualTo(1200 + 2 + 1 + 2).isEqualTo(u.contentLength());
    u.reset();
    assertThat(u.sawLineTooLong()).isFalse();
    assertThat(u.isEnded()).isFalse();
  }

  @Test
  void bytesAfterTheEndAreLeftForTheCaller() {
    DotUnstuffer u = new DotUnstuffer(BareLineEndingPolicy.REJECT, 998);
    ByteBuffer in = ByteBuffer.wrap(bytes("x\r\n.\r\nQUIT\r\n"));
    while (u.decode(in) != null) {
      // drain
    }
    assertThat(u.isEnded()).isTrue();
    assertThat(in.remaining()).isEqualTo(6);
    assertThat(u.decode(in)).isNull();
    assertThat(in.remaining()).isEqualTo(6);
  }

  @Test
  void aReusedViewMustBeAReadOnlyDuplicateOfTheInput() {
    DotUnstuffer u = new DotUnstuffer(BareLineEndingPolicy.REJECT, 998);
    ByteBuffer in = ByteBuffer.wrap(bytes("x\r\n.\r\n"));
    assertThatThrownBy(() -> u.decode(in, in.duplicate())).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> u.decode(in, ByteBuffer.allocate(3).asReadOnlyBuffer()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(in.position()).isZero();
  }

  private static String escape(String s) {
    return s.replace("\r", "\\r").replace("\n", "\\n").replace("\u0000", "\\0");
  }
}
