package dev.missive.wire;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;

/**
 * An {@link InputStream} of the content of dot-stuffed data read from another stream, ending at the terminating
 * {@code CRLF "." CRLF} (RFC 5321 §4.5.2, RFC 1939 §3); built on {@link DotUnstuffer}.
 *
 * <p>It reads the underlying stream in blocks, so bytes after the terminator may be consumed from it: use it where
 * the data is all that remains, or read through a protocol engine instead. A stream that ends before the
 * terminator raises {@link EOFException}, so a truncated message is never taken for a whole one.
 */
public final class DotUnstuffingInputStream extends InputStream {

  private final InputStream in;
  private final DotUnstuffer unstuffer;
  private final ByteBuffer raw = ByteBuffer.allocate(8192).flip();
  private ByteBuffer chunk;

  /**
   * Reads dot-stuffed data from {@code in}, with the given bare line ending policy.
   *
   * @param in     the stream carrying dot-stuffed data up to and including {@code CRLF "." CRLF}
   * @param policy what to do with a bare CR or LF in the data
   */
  public DotUnstuffingInputStream(InputStream in, BareLineEndingPolicy policy) {
    this.in = in;
    this.unstuffer = new DotUnstuffer(policy, Integer.MAX_VALUE);
  }

  /** {@return the unstuffer, for its flags ({@code sawBareLineEnding()} and others) once the data is read} */
  public DotUnstuffer unstuffer() {
    return unstuffer;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xFF;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    while (chunk == null || !chunk.hasRemaining()) {
      chunk = unstuffer.decode(raw);
      if (chunk != null) {
        continue;
      }
      if (unstuffer.isEnded()) {
        return -1;
      }
      raw.clear();
      int n = in.read(raw.array(), 0, raw.capacity());
      if (n < 0) {
        throw new EOFException("data ended before CRLF.CRLF");
      }
      raw.limit(n);
    }
    int n = Math.min(len, chunk.remaining());
    chunk.get(b, off, n);
    return n;
  }
}
