package dev.missive.wire;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;

/**
 * An {@link OutputStream} that writes content CRLF-canonical and dot-stuffed (RFC 5321 §4.5.2), built on
 * {@link DotStuffer}, for hosts that produce message data as a stream.
 *
 * <p>{@link #finish()} writes the terminating {@code "." CRLF}; {@link #close()} finishes and closes the
 * underlying stream.
 */
public final class DotStuffingOutputStream extends FilterOutputStream {

  private final DotStuffer stuffer = new DotStuffer();
  private final ByteBuffer buffer = ByteBuffer.allocate(8192);
  private boolean finished;

  /**
   * Wraps {@code out}.
   *
   * @param out the stream that receives the stuffed data
   */
  public DotStuffingOutputStream(OutputStream out) {
    super(out);
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    if (finished) {
      throw new IOException("data already finished");
    }
    ByteBuffer in = ByteBuffer.wrap(b, off, len);
    while (in.hasRemaining()) {
      stuffer.encode(in, buffer);
      flushBuffer();
    }
  }

  /**
   * Writes the end of the data; later writes fail. Idempotent.
   *
   * @throws IOException if the underlying stream fails
   */
  public void finish() throws IOException {
    if (finished) {
      return;
    }
    if (!stuffer.finish(buffer)) {
      flushBuffer();
      stuffer.finish(buffer);
    }
    flushBuffer();
    finished = true;
    out.flush();
  }

  private void flushBuffer() throws IOException {
    buffer.flip();
    out.write(buffer.array(), 0, buffer.limit());
    buffer.clear();
  }

  @Override
  public void close() throws IOException {
    try {
      finish();
    } finally {
      out.close();
    }
  }
}
