package dev.missive.message.stream;

import dev.missive.message.Defect;
import dev.missive.message.DefectKind;
import dev.missive.message.header.HeaderField;
import dev.missive.message.internal.ScannedFields;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Splits one header block into raw fields (RFC 5322 §2.2, §2.2.3): a field is its first line and every following
 * line that starts with white space; the block ends at an empty line, at a delimiter of an open multipart, or at
 * the end of input. Over-long fields are skipped without being buffered.
 */
final class HeaderBlockReader {

  private static final ScannedFields.Maker<HeaderField> FIELDS = ScannedFields.maker(HeaderField.class);

  private final MessageStreamParser p;
  private final MessageLimits limits;
  private final boolean malformedStartsBody;
  /** The open field's octets when they are not in the window ({@link #fieldInWindow}); grown on first use. */
  private byte[] field = new byte[0];
  /**
   * Whether the open field is {@code buf[fieldStart, fieldStart + fieldLength)} of the window, read there in place:
   * its lines are consecutive, so it stays so until the window takes more input ({@link #beforeFeed}).
   */
  private boolean fieldInWindow;
  private int fieldStart;
  /** The defects of the field being flushed, emptied after each (one list per parser, not one per field). */
  private final List<Defect> found = new ArrayList<>();
  private int fieldLength;
  private long fieldOffset;
  private boolean fieldOpen;
  private boolean skippingField;
  private boolean skippingLine;
  /** Whether the last octet skipped of the line being skipped was a CR (its LF may come in the next chunk). */
  private boolean skippedCr;
  /** Octets of the unfinished line at the window's position already searched for LF (fed in small pieces). */
  private int scanned;
  /** The high bits of the octets of the line being read so far (see {@link InputWindow#scannedHigh}). */
  private long lineHigh;
  /** Non-zero when the open field may hold an octet above US-ASCII. */
  private long fieldHigh;
  /** The open field's colon, relative to its start, when it directly follows a well-formed name; else -1. */
  private int fieldColon;
  /** What {@link #classify} found: the colon's index when it directly follows the name, else -1. */
  private int classifiedColon = -1;

  HeaderBlockReader(MessageStreamParser parser, MessageLimits limits, boolean malformedStartsBody) {
    this.p = parser;
    this.limits = limits;
    this.malformedStartsBody = malformedStartsBody;
  }

  /** One step of reading the header block of {@code f}; false when more input is needed. */
  boolean step(Frame f) {
    InputWindow in = p.input();
    byte[] buf = in.buf;
    int pos = in.pos;
    int lim = in.lim;
    if (skippingLine) {
      int i = p.input().indexOfLf(pos);
      int end = i < 0 ? lim : i + 1;
      f.headerBytes += end - pos;
      if (i >= 0) {
        skippingLine = false;
        if (!(i > pos ? buf[i - 1] == '\r' : skippedCr)) {
          reportBareLf(f);
        }
      } else if (end > pos) {
        skippedCr = buf[end - 1] == '\r';
      }
      advance(end);
      return end > pos || finishAtEnd(f, pos, lim);
    }
    if (pos >= lim) {
      return finishAtEnd(f, pos, lim);
    }
    byte b = buf[pos];
    boolean continuation = b == ' ' || b == '\t';
    if (continuation && (fieldOpen || skippingField)) {
      return readLine(f, buf, pos, lim, false);
    }
    if (fieldOpen || skippingField) {
      flush(f);
      return true;
    }
    if (b == '-' && p.boundariesActive()) {
      int c = p.classifyLine(pos);
      if (c == MessageStreamParser.NEED) {
        return false;
      }
      if (c >= 0) {
        p.endHeader(f);
        return true;
      }
    }
    if (b == '\n' || b == '\r') {
      if (b == '\r' && pos + 1 >= lim && !p.input().ended) {
        return false;
      }
      if (b == '\n' || pos + 1 >= lim || buf[pos + 1] == '\n') {
        int end = b == '\n' ? pos + 1 : Math.min(lim, pos + 2);
        if (b == '\n') {
          reportBareLf(f);
        }
        advance(end);
        p.endHeader(f);
        return true;
      }
    }
    return readLine(f, buf, pos, lim, true);
  }

  private boolean finishAtEnd(Frame f, int pos, int lim) {
    if (pos < lim || !p.input().ended) {
      return false;
    }
    if (fieldOpen || skippingField) {
      flush(f);
    }
    p.endHeader(f);
    return true;
  }

