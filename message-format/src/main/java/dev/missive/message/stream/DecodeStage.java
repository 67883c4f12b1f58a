package dev.missive.message.stream;

import dev.missive.message.codec.ContentDecoder;
import java.nio.ByteBuffer;

/**
 * Raw body octets waiting to be decoded (RFC 2045 §6) and the one reusable output buffer they are decoded into,
 * so decoding allocates nothing per chunk. Each result is valid until the next call.
 */
final class DecodeStage {

  private final ByteBuffer out;
  private ByteBuffer in;

  DecodeStage(int capacity) {
    this.out = ByteBuffer.allocate(capacity);
  }

  /** Queues a slice of raw body octets (a view of the parser's buffer, so it must be decoded before compaction). */
  void input(ByteBuffer raw) {
    in = raw;
  }

  boolean hasInput() {
    return in != null;
  }

  void clear() {
    in = null;
  }

  /** Decodes what fits into the output buffer; forgets the input once it is used up or cannot progress. */
  ByteBuffer decode(ContentDecoder decoder) {
    out.clear();
    int before = in.remaining();
    decoder.decode(in, out);
    out.flip();
    if (!in.hasRemaining() || in.remaining() == before && !out.hasRemaining()) {
      in = null;
    }
    return out;
  }

  /** What the end of the body completes (a last base64 quantum, a dangling escape). */
  ByteBuffer finish(ContentDecoder decoder) {
    out.clear();
    decoder.finish(out);
    out.flip();
    return out;
  }
}
