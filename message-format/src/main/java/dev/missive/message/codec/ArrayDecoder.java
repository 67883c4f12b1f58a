package dev.missive.message.codec;

import dev.missive.message.Defect;
import java.nio.ByteBuffer;
import java.util.List;

/** A {@link ContentDecoder} (RFC 2045 §6) working on arrays through {@link ArrayCoder}, with its defect log. */
abstract class ArrayDecoder extends ArrayCoder implements ContentDecoder {

  final DefectLog defects = new DefectLog();

  @Override
  public final void decode(ByteBuffer in, ByteBuffer out) {
    run(in, out);
  }

  @Override
  public final boolean finish(ByteBuffer out) {
    return end(out);
  }

  @Override
  public final List<Defect> defects() {
    return defects.list();
  }
}
