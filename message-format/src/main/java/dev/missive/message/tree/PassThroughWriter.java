package dev.missive.message.tree;

import dev.missive.message.header.HeaderField;
import java.io.IOException;
import java.io.OutputStream;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes an entity back from its input octets, rewriting only changed headers (docs/architecture.md, "Keep the bytes"):
 * unchanged fields keep their raw bytes and line endings, new fields are written strictly with CRLF. An empty line
 * is added only where a changed encapsulated message would otherwise run into its parent's header.
 */
final class PassThroughWriter {

  private static final byte[] CRLF = {'\r', '\n'};

  private PassThroughWriter() {
  }

  static void write(Entity root, OutputStream out) throws IOException {
    write(root, new LastOctet(out));
  }

  private static void write(Entity e, LastOctet out) throws IOException {
    Source s = e.source;
    if (!e.changed()) {
      s.write(out, e.start, e.end);
      return;
    }
    if (e.headerUnchanged()) {
      s.write(out, e.start, e.bodyOffset);
    } else {
      writeHeader(e, out);
    }
    if (e.encapsulated != null && e.encapsulated.changed()
        && separatorStart(s, e.start, e.bodyOffset) == e.bodyOffset) {
      // the header ended without an empty line (at the end of the input) and now an encapsulated header follows
      if (out.last != '\n') {
        out.write(CRLF);
      }
      out.write(CRLF);
    }
    int cursor = e.bodyOffset;
    List<Entity> children = e.encapsulated != null ? List.of(e.encapsulated) : e.parts;
    for (Entity child : children) {
      s.write(out, cursor, child.start);
      write(child, out);
      cursor = child.end;
    }
    s.write(out, cursor, e.end);
  }

  private static void writeHeader(Entity e, OutputStream out) throws IOException {
    if (!writeAroundOriginal(e, out)) {
      writeFieldByField(e, out);
    }
  }

  /**
   * When the original fields are all still there, in order, with new fields only before or after them, the
   * original header lines are copied as one block (lines that were not fields included).
   */
  private static boolean writeAroundOriginal(Entity e, OutputStream out) throws IOException {
    List<HeaderField> now = e.header().fields();
    List<HeaderField> original = e.originalFields;
    int first = original.isEmpty() ? now.size() : indexOf(now, original.get(0));
    if (first < 0 || first + original.size() > now.size()) {
      return false;
    }
    for (int i = 0; i < original.size(); i++) {
      if (now.get(first + i) != original.get(i)) {
        return false;
      }
    }
    for (HeaderField f : now.subList(0, first)) {
      out.write(f.raw());
      out.write(CRLF);
    }
    Source s = e.source;
    int sep = separatorStart(s, e.start, e.bodyOffset);
    s.write(out, e.start, sep);
    List<HeaderField> after = now.subList(first + original.size(), now.size());
    if (!after.isEmpty() && sep > e.start && s.get(sep - 1) != '\n') {
      out.write(CRLF);
    }
    for (HeaderField f : after) {
      out.write(f.raw());
      out.write(CRLF);
    }
    s.write(out, sep, e.bodyOffset);
    return true;
  }

  private static int indexOf(List<HeaderField> fields, HeaderField f) {
    for (int i = 0; i < fields.size(); i++) {
      if (fields.get(i) == f) {
        return i;
      }
    }
    return -1;
  }

  private static void writeFieldByField(Entity e, OutputStream out) throws IOException {
    Source s = e.source;
    Map<HeaderField, Integer> offsets = new IdentityHashMap<>();
    for (int i = 0; i < e.originalFields.size(); i++) {
      offsets.put(e.originalFields.get(i), e.fieldOffsets[i]);
    }
    for (HeaderField f : e.header()) {
      Integer off = offsets.get(f);
      if (off == null) {
        out.write(f.raw());
        out.write(CRLF);
        continue;
      }
      int rawEnd = off + f.rawLength();
      int eol = lineEnding(s, rawEnd, e.bodyOffset);
      s.write(out, off, rawEnd + eol);
      if (eol == 0) {
        out.write(CRLF);
      }
    }
    int sep = separatorStart(s, e.start, e.bodyOffset);
    s.write(out, sep, e.bodyOffset);
  }

  private static int lineEnding(Source s, int at, int limit) {
    if (at < limit && s.get(at) == '\n') {
      return 1;
    }
    return at + 1 < limit && s.get(at) == '\r' && s.get(at + 1) == '\n' ? 2 : 0;
  }

  /** Where the empty line that ends the header starts; {@code bodyOffset} when there is none. */
  private static int separatorStart(Source s, int start, int bodyOffset) {
    int e = bodyOffset;
    if (e <= start || s.get(e - 1) != '\n') {
      return bodyOffset;
    }
    int b = e - 1;
    if (b > start && s.get(b - 1) == '\r') {
      b--;
    }
    return b == start || s.get(b - 1) == '\n' ? b : bodyOffset;
  }

  /** Passes octets on and remembers the last one, to know whether a line is open. */
  private static final class LastOctet extends OutputStream {
    private final OutputStream out;
    private int last = '\n';

    LastOctet(OutputStream out) {
      this.out = out;
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      last = b & 0xff;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      if (len > 0) {
        out.write(b, off, len);
        last = b[off + len - 1] & 0xff;
      }
    }
  }
}
