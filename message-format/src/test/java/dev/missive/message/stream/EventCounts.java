package dev.missive.message.stream;

import dev.missive.message.DefectKind;
import java.io.IOException;
import java.io.InputStream;
import java.util.EnumMap;
import java.util.Map;

/** Test helper: reads a message through {@link MessageReader} and counts what came out, keeping nothing else. */
final class EventCounts {

  int parts;
  int fields;
  int maxDepth;
  long bodyBytes;
  boolean ended;
  final Map<DefectKind, Integer> defects = new EnumMap<>(DefectKind.class);

  static EventCounts read(InputStream in, ParserOptions options) throws IOException {
    EventCounts c = new EventCounts();
    MessageReader r = new MessageReader(in, options);
    for (MimeEvent e; (e = r.next()) != null; ) {
      if (e instanceof MimeEvent.StartPart s) {
        c.parts++;
        c.maxDepth = Math.max(c.maxDepth, s.depth());
      } else if (e instanceof MimeEvent.StartMessage s) {
        c.maxDepth = Math.max(c.maxDepth, s.depth());
      } else if (e instanceof MimeEvent.HeaderFieldEvent) {
        c.fields++;
      } else if (e instanceof MimeEvent.BodyBytes b) {
        c.bodyBytes += b.bytes().remaining();
      } else if (e instanceof MimeEvent.DecodedBodyBytes b) {
        c.bodyBytes += b.bytes().remaining();
      } else if (e instanceof MimeEvent.DefectEvent d) {
        c.defects.merge(d.defect().kind(), 1, Integer::sum);
      } else if (e instanceof MimeEvent.EndMessage m && m.depth() == 0) {
        c.ended = true;
      }
    }
    return c;
  }

  int defects(DefectKind kind) {
    return defects.getOrDefault(kind, 0);
  }
}
