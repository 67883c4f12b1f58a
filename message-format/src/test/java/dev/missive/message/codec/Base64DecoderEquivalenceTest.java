package dev.missive.message.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * The base64 decoder (RFC 2045 §6.8) against {@link ReferenceBase64Decoder}, its per-quantum loop before the
 * line-at-a-time fast path: on well-formed and damaged input (bad characters, missing padding, data after padding,
 * CR, LF, space and tab anywhere, lines longer or shorter than 76 characters or not a multiple of four), fed in
 * pieces of any size into output of any room, both must consume the same input, write the same octets, finish the
 * same way and report the same defects, call by call.
 */
class Base64DecoderEquivalenceTest {

  @Property(tries = 200)
  void sameAsTheReferenceCallByCall(@ForAll("base64ish") byte[] input, @ForAll @IntRange(min = 1, max = 300) int piece,
      @ForAll @IntRange(min = 4, max = 200) int room) {
    assertSame(input, piece, room);
  }

  @Test
  void everyInputSplitAndEveryOutputRoom() {
    SplittableRandom rnd = new SplittableRandom(25);
    byte[] data = new byte[300];
    rnd.nextBytes(data);
    String lines = Base64.getMimeEncoder(76, new byte[] {'\r', '\n'}).encodeToString(data);
    for (String text : List.of(lines + "\r\n", lines, lines.replace("\r\n", "\n"), lines.substring(0, 150) + "=" + lines,
        Base64.getMimeEncoder(64, new byte[] {'\r', '\n'}).encodeToString(data) + "==\r\nQUJD\r\n",
        lines.replace("\r\n", "\r\n\r\n").replace('Q', '!').replace("AB", "A B\tC"))) {
      byte[] input = text.getBytes(StandardCharsets.US_ASCII);
      for (int piece = 1; piece <= input.length; piece += piece < 90 ? 1 : 37) {
        assertSame(input, piece, input.length + 8);
      }
      for (int room = 4; room <= 90; room++) {
        assertSame(input, input.length, room);
      }
    }
  }

  @Test
  void aLongBodyLearnsItsLineLengthAndMeetsDamageLate() {
    SplittableRandom rnd = new SplittableRandom(3);
    byte[] data = new byte[20_000];
    rnd.nextBytes(data);
    for (int width : new int[] {4, 60, 64, 72, 76, 100, 400, 998}) {
      String text = Base64.getMimeEncoder(width, new byte[] {'\r', '\n'}).encodeToString(data);
      String damaged = text.substring(0, 9_000) + "\r\n*" + text.substring(9_000, 15_001) + "\n" + text.substring(15_001);
      for (String t : List.of(text, damaged, Base64.getEncoder().encodeToString(data))) {
        byte[] input = t.getBytes(StandardCharsets.US_ASCII);
        assertSame(input, input.length, input.length);
        assertSame(input, 4096, 1000);
      }
    }
  }

  private static void assertSame(byte[] input, int piece, int room) {
    ContentDecoder fast = new Base64Decoder();
    ContentDecoder reference = new ReferenceBase64Decoder();
    ByteArrayOutputStream fastOut = new ByteArrayOutputStream();
    ByteArrayOutputStream referenceOut = new ByteArrayOutputStream();
    ByteBuffer a = ByteBuffer.allocate(room);
    ByteBuffer b = ByteBuffer.allocate(room);
    for (int at = 0; at < input.length; at += piece) {
      ByteBuffer inA = ByteBuffer.wrap(input, at, Math.min(piece, input.length - at));
      ByteBuffer inB = inA.duplicate();
      while (inA.hasRemaining()) {
        fast.decode(inA, a);
        reference.decode(inB, b);
        assertThat(inA.position()).as("input consumed, piece %d room %d", piece, room).isEqualTo(inB.position());
        assertThat(a.position()).as("output written, piece %d room %d", piece, room).isEqualTo(b.position());
        drain(a, fastOut);
        drain(b, referenceOut);
      }
    }
    boolean doneA;
    boolean doneB;
    do {
      doneA = fast.finish(a);
      doneB = reference.finish(b);
      assertThat(doneA).isEqualTo(doneB);
      drain(a, fastOut);
      drain(b, referenceOut);
    } while (!doneA);
    assertThat(fastOut.toByteArray()).isEqualTo(referenceOut.toByteArray());
    assertThat(fast.defects()).isEqualTo(reference.defects());
  }

  private static void drain(ByteBuffer out, ByteArrayOutputStream sink) {
    sink.write(out.array(), 0, out.position());
    out.clear();
  }

  @Provide
  Arbitrary<byte[]> base64ish() {
    Arbitrary<byte[]> data = Arbitraries.bytes().array(byte[].class).ofMaxSize(600);
    Arbitrary<Integer> widths = Arbitraries.integers().between(1, 120);
    Arbitrary<byte[]> encoded = data.flatMap(d -> widths.map(w -> mime(d, w)));
    Arbitrary<byte[]> damaged = Arbitraries.oneOf(encoded, encoded, encoded).flatMap(e -> Arbitraries.integers()
        .between(0, 6).list().ofMaxSize(8).flatMap(kinds -> Arbitraries.integers().between(0, Math.max(0, e.length))
            .list().ofSize(kinds.size()).map(places -> damage(e, kinds, places))));
    Arbitrary<byte[]> steering = Arbitraries.strings().withChars("=\r\n \tAZaz09+/QUJD!-\u00ff").ofMaxLength(400)
        .map(s -> s.getBytes(StandardCharsets.ISO_8859_1));
    return Arbitraries.oneOf(encoded, damaged, damaged, steering);
  }

  /** Base64 of {@code data} in lines of {@code width} characters (any width, not only multiples of four). */
  private static byte[] mime(byte[] data, int width) {
    String flat = Base64.getEncoder().encodeToString(data);
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < flat.length(); i += width) {
      s.append(flat, i, Math.min(flat.length(), i + width)).append("\r\n");
    }
    return s.toString().getBytes(StandardCharsets.US_ASCII);
  }

  /** Inserts, drops or replaces octets: CR, LF, space, tab, '=', a non-alphabet octet, or a cut (no padding). */
  private static byte[] damage(byte[] encoded, List<Integer> kinds, List<Integer> places) {
    StringBuilder s = new StringBuilder(new String(encoded, StandardCharsets.ISO_8859_1));
    for (int i = 0; i < kinds.size(); i++) {
      int at = Math.min(places.get(i), s.length());
      switch (kinds.get(i)) {
        case 0 -> s.insert(at, '\r');
        case 1 -> s.insert(at, '\n');
        case 2 -> s.insert(at, at % 2 == 0 ? ' ' : '\t');
        case 3 -> s.insert(at, at % 3 == 0 ? "==" : "=");
        case 4 -> s.insert(at, at % 2 == 0 ? '*' : '\u00e9');
        case 5 -> s.setLength(at);
        default -> {
          if (at < s.length()) {
            s.setCharAt(at, '.');
          }
        }
      }
    }
    return s.toString().getBytes(StandardCharsets.ISO_8859_1);
  }
}
