package dev.missive.pop3.server.internal;

import java.nio.ByteBuffer;

/**
 * Decides how much of a stored message TOP sends: the header block, the empty line that ends it, and then the
 * given number of body lines (RFC 1939 §7, TOP). Works over chunks with any line endings (CRLF, bare LF, bare
 * CR count as one line ending each, as the dot-stuffer will canonicalise them); it only scans, never copies.
 */
public final class TopFilter {

  private final boolean unlimited;
  private long bodyLinesLeft;
  private boolean inHeader = true;
  private boolean lineEmpty = true;
  private boolean pendingCr;
  private boolean complete;

  /** A filter that passes the header and {@code bodyLines} body lines; negative means the whole message. */
  public TopFilter(long bodyLines) {
    this.unlimited = bodyLines < 0;
    this.bodyLinesLeft = bodyLines;
  }

  /** Whether the cut was reached: nothing more is wanted. */
  public boolean isComplete() {
    return complete;
  }

  /**
   * The number of octets from {@code chunk}'s position that belong to the output; after the cut, 0. Does not
   * move the chunk's position.
   */
  public int accept(ByteBuffer chunk) {
    if (complete) {
      return 0;
    }
    int start = chunk.position();
    int limit = chunk.limit();
    if (unlimited) {
      return limit - start;
    }
    for (int i = start; i < limit; i++) {
      byte b = chunk.get(i);
      if (b == '\n' && pendingCr) {
        pendingCr = false;
        continue;
      }
      pendingCr = false;
      if (b == '\r' || b == '\n') {
        pendingCr = b == '\r';
        if (endOfLine()) {
          complete = true;
          boolean crlf = pendingCr && i + 1 < limit && chunk.get(i + 1) == '\n';
          return i + 1 - start + (crlf ? 1 : 0);
        }
      } else {
        lineEmpty = false;
      }
    }
    return limit - start;
  }

  /** Accounts one line ending; returns true when the cut falls right after it. */
  private boolean endOfLine() {
    if (inHeader) {
      if (lineEmpty) {
        inHeader = false;
        return bodyLinesLeft == 0;
      }
    } else {
      bodyLinesLeft--;
      if (bodyLinesLeft == 0) {
        return true;
      }
    }
    lineEmpty = true;
    return false;
  }
}
