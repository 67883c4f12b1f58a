package dev.missive.smtp.client.internal;

import dev.missive.wire.DotStuffer;
import dev.missive.wire.OutputQueue;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Writes message content as it streams from the host: after DATA, CRLF-canonical and dot-stuffed with the
 * terminating {@code CRLF . CRLF} (RFC 5321 §4.5.2; docs/security.md, "Outbound smuggling"); with BDAT, as counted
 * chunks (RFC 3030 §2), CRLF-canonical unless the body is BINARYMIME (RFC 3030 §3), ended by {@code BDAT n LAST}.
 */
public final class ContentWriter {

  private static final byte CR = '\r';
  private static final byte LF = '\n';
  /** The most input octets encoded per step through the scratch buffer. */
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
   * Encodes all of {@code in} into {@code out}: after DATA dot-stuffed, with BDAT as one chunk whose size is the
   * canonical length of {@code in}, written before the octets (RFC 3030 §2). Nothing is left in {@code in}.
   *
   * @return the number of BDAT commands written: 1 for a non-empty chunk, else 0 (always 0 after DATA)
   */
  public int write(ByteBuffer in, OutputQueue out) {
    if (!in.hasRemaining()) {
      return 0;
    }
    if (bdat) {
      long size = binary ? in.remaining() : canonicalLength(in);
      out.write(("BDAT " + size + "\r\n").getBytes(StandardCharsets.US_ASCII));
    }
    while (in.hasRemaining()) {
      scratch.clear();
      ByteBuffer step = in.slice(in.position(), Math.min(in.remaining(), STEP));
      if (!bdat) {
        stuffer.encode(step, scratch);
      } else if (binary) {
        scratch.put(step);
      } else {
        canonicalise(step, scratch);
      }
      in.position(in.position() + step.position());
      scratch.flip();
      out.write(scratch);
    }
    return bdat ? 1 : 0;
  }

  /** The octets {@link #canonicalise} makes of {@code in} from the current CR state, without consuming it. */
  private long canonicalLength(ByteBuffer in) {
    long n = 0;
    boolean cr = pendingCr;
    for (int i = in.position(); i < in.limit(); i++) {
      byte b = in.get(i);
      if (cr) {
        cr = false;
        n++; // the LF after a CR, the octet's own or an added one
        if (b == LF) {
          continue;
        }
      }
      if (b == CR) {
        cr = true;
      }
      n += b == LF ? 2 : 1;
    }
    return n;
  }

  /**
   * Writes {@code in} with every bare CR or LF made CRLF; a CR at the end is written and its LF waits for the next
   * octet (RFC 5321 §2.3.8). {@code out} must hold twice {@code in} plus one.
   */
  private void canonicalise(ByteBuffer in, ByteBuffer out) {
    while (in.hasRemaining()) {
      byte b = in.get();
      if (pendingCr) {
        pendingCr = false;
        out.put(LF);
        if (b == LF) {
          continue;
        }
      }
      if (b == CR) {
        out.put(CR);
        pendingCr = true;
      } else if (b == LF) {
        out.put(CR).put(LF);
      } else {
        out.put(b);
      }
    }
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
