package dev.missive.smtp.client.internal;

import dev.missive.wire.DotStuffer;
import dev.missive.wire.OutputQueue;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Writes message content as it streams from the host: after DATA, CRLF-canonical and dot-stuffed with the
 * terminating {@code CRLF . CRLF} (RFC 5321 §4.5.2; SECURITY.md item 21); with BDAT, as counted chunks
 * (RFC 3030 §2), CRLF-canonical unless the body is BINARYMIME (RFC 3030 §3), ended by {@code BDAT n LAST}.
 */
public final class ContentWriter {

  private static final byte CR = '\r';
  private static final byte LF = '\n';
  /** The largest chunk encoded per step; BDAT chunks are at most twice this after canonicalisation. */
  private static final int STEP = 8 * 1024;

  private final DotStuffer stuffer = new DotStuffer();
  private final ByteBuffer scratch = ByteBuffer.allocate(2 * STEP + 8);
  private boolean bdat;
  private boolean binary;
  private boolean pendingCr;

  /** Prepares for one message. */
  public void start(boolean useBdat, boolean binaryBody) {
    this.bdat = useBdat;
    this.binary = binaryBody;
    this.pendingCr = false;
    stuffer.reset();
  }

  /**
   * Encodes content from {@code in} into {@code out} until {@code in} is empty or {@code out} holds
   * {@code budget} octets; with BDAT at most one chunk per call.
   *
   * @return the number of BDAT commands written (0 or 1); always 0 after DATA
   */
  public int write(ByteBuffer in, OutputQueue out, int budget) {
    if (bdat) {
      return writeChunk(in, out, budget);
    }
    while (in.hasRemaining() && out.size() < budget) {
      scratch.clear();
      ByteBuffer step = in.slice(in.position(), Math.min(in.remaining(), STEP));
      stuffer.encode(step, scratch);
      in.position(in.position() + step.position());
      scratch.flip();
      out.write(scratch);
    }
    return 0;
  }

  private int writeChunk(ByteBuffer in, OutputQueue out, int budget) {
    int n = Math.min(Math.min(in.remaining(), STEP), budget - out.size());
    if (n <= 0) {
      return 0;
    }
    scratch.clear();
    for (int i = 0; i < n; i++) {
      byte b = in.get();
      if (binary) {
        scratch.put(b);
        continue;
      }
      if (pendingCr) {
        pendingCr = false;
        scratch.put(LF);
        if (b == LF) {
          continue;
        }
      }
      if (b == CR) {
        scratch.put(CR);
        pendingCr = true;
      } else if (b == LF) {
        scratch.put(CR).put(LF);
      } else {
        scratch.put(b);
      }
    }
    scratch.flip();
    out.write(("BDAT " + scratch.remaining() + "\r\n").getBytes(StandardCharsets.US_ASCII));
    out.write(scratch);
    return 1;
  }

  /** Ends the content: the dot line after DATA, or {@code BDAT n LAST} (completing a pending CR). */
  public void finish(OutputQueue out) {
    scratch.clear();
    if (bdat) {
      byte[] tail = pendingCr ? new byte[] {LF} : new byte[0];
      pendingCr = false;
      out.write(("BDAT " + tail.length + " LAST\r\n").getBytes(StandardCharsets.US_ASCII));
      out.write(tail);
      return;
    }
    stuffer.finish(scratch);
    scratch.flip();
    out.write(scratch);
  }

  /**
   * Refuses 8-bit content for a body that did not declare it (RFC 6152 §3: 7-bit unless BODY=8BITMIME).
   *
   * @throws IllegalArgumentException naming the position of the first octet over 0x7F; nothing is consumed
   */
  public static void requireSevenBit(ByteBuffer in) {
    for (int i = in.position(); i < in.limit(); i++) {
      if (in.get(i) < 0) {
        throw new IllegalArgumentException("8-bit octet at " + i + " in a body not declared BODY=8BITMIME");
      }
    }
  }

  /** Whether content goes with BDAT. */
  public boolean isBdat() {
    return bdat;
  }
}
