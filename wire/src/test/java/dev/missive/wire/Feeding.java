package dev.missive.wire;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Splits test input into chunks: whole, byte by byte, or cut at given positions. */
final class Feeding {

  private Feeding() {}

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  static String text(byte[] b) {
    return new String(b, StandardCharsets.ISO_8859_1);
  }

  static List<ByteBuffer> whole(byte[] input) {
    return List.of(ByteBuffer.wrap(input));
  }

  static List<ByteBuffer> byteByByte(byte[] input) {
    List<ByteBuffer> chunks = new ArrayList<>();
    for (byte b : input) {
      chunks.add(ByteBuffer.wrap(new byte[] {b}));
    }
    return chunks;
  }

  /** Two chunks cut at {@code at}. */
  static List<ByteBuffer> splitAt(byte[] input, int at) {
    return cuts(input, new int[] {at});
  }

  /** Chunks cut at the given ascending positions; every chunk is a separate array, as a socket would give. */
  static List<ByteBuffer> cuts(byte[] input, int[] positions) {
    List<ByteBuffer> chunks = new ArrayList<>();
    int from = 0;
    for (int p : positions) {
      chunks.add(ByteBuffer.wrap(java.util.Arrays.copyOfRange(input, from, p)));
      from = p;
    }
    chunks.add(ByteBuffer.wrap(java.util.Arrays.copyOfRange(input, from, input.length)));
    return chunks;
  }
}
