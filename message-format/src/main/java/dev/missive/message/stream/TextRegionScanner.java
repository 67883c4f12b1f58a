package dev.missive.message.stream;

import dev.missive.message.DefectKind;

/**
 * Finds where a text region ends — a leaf body, a multipart's preamble or its epilogue — and hands its octets to
 * the parser as they arrive: a region ends at the line ending before a delimiter line of any multipart still open
 * (RFC 2046 §5.1.1: that CRLF belongs to the delimiter, not to the content) or at the end of input. Between feeds
 * it keeps whether the window stands at a line start and the line ending it holds back (it may turn out to belong
 * to a delimiter), so where a region ends does not depend on how the input was split.
 */
final class TextRegionScanner {

  private final MessageStreamParser p;
  private final InputWindow in;
  private boolean atLineStart = true;
  /** The octets of a line ending held back before the window's position (0, 1 for a bare LF or 2 for CRLF). */
  private int pendingEol;
  private boolean ended;
  /** Stack index of the multipart whose delimiter ended the region, -1 for end of input. */
  private int endTarget;
  private long endOffset;

  TextRegionScanner(MessageStreamParser parser, InputWindow in) {
    this.p = parser;
    this.in = in;
  }

  /** A new region starts at the window's position, at a line start with nothing held back. */
  void startRegion() {
    atLineStart = true;
    pendingEol = 0;
  }

  /** {@return the first window index still needed: the held-back line ending, else the position} */
  int keepFrom() {
    return in.pos - pendingEol;
  }

  /** {@return whether the region has ended (its end not yet applied by {@link #takeEnd()})} */
  boolean ended() {
    return ended;
  }

  /** {@return the input offset just after the region's last content octet} */
  long endOffset() {
    return endOffset;
  }

  /** Applies the end: returns the stack index of the multipart whose delimiter ended it, -1 for end of input. */
  int takeEnd() {
    ended = false;
    return endTarget;
  }

  /** Scans the current region of {@code f}; returns false when more input is needed. */
  boolean scan(Frame f) {
    int contentStart = in.pos - pendingEol;
    if (!p.boundariesActive()) {
      if (in.pos < in.lim) {
        in.pos = in.lim;
        return p.content(f, contentStart, in.lim);
      }
      if (in.ended) {
        end(-1, in.lim);
        return true;
      }
      return false;
    }
    while (true) {
      if (atLineStart) {
        int c = p.classifyLine(in.pos);
        if (c == MessageStreamParser.NEED) {
          return p.content(f, contentStart, in.pos - pendingEol);
        }
        if (c >= 0) {
          int contentEnd = in.pos - pendingEol;
          in.pos = p.delimiterLineEnd();
          pendingEol = 0;
          end(c, contentEnd);
          p.content(f, contentStart, contentEnd);
          return true;
        }
        atLineStart = false;
        pendingEol = 0;
      }
      int i = in.indexOfLf(in.pos);
      if (i < 0) {
        if (in.ended) {
          in.pos = in.lim;
          end(-1, in.lim);
          p.content(f, contentStart, in.lim);
          return true;
        }
        int stop = in.lim > in.pos && in.buf[in.lim - 1] == '\r' ? in.lim - 1 : in.lim;
        in.pos = stop;
        return p.content(f, contentStart, stop);
      }
      int eolStart = i - 1 >= in.pos && in.buf[i - 1] == '\r' ? i - 1 : i;
      if (eolStart == i && !f.bareLineEndingReported) {
        if (contentStart < eolStart) {
          // the content before this line ending goes out first, so the defect's place among the body bytes
          // does not depend on how the input was split
          in.pos = eolStart;
          pendingEol = 0;
          return p.content(f, contentStart, eolStart);
        }
        f.bareLineEndingReported = true;
        p.defect(f, DefectKind.BARE_LINE_ENDING, "a body line ends with a bare LF (RFC 5322 §2.3)");
      }
      in.pos = i + 1;
      pendingEol = i + 1 - eolStart;
      atLineStart = true;
    }
  }

  private void end(int target, int contentEnd) {
    endOffset = in.absolute(contentEnd);
    ended = true;
    endTarget = target;
  }
}
