package dev.missive.message.stream;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.LongFunction;

/** Test helper: a large message generated piece by piece, never held in memory whole. */
final class GeneratedInputStream extends InputStream {

  private final LongFunction<byte[]> piece;
  private final long pieces;
  private long next;
  private byte[] current = new byte[0];
  private int pos;

  /** Pieces 0 … count-1 from {@code piece}. */
  GeneratedInputStream(long count, LongFunction<byte[]> piece) {
    this.pieces = count;
    this.piece = piece;
  }

  /** head, then {@code unit} {@code times} times, then tail. */
  static GeneratedInputStream repeat(String head, String unit, long times, String tail) {
    byte[] h = head.getBytes(StandardCharsets.ISO_8859_1);
    byte[] u = unit.getBytes(StandardCharsets.ISO_8859_1);
    byte[] t = tail.getBytes(StandardCharsets.ISO_8859_1);
    return new GeneratedInputStream(times + 2, i -> i == 0 ? h : i == times + 1 ? t : u);
  }

  @Override
  public int read() {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) {
    while (pos == current.length) {
      if (next == pieces) {
        return -1;
      }
      current = piece.apply(next++);
      pos = 0;
    }
    int n = Math.min(len, current.length - pos);
    System.arraycopy(current, pos, b, off, n);
    pos += n;
    return n;
  }
}
