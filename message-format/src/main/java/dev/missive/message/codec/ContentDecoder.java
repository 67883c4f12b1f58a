package dev.missive.message.codec;

import dev.missive.message.Defect;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * A streaming, sans-IO body decoder for one Content-Transfer-Encoding (RFC 2045 §6): encoded bytes in, decoded
 * bytes out, irregularities recorded as defects rather than thrown. One instance per body part; not thread-safe.
 */
public interface ContentDecoder {

  /**
   * Decodes as much of {@code in} as fits into {@code out}, advancing both positions. Always makes progress when
   * {@code in} has bytes and {@code out} has at least 4 bytes free. The octets of {@code out} between its new
   * position and its limit are free room the decoder may have written to; only those before the position are
   * output.
   *
   * @param in  the encoded bytes
   * @param out receives the decoded bytes
   */
  void decode(ByteBuffer in, ByteBuffer out);

  /**
   * Flushes what the end of the body completes (a partial base64 quantum, a dangling escape) into {@code out}.
   *
   * @param out receives the last decoded bytes
   * @return true when everything was written; false when {@code out} was too small (call again with room)
   */
  boolean finish(ByteBuffer out);

  /** {@return the defects met so far (each kind recorded once per decoder, so garbage input cannot flood memory)} */
  List<Defect> defects();
}
