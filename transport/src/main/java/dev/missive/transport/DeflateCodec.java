package dev.missive.transport;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * The two directions of a DEFLATE layer as IMAP COMPRESS=DEFLATE puts it on a connection (RFC 4978 §4): raw deflate
 * (RFC 1951, no zlib header or checksum), every write ended with a sync flush so the peer can read all of it at once,
 * and inflation bounded. Both transports use it ({@link BlockingServer} through streams, Netty through handlers);
 * one instance per connection, used from one thread at a time.
 *
 * <p><b>Decompression bombs</b> (docs/security.md, "Compression"): DEFLATE expands up to about 1032:1, so a few
 * kilobytes on the wire can become megabytes. Memory stays bounded because the caller inflates into a buffer of its
 * own size, only as its engine takes input; and the work the peer can cause is bounded too: once more than
 * {@code slack} octets came out, the octets inflated may be at most {@code maxRatio} times the octets read, or
 * {@link #inflate} fails with {@link IOException} and the transport closes the connection.
 */
public final class DeflateCodec implements AutoCloseable {

  /** The default largest ratio of inflated to compressed octets: text and mail compress 3–10:1, a bomb 1000:1. */
  public static final int DEFAULT_MAX_RATIO = 100;

  /** The default number of inflated octets before the ratio is checked: 1 MiB, so small commands never trip it. */
  public static final long DEFAULT_SLACK = 1 << 20;

  private final Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
  private final Inflater inflater = new Inflater(true);
  private final int maxRatio;
  private final long slack;

  /** A codec with {@link #DEFAULT_MAX_RATIO} and {@link #DEFAULT_SLACK}. */
  public DeflateCodec() {
    this(DEFAULT_MAX_RATIO, DEFAULT_SLACK);
  }

  /**
   * A codec with its own inflation bound.
   *
   * @param maxRatio the largest ratio of inflated to compressed octets, at least 2
   * @param slack    how many octets may be inflated before the ratio is checked, not negative
   */
  public DeflateCodec(int maxRatio, long slack) {
    if (maxRatio < 2 || slack < 0) {
      throw new IllegalArgumentException("a ratio of at least 2 and a slack not negative: " + maxRatio + ", " + slack);
    }
    this.maxRatio = maxRatio;
    this.slack = slack;
  }

  // ---------------------------------------------------------------- compressing what the engine writes

  /**
   * Compresses all of {@code plain} and ends with a sync flush (RFC 4978 §4), writing into {@code out}; when
   * {@code out} fills before the end, call {@link #compressMore(ByteBuffer)} with room again.
   *
   * @param plain the engine's output; consumed entirely (the codec holds a reference until done)
   * @param out   where the compressed octets go; its position advances
   * @return whether everything was written, the flush included
   */
  public boolean compress(ByteBuffer plain, ByteBuffer out) {
    deflater.setInput(plain);
    return compressMore(out);
  }

  /**
   * Goes on with the compression {@link #compress} began.
   *
   * @param out where the compressed octets go; its position advances
   * @return whether everything was written, the flush included
   */
  public boolean compressMore(ByteBuffer out) {
    while (out.hasRemaining()) {
      deflater.deflate(out, Deflater.SYNC_FLUSH);
      if (out.hasRemaining()) {
        return true; // Deflater: a sync flush is complete when it left room in the output
      }
    }
    return false;
  }

  // ---------------------------------------------------------------- inflating what the peer sent

  /**
   * Hands compressed octets to the inflater; {@link #inflate} takes them out. What it had not read of earlier octets
   * is forgotten, so a caller feeds the unread rest again with the new octets (or feeds only when
   * {@link #needsInput()}).
   *
   * @param compressed the octets read from the peer; the codec reads them through this buffer, advancing its
   *                   position, so the caller keeps the octets unchanged while it inflates
   */
  public void feed(ByteBuffer compressed) {
    inflater.setInput(compressed);
  }

  /** {@return whether every octet fed was inflated, so more can be fed} */
  public boolean needsInput() {
    return inflater.needsInput();
  }

  /**
   * Inflates what was fed into {@code out}, as far as it has room.
   *
   * @param out where the plain octets go; its position advances
   * @return how many octets were written, 0 when more input is needed
   * @throws IOException if the octets are not DEFLATE, the peer ended its stream (nothing may follow a final block
   *                     on an IMAP connection), or the inflation bound is passed
   */
  public int inflate(ByteBuffer out) throws IOException {
    if (inflater.finished()) {
      throw new IOException("the peer ended its DEFLATE stream");
    }
    int n;
    try {
      n = inflater.inflate(out);
    } catch (DataFormatException e) {
      throw new IOException("not DEFLATE data: " + e.getMessage(), e);
    }
    long written = inflater.getBytesWritten();
    if (written > slack && written > (long) maxRatio * inflater.getBytesRead()) {
      throw new IOException("decompression over " + maxRatio + ":1 (" + written + " octets from "
          + inflater.getBytesRead() + "); a decompression bomb");
    }
    return n;
  }

  /** Frees the native memory of both directions. */
  @Override
  public void close() {
    deflater.end();
    inflater.end();
  }
}
