package dev.missive.message.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * Whole, byte-by-byte and random-split feeding give the same events, defects and their place among the body
 * bytes included (docs/architecture.md, "Chunking independence", for the parser); body bytes are compared coalesced.
 */
class ChunkingPropertyTest {

  /** Issue 12 item 6 (a): a first line past maxFieldLength that is not a field was skipped only when split. */
  @Test
  void aLongFirstLineThatIsNotAFieldStartsTheBodyWhateverTheSplit() {
    byte[] data = new byte[80];
    System.arraycopy(bytes("d in a "), 0, data, 0, 7);
    java.util.Arrays.fill(data, 7, 66, (byte) 0xff);
    System.arraycopy(bytes("base6.oy 4\rbd\n"), 0, data, 66, 14);
    ParserOptions options = new ParserOptions(new MessageLimits(78, 1_000, 200, 100, 10_000, 64 * 1024),
        BodyMode.DECODED, true);
    List<String> whole = EventRecorder.whole(data, options);
    assertThat(whole).containsExactly("StartMessage[depth=0, offset=0]",
        "DefectEvent[defect=MISSING_HEADER_BODY_SEPARATOR: a header line that is not a field starts the body"
            + " (RFC 5322 §2.1)]",
        "EndOfHeader[contentType=text/plain; charset=us-ascii, transferEncoding=7bit, bodyOffset=0, skippedFields=0]",
        "Decoded[" + new String(data, StandardCharsets.ISO_8859_1) + "]",
        "EndMessage[depth=0, endOffset=80]");
    assertThat(EventRecorder.record(data, options, i -> 1)).isEqualTo(whole);
    assertThat(EventRecorder.record(data, options, i -> 79)).isEqualTo(whole);
  }

  /** Issue 12 item 6 (b): a bare LF's defect came before a part's body bytes whole, between them byte by byte. */
  @Test
  void aBareLineEndingDefectSitsAtTheLineEndingWhateverTheSplit() {
    byte[] data = bytes("Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n\r\nline one\nline two\r\n"
        + "--b--\r\n");
    List<String> whole = EventRecorder.whole(data, ParserOptions.DEFAULT);
    assertThat(whole.subList(5, 9)).containsExactly(
        "EndOfHeader[contentType=text/plain; charset=us-ascii, transferEncoding=7bit, bodyOffset=52, skippedFields=0]",
        "Body[line one]",
        "DefectEvent[defect=BARE_LINE_ENDING: a body line ends with a bare LF (RFC 5322 §2.3)]",
        "Body[\nline two]");
    assertThat(EventRecorder.record(data, ParserOptions.DEFAULT, i -> 1)).isEqualTo(whole);
  }

  @Provide
  Arbitrary<byte[]> mixedMessages() {
    return MixedMessages.messages();
  }

