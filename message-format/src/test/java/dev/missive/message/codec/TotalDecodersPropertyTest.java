package dev.missive.message.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * The decoders are total over any bytes, always progress with 4 free output bytes, never grow output, and give the
 * same octets and defects whether the input comes whole or one octet at a time (the whole input takes the
 * quoted-printable decoder's fast paths and the base64 decoder's whole quanta, single octets their state machines
 * alone).
 */
class TotalDecodersPropertyTest {

  @Property(tries = 200)
  void decodersAreTotal(@ForAll("encodedish") byte[] input, @ForAll("encodings") String cte,
      @ForAll @IntRange(min = 4, max = 64) int outSize) {
    ContentDecoder d = TransferEncodings.decoder(cte);
    ByteBuffer in = ByteBuffer.wrap(input);
    long produced = 0;
    ByteBuffer out = ByteBuffer.allocate(outSize);
    while (in.hasRemaining()) {
      int before = in.position();
      d.decode(in, out);
      assertThat(in.position() > before || out.position() > 0).as("progress").isTrue();
      produced += out.position();
      out.clear();
    }
    while (!d.finish(out)) {
      produced += out.position();
      out.clear();
    }
    produced += out.position();
    assertThat(produced).isLessThanOrEqualTo(input.length);
    assertThat(d.defects().size()).isLessThanOrEqualTo(2);
  }

  @Property(tries = 300)
  void decodingDoesNotDependOnTheSplit(@ForAll("encodedish") byte[] input, @ForAll("encodings") String cte) {
    ContentDecoder whole = TransferEncodings.decoder(cte);
    byte[] wholeOut = decode(whole, input, input.length);
    ContentDecoder single = TransferEncodings.decoder(cte);
    byte[] singleOut = decode(single, input, 1);
    assertThat(wholeOut).isEqualTo(singleOut);
    assertThat(whole.defects()).isEqualTo(single.defects());
  }

  private static byte[] decode(ContentDecoder d, byte[] input, int piece) {
    java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
    ByteBuffer out = ByteBuffer.allocate(input.length + 16);
    for (int at = 0; at < input.length; at += piece) {
      ByteBuffer in = ByteBuffer.wrap(input, at, Math.min(piece, input.length - at));
      while (in.hasRemaining()) {
        d.decode(in, out);
        all.write(out.array(), 0, out.position());
        out.clear();
      }
    }
    while (!d.finish(out)) {
      all.write(out.array(), 0, out.position());
      out.clear();
    }
    all.write(out.array(), 0, out.position());
    return all.toByteArray();
  }

  @Provide
  Arbitrary<String> encodings() {
    return Arbitraries.of("base64", "quoted-printable", "7bit", "x-unknown");
  }

  @Provide
  Arbitrary<byte[]> encodedish() {
    Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(400);
    Arbitrary<byte[]> steering = Arbitraries.strings().withChars("=\r\n \tAZaz09+/ZG!-").ofMaxLength(400)
        .map(s -> s.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    Arbitrary<byte[]> qpish = Arbitraries.strings().withChars("==\r\r\n\n  \t\tAaFf09Gx.").ofMaxLength(300)
        .map(s -> s.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    Arbitrary<byte[]> spaces = Arbitraries.integers().between(0, 3000).map(n -> (" ".repeat(n) + "=\r\nx").getBytes(
        java.nio.charset.StandardCharsets.US_ASCII));
    return Arbitraries.oneOf(random, steering, qpish, spaces);
  }
}
