package dev.missive.message.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Encode → decode round trips over random bytes, with the input and output cut into random chunks. */
class RoundTripPropertyTest {

  @Property(tries = 200)
  void base64RoundTrips(@ForAll("bytes") byte[] data, @ForAll("cuts") List<Integer> cuts) {
    roundTrip("base64", data, cuts);
  }

  @Property(tries = 200)
  void quotedPrintableRoundTrips(@ForAll("bytes") byte[] data, @ForAll("cuts") List<Integer> cuts) {
    roundTrip("quoted-printable", data, cuts);
  }

  private static void roundTrip(String cte, byte[] data, List<Integer> cuts) {
    byte[] encoded = run(TransferEncodings.encoder(cte), data, cuts);
    byte[] whole = TransferEncodings.encode(data, cte);
    assertThat(encoded).isEqualTo(whole);
    for (String line : new String(encoded, java.nio.charset.StandardCharsets.ISO_8859_1).split("\r\n", -1)) {
      assertThat(line.length()).isLessThanOrEqualTo(76);
      assertThat(line.chars().allMatch(c -> c >= 0x21 && c <= 0x7e || c == ' ' || c == '\t')).isTrue();
    }
    ContentDecoder decoder = TransferEncodings.decoder(cte);
    byte[] decoded = run(decoder, encoded, cuts);
    assertThat(decoded).isEqualTo(data);
    assertThat(decoder.defects()).isEmpty();
  }

  private interface Step {
    void apply(ByteBuffer in, ByteBuffer out);
  }

  private interface Finisher {
    boolean finish(ByteBuffer out);
  }

  /** Feeds {@code data} in chunks cut at {@code cuts}, into output buffers of changing small sizes. */
  private static byte[] run(Object finisher, byte[] data, List<Integer> cuts) {
    Finisher fin = finisher instanceof ContentEncoder ? ((ContentEncoder) finisher)::finish
        : ((ContentDecoder) finisher)::finish;
    Step s = finisher instanceof ContentEncoder ? ((ContentEncoder) finisher)::encode
        : ((ContentDecoder) finisher)::decode;
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    List<Integer> points = new ArrayList<>();
    for (int c : cuts) {
      points.add(data.length == 0 ? 0 : c % (data.length + 1));
    }
    points.add(data.length);
    points.sort(Integer::compare);
    int from = 0;
    int size = 16;
    for (int to : points) {
      ByteBuffer in = ByteBuffer.wrap(data, from, to - from);
      while (in.hasRemaining()) {
        ByteBuffer out = ByteBuffer.allocate(size);
        s.apply(in, out);
        all.write(out.array(), 0, out.position());
        size = size == 16 ? 77 : size == 77 ? 4096 : 16;
      }
      from = to;
    }
    ByteBuffer out = ByteBuffer.allocate(16);
    while (!fin.finish(out)) {
      all.write(out.array(), 0, out.position());
      out.clear();
    }
    all.write(out.array(), 0, out.position());
    return all.toByteArray();
  }

  @Provide
  Arbitrary<byte[]> bytes() {
    Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(600);
    Arbitrary<byte[]> texty = Arbitraries.strings().withChars(" \t\r\n=.aZ\u00e9").ofMaxLength(400)
        .map(x -> x.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    return Arbitraries.oneOf(random, texty);
  }

  @Provide
  Arbitrary<List<Integer>> cuts() {
    return Arbitraries.integers().between(0, 10_000).list().ofMaxSize(12);
  }
}