  @Property(tries = 200)
  void mixedMessagesUnderSmallLimitsGiveTheSameEventsWhateverTheSplit(@ForAll("mixedMessages") byte[] data,
      @ForAll @IntRange(max = 4) int limits, @ForAll boolean decoded, @ForAll boolean malformedStartsBody,
      @ForAll long seed) {
    ParserOptions options = new ParserOptions(MixedMessages.SMALL_LIMITS[limits],
        decoded ? BodyMode.DECODED : BodyMode.RAW, malformedStartsBody);
    List<String> whole = EventRecorder.whole(data, options);
    Random r = new Random(seed);
    assertThat(EventRecorder.record(data, options, i -> 1)).isEqualTo(whole);
    assertThat(EventRecorder.record(data, options, i -> 1 + r.nextInt(9))).isEqualTo(whole);
    assertThat(EventRecorder.record(data, options, i -> 1 + r.nextInt(200))).isEqualTo(whole);
    assertThat(whole.get(whole.size() - 1)).startsWith("EndMessage[depth=0");
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  private static final String[] PIECES = {
      "Content-Type: multipart/mixed; boundary=b\r\n", "Content-Type: multipart/alternative; boundary=bb\r\n",
      "Content-Type: message/rfc822\r\n", "Content-Transfer-Encoding: base64\r\n",
      "Content-Transfer-Encoding: quoted-printable\r\n", "Subject: x\r\n", " folded\r\n", "\r\n", "\n", "\r",
      "--b\r\n", "--b--\r\n", "--bb\r\n", "--bb--\r\n", "--b \t\r\n", "--bx\r\n", "-", "--", "text",
      "aGVsbG8=", "=41=\r\n", "caf\u00e9", "no colon\r\n", ": \r\n", "\u0000"};

  @Provide
  Arbitrary<byte[]> messages() {
    return Arbitraries.of(PIECES).list().ofMaxSize(40)
        .map(l -> String.join("", l).getBytes(StandardCharsets.UTF_8));
  }

  @Property(tries = 200)
  void sameEventsWhateverTheChunking(@ForAll("messages") byte[] data, @ForAll long seed,
                                     @ForAll boolean decoded) {
    ParserOptions options = ParserOptions.DEFAULT.withBodyMode(decoded ? BodyMode.DECODED : BodyMode.RAW);
    List<String> whole = EventRecorder.whole(data, options);
    Random r = new Random(seed);
    assertThat(EventRecorder.record(data, options, i -> 1)).isEqualTo(whole);
    assertThat(EventRecorder.record(data, options, i -> 1 + r.nextInt(9))).isEqualTo(whole);
    assertThat(whole.get(whole.size() - 1)).startsWith("EndMessage[depth=0");
  }

  @Provide
  Arbitrary<byte[]> noise() {
    byte[] alphabet = {'\r', '\n', '-', 'b', ' ', '\t', ':', '=', 'A', (byte) 0x80, 0};
    Arbitrary<Byte> one = Arbitraries.of(alphabet[0], alphabet[1], alphabet[2], alphabet[3], alphabet[4],
        alphabet[5], alphabet[6], alphabet[7], alphabet[8], alphabet[9], alphabet[10]);
    return one.list().ofMaxSize(300).map(l -> {
      byte[] head = "Content-Type: multipart/mixed; boundary=b\r\nContent-Transfer-Encoding: base64\r\n"
          .getBytes(StandardCharsets.US_ASCII);
      byte[] out = java.util.Arrays.copyOf(head, head.length + l.size());
      for (int i = 0; i < l.size(); i++) {
        out[head.length + i] = l.get(i);
      }
      return out;
    });
  }

  @Property(tries = 200)
  void noiseNeverThrowsAndSplitsAlike(@ForAll("noise") byte[] data, @ForAll long seed) {
    ParserOptions options = ParserOptions.DEFAULT.withBodyMode(BodyMode.DECODED);
    List<String> whole = EventRecorder.whole(data, options);
    Random r = new Random(seed);
    assertThat(EventRecorder.record(data, options, i -> 1 + r.nextInt(5))).isEqualTo(whole);
    assertThat(whole.get(whole.size() - 1)).startsWith("EndMessage[depth=0");
  }

  @Property(tries = 50)
  void rfcExampleSplitAnywhere(@ForAll long seed) throws IOException {
    byte[] data = MessageStreamParserTest.resource("rfc2046-5.1.1.eml");
    List<String> whole = EventRecorder.whole(data, ParserOptions.DEFAULT);
    Random r = new Random(seed);
    assertThat(EventRecorder.record(data, ParserOptions.DEFAULT, i -> 1 + r.nextInt(40))).isEqualTo(whole);
  }

  @Property(tries = 30)
  void smallBuffersGiveTheSameEvents(@ForAll("messages") byte[] data) {
    MessageLimits tight = new MessageLimits(200, 100, 10_000, 10, 100, 1024);
    ParserOptions options = ParserOptions.DEFAULT.withLimits(tight);
    assertThat(EventRecorder.record(data, options, i -> 3)).isEqualTo(EventRecorder.whole(data, options));
  }

}
