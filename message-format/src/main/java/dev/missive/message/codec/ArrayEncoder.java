package dev.missive.message.codec;

import java.nio.ByteBuffer;

/** A {@link ContentEncoder} (RFC 2045 §6) working on arrays through {@link ArrayCoder}. */
abstract class ArrayEncoder extends ArrayCoder implements ContentEncoder {

  @Override
  public final void encode(ByteBuffer in, ByteBuffer out) {
    run(in, out);
  }

  @Override
  public final boolean finish(ByteBuffer out) {
    return end(out);
  }
}
