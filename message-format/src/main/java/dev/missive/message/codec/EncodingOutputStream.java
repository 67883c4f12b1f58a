package dev.missive.message.codec;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;

/**
 * An {@link OutputStream} that applies a Content-Transfer-Encoding (RFC 2045 §6) strictly while writing, built on a
 * {@link ContentEncoder}. {@link #finish()} ends the encoding without closing the target; {@link #close()} does
 * both. Not thread-safe.
 */
public final class EncodingOutputStream extends FilterOutputStream {

  private static final int BUFFER = 8192;

  private final ContentEncoder encoder;
  private final ByteBuffer encoded = ByteBuffer.allocate(BUFFER);
  private final byte[] one = new byte[1];
  private boolean finished;

  /**
   * Encodes into {@code out} with {@code encoder}.
   *
   * @param out     receives the encoded body
   * @param encoder the encoder for the transfer encoding
   */
  public EncodingOutputStream(OutputStream out, ContentEncoder encoder) {
    super(out);
    this.encoder = encoder;
  }

  /**
   * Encodes into {@code out} with the named Content-Transfer-Encoding.
   *
   * @param out receives the encoded body
   * @param cte the Content-Transfer-Encoding
   */
  public EncodingOutputStream(OutputStream out, String cte) {
    this(out, TransferEncodings.encoder(cte));
  }

  @Override
  public void write(int b) throws IOException {
    one[0] = (byte) b;
    write(one, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    java.util.Objects.checkFromIndexSize(off, len, b.length);
    if (finished) {
      throw new IOException("encoding already finished");
    }
    ByteBuffer in = ByteBuffer.wrap(b, off, len);
    while (in.hasRemaining()) {
      encoder.encode(in, encoded);
      drain();
    }
  }

  private void drain() throws IOException {
    if (encoded.position() > 0) {
      out.write(encoded.array(), 0, encoded.position());
      encoded.clear();
    }
  }

  /**
   * Writes the end of the encoding (padding, held-back bytes) without closing the target stream.
   *
   * @throws IOException if the underlying stream fails
   */
  public void finish() throws IOException {
    if (finished) {
      return;
    }
    while (!encoder.finish(encoded)) {
      drain();
    }
    drain();
    finished = true;
    out.flush();
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
