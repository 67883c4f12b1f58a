package dev.missive.message.header;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * The allocation-free checks of header octets agree with the JDK: {@link Charsets#isUtf8} with the JDK's strict
 * UTF-8 decoder (RFC 3629 §4), {@link Charsets#isAscii} with an octet-by-octet test, at every offset and length.
 */
class CharsetsPropertyTest {

  @Property(tries = 300)
  void utf8CheckAgreesWithTheJdkDecoder(@ForAll("utf8ish") byte[] bytes, @ForAll @IntRange(max = 8) int cut) {
    int off = Math.min(cut, bytes.length);
    int len = bytes.length - off;
    boolean jdk = Charsets.decodeStrict(bytes, off, len, StandardCharsets.UTF_8) != null;
    assertThat(Charsets.isUtf8(bytes, off, len)).isEqualTo(jdk);
  }

  @Property(tries = 300)
  void asciiCheckAgreesWithOctetByOctet(@ForAll("utf8ish") byte[] bytes, @ForAll @IntRange(max = 8) int cut) {
    int off = Math.min(cut, bytes.length);
    boolean ascii = true;
    for (int i = off; i < bytes.length; i++) {
      ascii &= bytes[i] >= 0;
    }
    assertThat(Charsets.isAscii(bytes, off, bytes.length - off)).isEqualTo(ascii);
  }

  @Property(tries = 300)
  void firstNonAsciiAndTheOnePassUtf8CheckAgreeWithTheSeparateChecks(@ForAll("utf8ish") byte[] bytes,
      @ForAll @IntRange(max = 8) int cut) {
    int off = Math.min(cut, bytes.length);
    int len = bytes.length - off;
    int first = -1;
    for (int i = off; i < bytes.length && first < 0; i++) {
      first = bytes[i] < 0 ? i : -1;
    }
    assertThat(Charsets.firstNonAscii(bytes, off, len)).isEqualTo(first);
    assertThat(Charsets.isAsciiOrUtf8(bytes, off, len))
        .isEqualTo(Charsets.isAscii(bytes, off, len) || Charsets.isUtf8(bytes, off, len));
  }

  /** Valid UTF-8 text, the same with one octet changed or cut short, the edges of RFC 3629's table, raw bytes. */
  @Provide
  Arbitrary<byte[]> utf8ish() {
    Arbitrary<byte[]> text = Arbitraries.strings().all().ofMaxLength(40).map(s -> s.getBytes(StandardCharsets.UTF_8));
    Arbitrary<byte[]> damaged = text.filter(b -> b.length > 0).flatMap(b -> Arbitraries.integers()
        .between(0, b.length - 1).flatMap(i -> Arbitraries.integers().between(0, 255).map(v -> {
          byte[] c = b.clone();
          c[i] = (byte) (int) v;
          return c;
        })));
    Arbitrary<byte[]> cut = text.filter(b -> b.length > 1).flatMap(b -> Arbitraries.integers()
        .between(1, b.length - 1).map(n -> java.util.Arrays.copyOf(b, n)));
    Arbitrary<Byte> edge = Arbitraries.of((byte) 0x7f, (byte) 0x80, (byte) 0x8f, (byte) 0x90, (byte) 0x9f,
        (byte) 0xa0, (byte) 0xbf, (byte) 0xc0, (byte) 0xc1, (byte) 0xc2, (byte) 0xdf, (byte) 0xe0, (byte) 0xed,
        (byte) 0xef, (byte) 0xf0, (byte) 0xf4, (byte) 0xf5, (byte) 0xff, (byte) 'a');
    Arbitrary<byte[]> edges = edge.array(byte[].class).ofMaxSize(12);
    Arbitrary<byte[]> raw = Arbitraries.bytes().array(byte[].class).ofMaxSize(40);
    return Arbitraries.oneOf(text, damaged, cut, edges, raw);
  }
}
