package dev.missive.pop3.pop2.internal;

import dev.missive.wire.OutputQueue;
import java.nio.ByteBuffer;

/**
 * One message on its way out in answer to RETR: stored bytes with every line ending made CRLF (a bare LF or a bare
 * CR becomes CRLF), counted against the length announced with {@code =ccc}, which RFC 937 ("Message Length")
 * makes the only framing the client has. Nothing past the announced length is ever written; the engine closes the
 * connection when the content turns out longer or shorter. Holds one scratch buffer, never the message.
 */
public final class CrlfContent {

  private static final int SCRATCH = 8192;

  private final long size;
  private final byte[] scratch = new byte[SCRATCH];
  private long written;
  private boolean pendingCr;
  private boolean overflow;

  /**
   * A message of {@code size} octets with CRLF line endings.
   *
   * @param size the announced length
   */
  public CrlfContent(long size) {
    this.size = size;
  }

  /** {@return whether any octet of the message was written (a reply can no longer go on the wire before it)} */
  public boolean started() {
    return written > 0;
  }

  /**
   * Canonicalises all of {@code chunk} into {@code out}, up to the announced length.
   *
   * @param chunk stored bytes; consumed whole
   * @param out   the engine's output
   * @return false if the content is longer than announced (nothing past the length was written)
   */
  public boolean write(ByteBuffer chunk, OutputQueue out) {
    int n = 0;
    while (chunk.hasRemaining() && !overflow) {
      byte b = chunk.get();
      if (pendingCr) {
        pendingCr = false;
        n = put(out, n, (byte) '\n');
        if (b == '\n') {
          continue;
        }
      }
      if (b == '\n') {
        n = put(out, put(out, n, (byte) '\r'), (byte) '\n');
      } else {
        n = put(out, n, b);
        pendingCr = b == '\r';
      }
    }
    chunk.position(chunk.limit());
    out.write(scratch, 0, n);
    return !overflow;
  }

  /**
   * Ends the content: a stored bare CR at the very end becomes CRLF.
   *
   * @param out the engine's output
   * @return whether exactly the announced length was written
   */
  public boolean finish(OutputQueue out) {
    if (pendingCr && !overflow) {
      pendingCr = false;
      out.write(scratch, 0, put(out, 0, (byte) '\n'));
    }
    return !overflow && written == size;
  }

  private int put(OutputQueue out, int n, byte b) {
    if (overflow || written == size) {
      overflow = true;
      return n;
    }
    if (n == scratch.length) {
      out.write(scratch, 0, n);
      n = 0;
    }
    scratch[n] = b;
    written++;
    return n + 1;
  }
}
