package dev.missive.wire;

import java.nio.ByteBuffer;
import java.util.Optional;

/** Test helper: runs a {@link ProxyHeaderDecoder} over chunks and says what came of it. */
final class ProxyDecoding {

  /**
   * What came of the input.
   *
   * @param header   the header, or null
   * @param failure  the reason of the refusal, or null
   * @param consumed how many octets the decoder took
   */
  record Outcome(ProxyHeader header, ProxyHeaderException.Reason failure, int consumed) {
  }

  private ProxyDecoding() {
  }

  /** Feeds the input in the chunks {@code seed} chooses (0: whole) and then, without a header, the end of input. */
  static Outcome decode(byte[] input, long seed, int maxLength) {
    ProxyHeaderDecoder decoder = new ProxyHeaderDecoder(maxLength);
    int consumed = 0;
    try {
      for (ByteBuffer chunk : Chunks.cut(input, seed, seed % 2 != 0)) {
        int before = chunk.position();
        Optional<ProxyHeader> header = decoder.decode(chunk);
        consumed += chunk.position() - before;
        if (header.isPresent()) {
          return new Outcome(header.get(), null, consumed);
        }
        if (chunk.hasRemaining()) {
          throw new AssertionError("no header yet, but input left over");
        }
      }
      decoder.endOfInput();
      throw new AssertionError("endOfInput returned");
    } catch (ProxyHeaderException e) {
      return new Outcome(null, e.reason(), decoder.octetsTaken());
    }
  }
}
