package dev.missive.transport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketException;
import java.nio.ByteBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The blocking transport's DEFLATE layer (RFC 4978 §4) over a connection's streams, on one {@link DeflateCodec}:
 * each write is compressed and sync-flushed at once, so the peer can read every response without waiting for more;
 * a read inflates only as much as the caller's buffer holds, and reads the socket only when every octet read before
 * was inflated, so the memory a decompression bomb can claim is the caller's buffer plus one read. Public for hosts
 * that drive an engine over a socket of their own (imap-host's {@code ImapSession}).
 */
public final class DeflateStreams {

  private static final Logger LOG = LoggerFactory.getLogger(DeflateStreams.class);
  private static final int BUFFER = 16 * 1024;

  private DeflateStreams() {
  }

  /**
   * The inflating side over {@code in}.
   *
   * @param in       the stream under the layer (TLS or the socket)
   * @param codec    the connection's codec
   * @param unfedNow  compressed octets read already, inflated before anything else (a client's COMPRESS), or null
   * @param sessionId the connection's id, for the one log line of a refused stream
   * @return the stream to read plain octets from; a stream that is not DEFLATE or inflates past the bound is logged
   *         once and ends the connection like a reset ({@link SocketException})
   */
  public static InputStream inflating(InputStream in, DeflateCodec codec, ByteBuffer unfedNow, String sessionId) {
    return new Inflating(in, codec, unfedNow, sessionId);
  }

  /**
   * The compressing side over {@code out}.
   *
   * @param out   the stream under the layer
   * @param codec the connection's codec
   * @return the stream to write plain octets to
   */
  public static OutputStream deflating(OutputStream out, DeflateCodec codec) {
    return new Deflating(out, codec);
  }

  private static final class Inflating extends InputStream {
    private final InputStream in;
    private final DeflateCodec codec;
    private final byte[] compressed = new byte[BUFFER];
    private final String sessionId;

    Inflating(InputStream in, DeflateCodec codec, ByteBuffer unfedNow, String sessionId) {
      this.in = in;
      this.codec = codec;
      this.sessionId = sessionId;
      if (unfedNow != null && unfedNow.hasRemaining()) {
        int n = unfedNow.remaining();
        unfedNow.get(compressed, 0, n);
        codec.feed(ByteBuffer.wrap(compressed, 0, n));
      }
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return 0;
      }
      while (true) {
        if (codec.needsInput()) {
          int n = in.read(compressed, 0, compressed.length); // a socket timeout leaves the codec as it was
          if (n < 0) {
            return -1;
          }
          codec.feed(ByteBuffer.wrap(compressed, 0, n));
        }
        int n;
        try {
          n = codec.inflate(ByteBuffer.wrap(b, off, len));
        } catch (IOException refused) {
          LOG.info("{} compressed stream refused, closing: {}", sessionId, refused.getMessage());
          throw new SocketException("compressed stream refused: " + refused.getMessage());
        }
        if (n > 0) {
          return n;
        }
      }
    }
  }

  private static final class Deflating extends OutputStream {
    private final OutputStream out;
    private final DeflateCodec codec;
    private final ByteBuffer compressed = ByteBuffer.allocate(BUFFER);

    Deflating(OutputStream out, DeflateCodec codec) {
      this.out = out;
      this.codec = codec;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return;
      }
      compressed.clear();
      boolean done = codec.compress(ByteBuffer.wrap(b, off, len), compressed);
      while (true) {
        out.write(compressed.array(), 0, compressed.position());
        if (done) {
          return;
        }
        compressed.clear();
        done = codec.compressMore(compressed);
      }
    }

    @Override
    public void flush() throws IOException {
      out.flush();
    }
  }
}
