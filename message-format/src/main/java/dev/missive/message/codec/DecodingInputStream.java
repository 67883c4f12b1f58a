package dev.missive.message.codec;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;

/**
 * An {@link InputStream} that decodes a body's Content-Transfer-Encoding (RFC 2045 §6) while reading, built on a
 * {@link ContentDecoder}; the decoder's defects stay readable through {@link #decoder()}. Not thread-safe.
 */
public final class DecodingInputStream extends FilterInputStream {

  private static final int BUFFER = 8192;

  private final ContentDecoder decoder;
  private final ByteBuffer encoded = ByteBuffer.allocate(BUFFER).flip();
  private final ByteBuffer decoded = ByteBuffer.allocate(BUFFER).flip();
  private final byte[] one = new byte[1];
  private boolean eof;
  private boolean finished;

  /**
   * Decodes {@code in} with {@code decoder}.
   *
   * @param in      the encoded body
   * @param decoder the decoder for its transfer encoding
   */
  public DecodingInputStream(InputStream in, ContentDecoder decoder) {
    super(in);
    this.decoder = decoder;
  }

  /**
   * Decodes {@code in} as the named Content-Transfer-Encoding.
   *
   * @param in                      the encoded body
   * @param contentTransferEncoding the Content-Transfer-Encoding value
   */
  public DecodingInputStream(InputStream in, String contentTransferEncoding) {
    this(in, TransferEncodings.decoder(contentTransferEncoding));
  }

  /** {@return the decoder, for its defects} */
  public ContentDecoder decoder() {
    return decoder;
  }

  @Override
  public int read() throws IOException {
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    java.util.Objects.checkFromIndexSize(off, len, b.length);
    if (len == 0) {
      return 0;
    }
    while (!decoded.hasRemaining()) {
      if (finished) {
        return -1;
      }
      fill();
    }
    int n = Math.min(len, decoded.remaining());
    decoded.get(b, off, n);
    return n;
  }

  private void fill() throws IOException {
    decoded.clear();
    if (!eof && !encoded.hasRemaining()) {
      int n = in.read(encoded.array(), 0, BUFFER);
      if (n < 0) {
        eof = true;
        encoded.limit(0);
      } else {
        encoded.position(0).limit(n);
      }
    }
    if (encoded.hasRemaining()) {
      decoder.decode(encoded, decoded);
    } else if (eof) {
      finished = decoder.finish(decoded);
    }
    decoded.flip();
  }

  @Override
  public int available() {
    return decoded.remaining();
  }

  @Override
  public long skip(long n) throws IOException {
    long skipped = 0;
    byte[] scratch = new byte[(int) Math.min(BUFFER, Math.max(n, 1))];
    while (skipped < n) {
      int r = read(scratch, 0, (int) Math.min(scratch.length, n - skipped));
      if (r < 0) {
        break;
      }
      skipped += r;
    }
    return skipped;
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  @Override
  public synchronized void mark(int readlimit) {
    // not supported
  }

  @Override
  public synchronized void reset() throws IOException {
    throw new IOException("mark/reset not supported");
  }
}
