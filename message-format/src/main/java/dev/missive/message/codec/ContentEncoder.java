package dev.missive.message.codec;

import java.nio.ByteBuffer;

/**
 * A streaming, sans-IO body encoder for one Content-Transfer-Encoding (RFC 2045 §6), strict: its output is what
 * RFC 2045 §6.7/§6.8 require (CRLF line breaks, lines of at most 76 characters). Not thread-safe.
 */
public interface ContentEncoder {

  /**
   * Encodes as much of {@code in} as fits into {@code out}, advancing both positions. Always makes progress when
   * {@code in} has bytes and {@code out} has at least 16 bytes free.
   *
   * @param in  the bytes to encode
   * @param out receives the encoded bytes
   */
  void encode(ByteBuffer in, ByteBuffer out);

  /**
   * Writes what the end of the data completes (padding, a held-back space or CR).
   *
   * @param out receives the last encoded bytes
   * @return true when everything was written; false when {@code out} was too small (call again with room)
   */
  boolean finish(ByteBuffer out);
}
