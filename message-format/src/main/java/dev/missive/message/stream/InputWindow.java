package dev.missive.message.stream;

import java.nio.ByteBuffer;

/**
 * The parser's bounded input buffer: octets fed but not yet consumed, in {@code buf[pos, lim)}, with the input
 * offset of {@code buf[0]} so events can name absolute offsets. Compaction keeps whatever the parser still needs
 * (a held-back line ending); its size bounds the parser's memory whatever the message size.
 */
final class InputWindow {

  final byte[] buf;
  int pos;
  int lim;
  boolean ended;
  private long base;

  InputWindow(int capacity) {
    this.buf = new byte[capacity];
  }

  /** Moves {@code buf[keepFrom, lim)} to the front, then copies in what fits of {@code in}. */
  void fill(ByteBuffer in, int keepFrom, boolean mayCompact) {
    if (mayCompact && keepFrom > 0) {
      System.arraycopy(buf, keepFrom, buf, 0, lim - keepFrom);
      base += keepFrom;
      pos -= keepFrom;
      lim -= keepFrom;
    }
    int n = Math.min(in.remaining(), buf.length - lim);
    in.get(buf, lim, n);
    lim += n;
  }

  /** The input offset of {@code buf[index]}. */
  long absolute(int index) {
    return base + index;
  }

  /** The index of the first LF in {@code buf[from, lim)}, or -1. */
  int indexOfLf(int from) {
    for (int i = from; i < lim; i++) {
      if (buf[i] == '\n') {
        return i;
      }
    }
    return -1;
  }

  /** A read-only view of {@code buf[from, to)}. */
  ByteBuffer slice(int from, int to) {
    return ByteBuffer.wrap(buf, from, to - from).slice().asReadOnlyBuffer();
  }
}