  /**
   * Reads the line at {@code pos}: the first line of a field, or a continuation of the open field. What a line is
   * and whether it is too long is decided on the same octets however the input was split: the line's first
   * {@code maxFieldLength} octets say whether it is a field ({@link #classify}), and a line that goes past the
   * limit is skipped to its end without being buffered. A field whose next line has arrived and does not continue
   * it is delivered at once.
   */
  private boolean readLine(Frame f, byte[] buf, int pos, int lim, boolean first) {
    InputWindow in = p.input();
    int i = in.indexOfLf(pos + scanned);
    lineHigh |= in.scannedHigh;
    boolean complete = i >= 0 || in.ended;
    int lineEnd = i >= 0 ? i + 1 : lim;
    if (!complete && lim - pos + fieldLength <= limits.maxFieldLength()) {
      scanned = lim - pos;
      return false;
    }
    scanned = 0;
    long high = lineHigh;
    lineHigh = 0;
    if (first && !skippingField) {
      LineKind kind = classify(buf, pos, lineEnd, limits.maxFieldLength());
      if (kind == LineKind.NOT_FIELD && malformedStartsBody) {
        p.defect(f, DefectKind.MISSING_HEADER_BODY_SEPARATOR,
            "a header line that is not a field starts the body (RFC 5322 §2.1)");
        p.endHeader(f);
        return true;
      }
      if (kind == LineKind.NOT_FIELD) {
        p.defect(f, DefectKind.MALFORMED_HEADER_FIELD, "header line without a field name and colon skipped");
        skipLine(f, buf, pos, lineEnd, i >= 0);
        return true;
      }
    }
    int n = lineEnd - pos;
    if (skippingField || fieldLength + n > limits.maxFieldLength()) {
      tooLong(f);
      skipLine(f, buf, pos, lineEnd, i >= 0);
      return true;
    }
    f.headerBytes += n;
    if (i >= 0 && (i == pos || buf[i - 1] != '\r')) {
      reportBareLf(f);
    }
    advance(lineEnd);
    if (fieldLength == 0) {
      fieldOffset = in.absolute(pos);
      fieldColon = classifiedColon < 0 ? -1 : classifiedColon - pos;
      classifiedColon = -1;
      fieldHigh = 0;
      fieldInWindow = true;
      fieldStart = pos;
    }
    fieldHigh |= high;
    if (!fieldInWindow) {
      keep(buf, pos, n);
    }
    fieldLength += n;
    fieldOpen = true;
    if (i >= 0 && lineEnd < lim && buf[lineEnd] != ' ' && buf[lineEnd] != '\t') {
      // the next line has arrived and does not continue this field (RFC 5322 §2.2.3): the field is complete, so
      // it goes out now, as the next step would send it, rather than in a step of its own
      flush(f);
    }
    return true;
  }

  /** Appends {@code buf[from, from + n)} to {@link #field}. */
  private void keep(byte[] buf, int from, int n) {
    if (fieldLength + n > field.length) {
      field = Arrays.copyOf(field, Math.max(fieldLength + n,
          Math.min(Math.max(256, field.length * 2), limits.maxFieldLength())));
    }
    System.arraycopy(buf, from, field, fieldLength, n);
  }

  /**
   * The window is about to take more input, which may move or drop the octets before its position: an open field
   * read in place is copied out first.
   */
  void beforeFeed() {
    if (fieldOpen && fieldInWindow) {
      int n = fieldLength;
      fieldLength = 0;
      keep(p.input().buf, fieldStart, n);
      fieldLength = n;
      fieldInWindow = false;
    }
  }

  /**
   * Consumes {@code [pos, lineEnd)} as header octets that are not kept; a line whose LF has not arrived yet is
   * skipped up to it by {@link #step} later.
   */
  private void skipLine(Frame f, byte[] buf, int pos, int lineEnd, boolean hasLf) {
    f.headerBytes += lineEnd - pos;
    if (hasLf) {
      if (lineEnd - 2 < pos || buf[lineEnd - 2] != '\r') {
        reportBareLf(f);
      }
    } else if (lineEnd > pos) {
      skippingLine = true;
      skippedCr = buf[lineEnd - 1] == '\r';
    }
    advance(lineEnd);
  }

  /** What a header line is, judged on its first octets (RFC 5322 §2.2 and §3.6.8; §4.5 for space before ':'). */
  enum LineKind { FIELD, NOT_FIELD, UNDECIDED }

