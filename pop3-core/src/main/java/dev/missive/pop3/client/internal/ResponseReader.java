package dev.missive.pop3.client.internal;

import dev.missive.wire.BareLineEndingPolicy;
import dev.missive.wire.DotUnstuffer;
import dev.missive.wire.LineFramer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Splits what a POP3 server sends into status lines, multi-line listing lines and streamed message content
 * (RFC 1939 §3: CRLF lines, a multi-line response ends with a lone {@code .}, lines starting with {@code .} are
 * byte-stuffed). Memory stays bounded: an over-long line is reported, never buffered; content passes through as
 * slices of the caller's buffer.
 */
public final class ResponseReader {

  /** What one {@link #next(ByteBuffer)} call found. */
  public enum Item {
    NEED_MORE, STATUS_LINE, STATUS_LINE_TOO_LONG, LISTING_LINE, LISTING_LINE_TOO_LONG, LISTING_END, CONTENT,
    CONTENT_END
  }

  private enum Mode { STATUS, LISTING, CONTENT }

  private final LineFramer framer;
  private final DotUnstuffer unstuffer;
  private Mode mode = Mode.STATUS;
  private String text;
  private ByteBuffer content;

  /** A reader for lines of at most {@code maxLineLength} octets and content lines flagged past another bound. */
  public ResponseReader(int maxLineLength, int maxContentLineLength) {
    this.framer = new LineFramer(maxLineLength, BareLineEndingPolicy.REJECT);
    this.unstuffer = new DotUnstuffer(BareLineEndingPolicy.REJECT, maxContentLineLength);
  }

  /** The next lines after this are a multi-line listing (CAPA, LIST, UIDL). */
  public void expectListing() {
    mode = Mode.LISTING;
  }

  /** The next octets are message content up to {@code CRLF.CRLF} (RETR, TOP). */
  public void expectContent() {
    unstuffer.reset();
    mode = Mode.CONTENT;
  }

  /** Forgets any partial line and returns to status lines (after the STLS handshake, RFC 2595 §4). */
  public void reset() {
    framer.reset();
    unstuffer.reset();
    mode = Mode.STATUS;
  }

  /**
   * Consumes input up to the next item.
   *
   * @param in the server's bytes; its position advances past what was consumed
   */
  public Item next(ByteBuffer in) {
    if (mode == Mode.CONTENT) {
      ByteBuffer slice = unstuffer.decode(in);
      if (slice != null) {
        content = slice;
        return Item.CONTENT;
      }
      if (unstuffer.isEnded()) {
        mode = Mode.STATUS;
        return Item.CONTENT_END;
      }
      return Item.NEED_MORE;
    }
    LineFramer.Status status = framer.next(in);
    if (status == LineFramer.Status.NEED_MORE) {
      return Item.NEED_MORE;
    }
    boolean listing = mode == Mode.LISTING;
    if (status == LineFramer.Status.LINE_TOO_LONG) {
      return listing ? Item.LISTING_LINE_TOO_LONG : Item.STATUS_LINE_TOO_LONG;
    }
    ByteBuffer line = framer.line();
    if (!listing) {
      text = decode(line);
      return Item.STATUS_LINE;
    }
    if (line.remaining() > 0 && line.get(line.position()) == '.') {
      if (line.remaining() == 1) {
        mode = Mode.STATUS;
        return Item.LISTING_END;
      }
      line.position(line.position() + 1);
    }
    text = decode(line);
    return Item.LISTING_LINE;
  }

  /** The text of the last status or listing line (UTF-8, malformed sequences replaced; RFC 6856 §3). */
  public String text() {
    return text;
  }

  /** The last content slice: read-only, valid until the caller's buffer is reused. */
  public ByteBuffer content() {
    return content;
  }

  /** Whether the content so far held a bare CR or LF. */
  public boolean contentHadBareLineEnding() {
    return unstuffer.sawBareLineEnding();
  }

  /** Whether a content line exceeded the content line bound. */
  public boolean contentHadLongLine() {
    return unstuffer.sawLineTooLong();
  }

  /** Octets of content delivered for the current message. */
  public long contentLength() {
    return unstuffer.contentLength();
  }

  /** Whether a response was cut short: a partial line or unfinished content is buffered. */
  public boolean hasPartialResponse() {
    return framer.hasPartialLine() || mode != Mode.STATUS;
  }

  private static String decode(ByteBuffer line) {
    return StandardCharsets.UTF_8.decode(line.duplicate()).toString();
  }
}
