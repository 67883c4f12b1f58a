package dev.missive.testkit.internal;

import java.nio.ByteBuffer;
import java.util.Arrays;

/** One direction of an in-memory connection: bytes written by one engine and not yet consumed by the other. */
public final class Pipe {

  private byte[] data = new byte[256];
  private int start;
  private int end;

  /** Appends the remaining bytes of {@code b} (advancing its position). */
  public void write(ByteBuffer b) {
    int n = b.remaining();
    if (end + n > data.length) {
      int live = end - start;
      byte[] bigger = live + n > data.length ? new byte[Math.max(data.length * 2, live + n)] : data;
      System.arraycopy(data, start, bigger, 0, live);
      data = bigger;
      start = 0;
      end = live;
    }
    b.get(data, end, n);
    end += n;
  }

  /** Whether bytes are waiting. */
  public boolean isEmpty() {
    return start == end;
  }

  /** The number of waiting bytes. */
  public int size() {
    return end - start;
  }

  /** A read-only view of the waiting bytes; {@link #consume(int)} what was taken. */
  public ByteBuffer peek() {
    return ByteBuffer.wrap(data, start, end - start).slice().asReadOnlyBuffer();
  }

  /** Drops {@code n} waiting bytes. */
  public void consume(int n) {
    if (n < 0 || n > end - start) {
      throw new IllegalArgumentException("cannot consume " + n + " of " + (end - start));
    }
    start += n;
  }

  /** Drops everything waiting and returns how much that was. */
  public int clear() {
    int n = end - start;
    start = 0;
    end = 0;
    Arrays.fill(data, (byte) 0);
    return n;
  }
}
