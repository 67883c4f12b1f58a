package dev.missive.smtp.server.internal;

import dev.missive.smtp.Reply;
import dev.missive.wire.BareLineEndingPolicy;
import dev.missive.wire.DotUnstuffer;
import java.nio.ByteBuffer;

/**
 * Receives one message's content, either dot-stuffed after DATA (RFC 5321 §4.5.2, with the wire module's
 * {@link DotUnstuffer}) or as counted BDAT chunks (RFC 3030 §2), and keeps what the server must check after the
 * end: size (RFC 1870), bare CR/LF (SMTP smuggling), text line length (RFC 5321 §4.5.3.1.6) and 8-bit octets.
 *
 * <p>Pieces returned by {@link #next(ByteBuffer)} are one read-only view of the caller's buffer, repositioned for
 * every piece and made again only when the caller hands in another buffer (or, for a CRLF or CR the unstuffer
 * delivers itself, one of its constants): nothing is copied or allocated per piece, and a piece is valid only until
 * the next call.
 */
public final class ContentReceiver {

  private final DotUnstuffer unstuffer;
  private final BareLineEndingPolicy policy;
  private final int maxLineLength;
  private final long maxSize;
  private boolean chunked;
  private boolean binary;
  private long chunkRemaining;
  // counted-mode line tracking
  private boolean previousCr;
  private int lineLength;
  private long size;
  private boolean bare;
  private boolean lineTooLong;
  private boolean eightBit;
  /** The caller's buffer {@link #view} shows. */
  private ByteBuffer source;
  /** A read-only duplicate of {@link #source}: every piece of content is this buffer, repositioned. */
  private ByteBuffer view;

  /**
   * Creates a receiver.
   *
   * @param policy        the bare line ending policy
   * @param maxLineLength text line octets excluding CRLF
   * @param maxSize       the largest message accepted
   */
  public ContentReceiver(BareLineEndingPolicy policy, int maxLineLength, long maxSize) {
    this.unstuffer = new DotUnstuffer(policy, maxLineLength);
    this.policy = policy;
    this.maxLineLength = maxLineLength;
    this.maxSize = maxSize;
  }

  /** Starts a message sent with DATA. */
  public void startData() {
    reset();
    chunked = false;
  }

  /**
   * Starts the next BDAT chunk of the current message (the first one starts the message, see {@link #reset()}).
   *
   * @param octets the chunk size
   * @param binaryMime whether BODY=BINARYMIME was declared: no line checks (RFC 3030 §3)
   */
  public void startChunk(long octets, boolean binaryMime) {
    chunked = true;
    binary = binaryMime;
    chunkRemaining = octets;
  }

  /** Forgets the current message. */
  public void reset() {
    unstuffer.reset();
    source = null; // the host's buffer is not kept past the message (a new view per message, none per read)
    view = null;
    chunkRemaining = 0;
    previousCr = false;
    lineLength = 0;
    size = 0;
    bare = false;
    lineTooLong = false;
    eightBit = false;
    binary = false;
  }

  /**
   * Consumes content from {@code in}.
   *
   * @return the next piece of content, or {@code null} when {@code in} is exhausted or the data/chunk ended
   */
  public ByteBuffer next(ByteBuffer in) {
    if (!chunked) {
      ByteBuffer piece = unstuffer.decode(in, viewOf(in));
      size = unstuffer.contentLength();
      return piece;
    }
    int n = (int) Math.min(chunkRemaining, in.remaining());
    if (n == 0) {
      return null;
    }
    int from = in.position();
    ByteBuffer slice = viewOf(in).limit(from + n).position(from);
    in.position(from + n);
    chunkRemaining -= n;
    size += n;
    scan(slice);
    return slice;
  }

  /** The read-only view of {@code in}, made again only when the caller's buffer is another one. */
  private ByteBuffer viewOf(ByteBuffer in) {
    if (in != source) {
      source = in;
      view = in.asReadOnlyBuffer();
    }
    return view;
  }

  private void scan(ByteBuffer slice) {
    for (int i = slice.position(); i < slice.limit(); i++) {
      byte b = slice.get(i);
      eightBit |= b < 0;
      if (binary) {
        continue;
      }
      if (previousCr) {
        previousCr = false;
        if (b == '\n') {
          endLine();
          continue;
        }
        bare = true;
        lineLength++;
      }
      if (b == '\r') {
        previousCr = true;
      } else if (b == '\n') {
        bare = true;
        endLine();
      } else {
        lineLength++;
      }
    }
  }

  private void endLine() {
    if (lineLength > maxLineLength) {
      lineTooLong = true;
    }
    lineLength = 0;
  }

  /** Whether DATA content reached its {@code CRLF.CRLF}, or the current BDAT chunk was fully read. */
  public boolean isEnded() {
    return chunked ? chunkRemaining == 0 : unstuffer.isEnded();
  }

  /** Content octets so far. */
  public long size() {
    return size;
  }

  /** Whether the content passed the size limit. */
  public boolean oversize() {
    return size > maxSize;
  }

  /** Whether an 8-bit octet appeared. */
  public boolean eightBit() {
    return chunked ? eightBit : unstuffer.sawEightBit();
  }

  /** Whether a bare CR or LF appeared. */
  public boolean bareLineEnding() {
    return chunked ? bare || (previousCr && !binary) : unstuffer.sawBareLineEnding();
  }

  /**
   * The reply refusing the message after its end, or {@code null} if it passed: 552 5.3.4 when too large, 550 5.5.2
   * for bare CR/LF under the REJECT policy, 500 5.5.2 for a text line over the limit (RFC 5321 §4.5.3.1.10).
   */
  public Reply refusal() {
    if (oversize()) {
      return Reply.of(552, "5.3.4", "Message size exceeds fixed maximum message size");
    }
    boolean lines = !(chunked && binary);
    if (lines && bareLineEnding() && (policy == BareLineEndingPolicy.REJECT || chunked)) {
      return Reply.of(550, "5.5.2", "Message refused: bare CR or LF in message data");
    }
    if (lines && (chunked ? lineTooLong || lineLength > maxLineLength : unstuffer.sawLineTooLong())) {
      return Reply.of(500, "5.5.2", "Message refused: line longer than " + (maxLineLength + 2) + " octets");
    }
    return null;
  }
}
