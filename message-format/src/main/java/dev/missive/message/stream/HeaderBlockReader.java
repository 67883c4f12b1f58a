package dev.missive.message.stream;

import dev.missive.message.Defect;
import dev.missive.message.DefectKind;
import dev.missive.message.header.HeaderField;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Splits one header block into raw fields (RFC 5322 §2.2, §2.2.3): a field is its first line and every following
 * line that starts with white space; the block ends at an empty line, at a delimiter of an open multipart, or at
 * the end of input. Over-long fields are skipped without being buffered.
 */
final class HeaderBlockReader {

  private final MessageStreamParser p;
  private final MessageLimits limits;
  private final boolean malformedStartsBody;
  private byte[] field = new byte[256];
  private int fieldLength;
  private long fieldOffset;
  private boolean fieldOpen;
  private boolean skippingField;
  private boolean skippingLine;
  /** Octets of the unfinished line at the window's position already searched for LF (fed in small pieces). */
  private int scanned;

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
      advance(end);
      skippingLine = i < 0;
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
      if (c == -2) {
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

  /** Reads the line at {@code pos}: the first line of a field, or a continuation of the open field. */
  private boolean readLine(Frame f, byte[] buf, int pos, int lim, boolean first) {
    int i = p.input().indexOfLf(pos + scanned);
    int lineEnd;
    if (i < 0) {
      if (!p.input().ended) {
        if (lim - pos + fieldLength > limits.maxFieldLength()) {
          tooLong(f);
          scanned = 0;
          skippingLine = true;
          f.headerBytes += lim - pos;
          advance(lim);
          return true;
        }
        scanned = lim - pos;
        return false;
      }
      scanned = 0;
      lineEnd = lim;
    } else {
      scanned = 0;
      lineEnd = i + 1;
      if (i == pos || buf[i - 1] != '\r') {
        reportBareLf(f);
      }
    }
    f.headerBytes += lineEnd - pos;
    if (first && !isFieldLine(buf, pos, lineEnd)) {
      if (malformedStartsBody) {
        p.defect(f, DefectKind.MISSING_HEADER_BODY_SEPARATOR,
            "a header line that is not a field starts the body (RFC 5322 §2.1)");
        p.endHeader(f);
      } else {
        p.defect(f, DefectKind.MALFORMED_HEADER_FIELD, "header line without a field name and colon skipped");
        advance(lineEnd);
      }
      return true;
    }
    advance(lineEnd);
    if (skippingField) {
      return true;
    }
    int n = lineEnd - pos;
    if (fieldLength + n > limits.maxFieldLength()) {
      tooLong(f);
      return true;
    }
    if (fieldLength + n > field.length) {
      field = Arrays.copyOf(field, Math.max(fieldLength + n, Math.min(field.length * 2, limits.maxFieldLength())));
    }
    if (fieldLength == 0) {
      fieldOffset = p.input().absolute(pos);
    }
    System.arraycopy(buf, pos, field, fieldLength, n);
    fieldLength += n;
    fieldOpen = true;
    return true;
  }

  private void tooLong(Frame f) {
    if (!skippingField) {
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
      if (!f.fieldCountReported) {
        f.fieldCountReported = true;
        p.defect(f, DefectKind.LIMIT_EXCEEDED,
            "more than " + limits.maxFieldCount() + " header fields; the rest skipped");
      }
      return;
    }
    if (f.headerBytes > limits.maxHeaderBlockSize()) {
      if (!f.headerSizeReported) {
        f.headerSizeReported = true;
        p.defect(f, DefectKind.LIMIT_EXCEEDED,
            "header block larger than " + limits.maxHeaderBlockSize() + " octets; the rest skipped");
      }
      return;
    }
    if (n > 0 && field[n - 1] == '\n') {
      n--;
      if (n > 0 && field[n - 1] == '\r') {
        n--;
      }
    }
    List<Defect> found = new ArrayList<>(0);
    HeaderField hf = HeaderField.parse(field, 0, n, found);
    p.defects(f, found);
    if (hf.hasName("Content-Type")) {
      f.contentTypeField = remember(f, f.contentTypeField, hf);
    } else if (hf.hasName("Content-Transfer-Encoding")) {
      f.transferEncodingField = remember(f, f.transferEncodingField, hf);
    }
    p.emit(new MimeEvent.HeaderFieldEvent(hf, fieldOffset));
  }

  private HeaderField remember(Frame f, HeaderField first, HeaderField hf) {
    if (first == null) {
      return hf;
    }
    p.defect(f, DefectKind.DUPLICATE_FIELD, hf.name() + " appears more than once; the first is used");
    return first;
  }

  /** field-name = 1*ftext, optional obsolete white space, then ':' (RFC 5322 §3.6.8, §4.5). */
  static boolean isFieldLine(byte[] buf, int from, int to) {
    int i = from;
    while (i < to && buf[i] >= 33 && buf[i] <= 126 && buf[i] != ':') {
      i++;
    }
    if (i == from) {
      return false;
    }
    while (i < to && (buf[i] == ' ' || buf[i] == '\t')) {
      i++;
    }
    return i < to && buf[i] == ':';
  }

  private void advance(int newPos) {
    p.input().pos = newPos;
  }
}
