package dev.missive.message.stream;

import dev.missive.message.codec.ContentDecoder;
import java.nio.ByteBuffer;

/**
 * Raw body octets waiting to be decoded (RFC 2045 §6) and the one reusable output buffer they are decoded into,
 * so decoding allocates nothing per chunk once the buffer has its size. The buffer starts small and doubles (up to
 * the capacity) only while a decode fills it with input left over, so a short body never pays for the full
 * capacity and each result is what one buffer of the full capacity would hold. Each result is valid until the
 * next call.
 */
final class DecodeStage {

  private static final int INITIAL = 1024;
  /** Below this much free room a decoder may stop early (it needs a whole base64 quantum or QP escape). */
  private static final int SLACK = 8;

  private final int capacity;
  private ByteBuffer out;
  private ByteBuffer in;

  DecodeStage(int capacity) {
    this.capacity = capacity;
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
    ByteBuffer o = emptyOutput();
    int before = in.remaining();
    decoder.decode(in, o);
    while (in.hasRemaining() && o.remaining() < SLACK && o.capacity() < capacity) {
      o = grow();
      decoder.decode(in, o);
    }
    o.flip();
    if (!in.hasRemaining() || in.remaining() == before && !o.hasRemaining()) {
      in = null;
    }
    return o;
  }

  /** What the end of the body completes (a last base64 quantum, a dangling escape). */
  ByteBuffer finish(ContentDecoder decoder) {
    ByteBuffer o = emptyOutput();
    while (!decoder.finish(o) && o.capacity() < capacity) {
      o = grow();
    }
    o.flip();
    return o;
  }

  private ByteBuffer emptyOutput() {
    if (out == null) {
      out = ByteBuffer.allocate(Math.min(capacity, INITIAL));
    }
    return out.clear();
  }

  /** A buffer of twice the size (at most the capacity) holding what the current one holds, ready to write on. */
  private ByteBuffer grow() {
    ByteBuffer bigger = ByteBuffer.allocate((int) Math.min(capacity, 2L * out.capacity()));
    bigger.put(out.flip());
    out = bigger;
    return bigger;
  }
}
