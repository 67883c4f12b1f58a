package dev.missive.message.tree;

import dev.missive.message.header.HeaderField;
import java.io.IOException;
import java.io.OutputStream;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes an entity back from its input octets, rewriting only changed headers (DESIGN.md "Keep the bytes"):
 * unchanged fields keep their raw bytes and line endings, new fields are written strictly with CRLF.
 */
final class PassThroughWriter {

  private static final byte[] CRLF = {'\r', '\n'};

  private PassThroughWriter() {
  }

  static void write(Entity e, OutputStream out) throws IOException {
    byte[] s = e.source;
    if (!e.changed()) {
      out.write(s, e.start, e.end - e.start);
      return;
    }
    if (e.headerUnchanged()) {
      out.write(s, e.start, e.bodyOffset - e.start);
    } else {
      writeHeader(e, out);
    }
    int cursor = e.bodyOffset;
    List<Entity> children = e.encapsulated != null ? List.of(e.encapsulated) : e.parts;
    for (Entity child : children) {
      out.write(s, cursor, child.start - cursor);
      write(child, out);
      cursor = child.end;
    }
    out.write(s, cursor, e.end - cursor);
  }

  private static void writeHeader(Entity e, OutputStream out) throws IOException {
    byte[] s = e.source;
    Map<HeaderField, Integer> offsets = new IdentityHashMap<>();
    for (int i = 0; i < e.originalFields.size(); i++) {
      offsets.put(e.originalFields.get(i), e.fieldOffsets.get(i));
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
      out.write(s, off, rawEnd - off + eol);
      if (eol == 0) {
        out.write(CRLF);
      }
    }
    int sep = separatorStart(s, e.start, e.bodyOffset);
    out.write(s, sep, e.bodyOffset - sep);
  }

  private static int lineEnding(byte[] s, int at, int limit) {
    if (at < limit && s[at] == '\n') {
      return 1;
    }
    return at + 1 < limit && s[at] == '\r' && s[at + 1] == '\n' ? 2 : 0;
  }

  /** Where the empty line that ends the header starts; {@code bodyOffset} when there is none. */
  private static int separatorStart(byte[] s, int start, int bodyOffset) {
    int e = bodyOffset;
    if (e <= start || s[e - 1] != '\n') {
      return bodyOffset;
    }
    int b = e - 1;
    if (b > start && s[b - 1] == '\r') {
      b--;
    }
    return b == start || s[b - 1] == '\n' ? b : bodyOffset;
  }
}