  /**
   * Whether the line {@code buf[from, to)} is a field ({@code 1*ftext *WSP ":"}), judged on its first
   * {@code limit} octets only, so the answer never depends on how much of a long line has arrived:
   * {@link LineKind#UNDECIDED} when those octets are all name characters (or white space after them) and the line
   * goes on, which the caller treats as a field that is too long. Sets {@link #classifiedColon}.
   */
  LineKind classify(byte[] buf, int from, int to, int limit) {
    int end = Math.min(to, from + limit);
    int i = from;
    while (i < end && buf[i] >= 33 && buf[i] <= 126 && buf[i] != ':') {
      i++;
    }
    if (i == from && i < end) {
      classifiedColon = -1;
      return LineKind.NOT_FIELD;
    }
    classifiedColon = i < end && buf[i] == ':' ? i : -1;
    while (i < end && (buf[i] == ' ' || buf[i] == '\t')) {
      i++;
    }
    if (i < end) {
      return buf[i] == ':' ? LineKind.FIELD : LineKind.NOT_FIELD;
    }
    return end == to ? LineKind.NOT_FIELD : LineKind.UNDECIDED;
  }

  private void tooLong(Frame f) {
    if (!skippingField) {
      f.skippedFields++;
      p.defect(f, DefectKind.LIMIT_EXCEEDED,
          "header field longer than " + limits.maxFieldLength() + " octets skipped");
    }
    fieldOpen = false;
    fieldLength = 0;
    skippingField = true;
  }

  private void reportBareLf(Frame f) {
    if (!f.bareLineEndingReported) {
      f.bareLineEndingReported = true;
      p.defect(f, DefectKind.BARE_LINE_ENDING, "a header line ends with a bare LF (RFC 5322 §2.3)");
    }
  }

  /** The open field is complete: check the block's limits and deliver it. */
  private void flush(Frame f) {
    boolean had = fieldOpen;
    int n = fieldLength;
    fieldOpen = false;
    skippingField = false;
    fieldLength = 0;
    if (!had) {
      return;
    }
    f.fieldCount++;
    if (f.fieldCount > limits.maxFieldCount()) {
      f.skippedFields++;
      if (!f.fieldCountReported) {
        f.fieldCountReported = true;
        p.defect(f, DefectKind.LIMIT_EXCEEDED,
            "more than " + limits.maxFieldCount() + " header fields; the rest skipped");
      }
      return;
    }
    if (f.headerBytes > limits.maxHeaderBlockSize()) {
      f.skippedFields++;
      if (!f.headerSizeReported) {
        f.headerSizeReported = true;
        p.defect(f, DefectKind.LIMIT_EXCEEDED,
            "header block larger than " + limits.maxHeaderBlockSize() + " octets; the rest skipped");
      }
      return;
    }
    byte[] octets = fieldInWindow ? p.input().buf : field;
    int start = fieldInWindow ? fieldStart : 0;
    if (n > 0 && octets[start + n - 1] == '\n') {
      n--;
      if (n > 0 && octets[start + n - 1] == '\r') {
        n--;
      }
    }
    HeaderField hf = FIELDS.make(octets, start, n, fieldColon, fieldHigh == 0, found);
    if (!found.isEmpty()) {
      p.defects(f, found);
      found.clear();
    }
    if (mayDescribeBody(hf.name())) {
      if (hf.hasName("Content-Type")) {
        f.contentTypeField = remember(f, f.contentTypeField, hf);
      } else if (hf.hasName("Content-Transfer-Encoding")) {
        f.transferEncodingField = remember(f, f.transferEncodingField, hf);
      } else if (hf.hasName("Content-Disposition")) {
        f.dispositionField = remember(f, f.dispositionField, hf);
      } else if (hf.hasName("Content-ID")) {
        f.contentIdField = remember(f, f.contentIdField, hf);
      }
    }
    p.emit(new MimeEvent.HeaderFieldEvent(hf, fieldOffset));
  }

  /**
   * Whether the name may be one of the four fields that describe the body (each starts with "Content-" and is at
   * least 10 long): most fields are ruled out without a case-insensitive comparison.
   */
  private static boolean mayDescribeBody(String name) {
    return name.length() >= 10 && (name.charAt(0) | 0x20) == 'c';
  }

  private HeaderField remember(Frame f, HeaderField first, HeaderField hf) {
    if (first == null) {
      return hf;
    }
    p.defect(f, DefectKind.DUPLICATE_FIELD, hf.name() + " appears more than once; the first is used");
    return first;
  }

  private void advance(int newPos) {
    p.input().pos = newPos;
  }
}
