package dev.missive.message.codec;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.SplittableRandom;

/**
 * Fuzz target for the transfer encodings of RFC 2045 §6 (base64, quoted-printable and the identities): decoding
 * any octets never throws, never gives more octets than it got, and gives the same octets and defects whole,
 * through {@link ContentDecoder} in random input chunks and output room (at least the 4 octets the contract
 * needs; each call makes progress), and through {@link DecodingInputStream} in random reads; encoding any octets
 * gives the same octets whole and streamed (output room of at least 16), lines of at most 76 characters ended by
 * CRLF for base64 and quoted-printable, at most {@link #ENCODE_GROWTH} times the input plus
 * {@link #ENCODE_SLACK}, and decodes back to the input exactly without a defect.
 */
class TransferEncodingsFuzzTest {

  /** Quoted-printable: 3 characters per octet, plus a 3-character soft break per 75. */
  static final int ENCODE_GROWTH = 4;
  static final int ENCODE_SLACK = 8;

  private static final String[] ENCODINGS = {"base64", "quoted-printable", "7bit", "8bit", "binary", "x-unknown",
      " Base64 (comment)"};

  @FuzzTest
  void decodesAndEncodesAlikeInEveryChunking(FuzzedDataProvider data) throws IOException {
    String cte = data.pickValue(ENCODINGS);
    long seed = data.consumeLong();
    byte[] input = data.consumeRemainingAsBytes();

    ContentDecoder wholeDecoder = TransferEncodings.decoder(cte);
    byte[] decoded = decode(wholeDecoder, input, new SplittableRandom(0), false);
    assertThat(decoded.length).isLessThanOrEqualTo(input.length);
    assertThat(TransferEncodings.decode(input, cte)).isEqualTo(decoded);
    ContentDecoder streamed = TransferEncodings.decoder(cte);
    assertThat(decode(streamed, input, new SplittableRandom(seed), true)).isEqualTo(decoded);
    assertThat(streamed.defects()).isEqualTo(wholeDecoder.defects());
    assertThat(read(new DecodingInputStream(new ByteArrayInputStream(input), cte), new SplittableRandom(seed)))
        .isEqualTo(decoded);

    if (!TransferEncodings.isKnown(cte)) {
      return;
    }
    byte[] encoded = TransferEncodings.encode(input, cte);
    assertThat(encoded.length).isLessThanOrEqualTo(ENCODE_GROWTH * input.length + ENCODE_SLACK);
    assertThat(encode(TransferEncodings.encoder(cte), input, new SplittableRandom(seed))).isEqualTo(encoded);
    if (cte.equals("base64") || cte.equals("quoted-printable")) {
      assertLinesOf76(encoded);
    }
    ContentDecoder back = TransferEncodings.decoder(cte);
    assertThat(decode(back, encoded, new SplittableRandom(seed), true)).isEqualTo(input);
    assertThat(back.defects()).isEmpty();
  }

  private static byte[] decode(ContentDecoder decoder, byte[] input, SplittableRandom random, boolean chunked) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int at = 0;
    while (at < input.length) {
      int n = chunked ? 1 + random.nextInt(Math.min(input.length - at, 1 + random.nextInt(100))) : input.length - at;
      ByteBuffer in = ByteBuffer.wrap(input, at, n);
      while (in.hasRemaining()) {
        ByteBuffer room = ByteBuffer.allocate(chunked ? 4 + random.nextInt(64) : n + 16);
        int before = in.position();
        decoder.decode(in, room);
        if (in.position() == before && room.position() == 0) {
          throw new AssertionError("decode made no progress with " + room.capacity() + " octets of room");
        }
        out.write(room.array(), 0, room.position());
      }
      at += n;
    }
    for (int i = 0; ; i++) {
      ByteBuffer room = ByteBuffer.allocate(chunked ? 4 + random.nextInt(8) : 64);
      boolean done = decoder.finish(room);
      out.write(room.array(), 0, room.position());
      if (done) {
        break;
      }
      assertThat(i).as("finish ends").isLessThan(16);
    }
    return out.toByteArray();
  }

  private static byte[] encode(ContentEncoder encoder, byte[] input, SplittableRandom random) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int at = 0;
    while (at < input.length) {
      int n = 1 + random.nextInt(Math.min(input.length - at, 1 + random.nextInt(100)));
      ByteBuffer in = ByteBuffer.wrap(input, at, n);
      while (in.hasRemaining()) {
        ByteBuffer room = ByteBuffer.allocate(16 + random.nextInt(64));
        int before = in.position();
        encoder.encode(in, room);
        if (in.position() == before && room.position() == 0) {
          throw new AssertionError("encode made no progress with " + room.capacity() + " octets of room");
        }
        out.write(room.array(), 0, room.position());
      }
      at += n;
    }
    for (int i = 0; ; i++) {
      ByteBuffer room = ByteBuffer.allocate(16 + random.nextInt(8));
      boolean done = encoder.finish(room);
      out.write(room.array(), 0, room.position());
      if (done) {
        break;
      }
      assertThat(i).as("finish ends").isLessThan(16);
    }
    return out.toByteArray();
  }

  private static byte[] read(InputStream in, SplittableRandom random) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[64];
    while (true) {
      int n = in.read(buf, 0, 1 + random.nextInt(buf.length));
      if (n < 0) {
        return out.toByteArray();
      }
      out.write(buf, 0, n);
    }
  }

  /** Checked octet by octet without AssertJ, which would cost more than the codec on this hot path. */
  private static void assertLinesOf76(byte[] encoded) {
    int line = 0;
    for (int i = 0; i < encoded.length; i++) {
      if (encoded[i] == '\r') {
        if (i + 1 == encoded.length || encoded[i + 1] != '\n') {
          throw new AssertionError("bare CR at " + i);
        }
        i++;
        line = 0;
      } else if (encoded[i] == '\n') {
        throw new AssertionError("bare LF at " + i);
      } else if (++line > 76) {
        throw new AssertionError("line longer than 76 characters at " + i);
      }
    }
  }
}
