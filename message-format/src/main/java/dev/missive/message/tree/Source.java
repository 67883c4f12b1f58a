package dev.missive.message.tree;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The octets of a parsed message, read by absolute offset: an array on the heap, or a read-only mapping of a file
 * ({@link Message#parse(java.nio.file.Path)}), so a message larger than the heap can be parsed and its bodies
 * streamed. Offsets are {@code int}: a message is at most 2 GiB.
 */
final class Source {

  private static final int COPY_CHUNK = 8192;

  /** The array, or null for a mapped file. */
  private final byte[] array;
  private final ByteBuffer buffer;

  private Source(byte[] array, ByteBuffer buffer) {
    this.array = array;
    this.buffer = buffer;
  }

  static Source of(byte[] array) {
    return new Source(array, ByteBuffer.wrap(array).asReadOnlyBuffer());
  }

  static Source of(ByteBuffer mapped) {
    return new Source(null, mapped.asReadOnlyBuffer());
  }

  int length() {
    return buffer.capacity();
  }

  byte get(int i) {
    return array != null ? array[i] : buffer.get(i);
  }

  /** {@return the array the message is in, or {@code null} for a mapped file} */
  byte[] array() {
    return array;
  }

  /**
   * {@code [from, to)} for a reader inside this module that only reads: over the array itself when there is one
   * (so a decoder works on it directly), else a read-only slice.
   */
  ByteBuffer readView(int from, int to) {
    return array != null ? ByteBuffer.wrap(array, from, to - from) : slice(from, to);
  }

  /** A read-only view of {@code [from, to)}, its position 0. */
  ByteBuffer slice(int from, int to) {
    return buffer.duplicate().position(from).limit(to).slice();
  }

  /** A copy of {@code [from, to)}. */
  byte[] copy(int from, int to) {
    if (array != null) {
      return Arrays.copyOfRange(array, from, to);
    }
    byte[] out = new byte[to - from];
    buffer.get(from, out);
    return out;
  }

  /** Writes {@code [from, to)} to {@code out}, through a small buffer when the octets are not on the heap. */
  void write(OutputStream out, int from, int to) throws IOException {
    if (array != null) {
      out.write(array, from, to - from);
      return;
    }
    byte[] chunk = new byte[Math.min(COPY_CHUNK, Math.max(0, to - from))];
    for (int at = from; at < to; at += chunk.length) {
      int n = Math.min(chunk.length, to - at);
      buffer.get(at, chunk, 0, n);
      out.write(chunk, 0, n);
    }
  }

  /** Reads {@code [from, to)} as a stream, without copying the octets. */
  InputStream open(int from, int to) {
    ByteBuffer view = slice(from, to);
    return new InputStream() {
      @Override
      public int read() {
        return view.hasRemaining() ? view.get() & 0xff : -1;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
          return 0;
        }
        if (!view.hasRemaining()) {
          return -1;
        }
        int n = Math.min(len, view.remaining());
        view.get(b, off, n);
        return n;
      }

      @Override
      public long skip(long n) {
        int k = (int) Math.max(0, Math.min(n, view.remaining()));
        view.position(view.position() + k);
        return k;
      }

      @Override
      public int available() {
        return view.remaining();
      }
    };
  }
}
