package dev.missive.message.tree;

import dev.missive.message.header.HeaderField;
import dev.missive.message.internal.InPlaceInput;
import dev.missive.message.stream.MessageStreamParser;
import dev.missive.message.stream.MimeEvent;
import dev.missive.message.stream.ParserOptions;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Builds the entity tree of a message held in memory from the streaming parser's raw events. */
final class TreeBuilder {

  private final Source source;
  private final ArrayDeque<Entity> open = new ArrayDeque<>();
  private final List<HeaderField> fields = new ArrayList<>();
  private int[] offsets = new int[16];
  private final List<dev.missive.message.Defect> pendingDefects = new ArrayList<>();
  private int entityStart;
  private boolean inHeader;
  private Entity root;

  private TreeBuilder(Source source) {
    this.source = source;
  }

  static Entity build(Source source, ParserOptions options) {
    TreeBuilder b = new TreeBuilder(source);
    MessageStreamParser parser = new MessageStreamParser(options);
    ByteBuffer in = null;
    if (source.array() != null) {
      // the tree keeps the array and it never changes: the parser reads it in place instead of copying it
      InPlaceInput.feedWhole(parser, source.array(), 0, source.length());
    } else {
      in = source.slice(0, source.length());
    }
    while (!parser.isFinished()) {
      MimeEvent e = parser.next();
      if (e != null) {
        b.accept(e);
      } else if (in != null && in.hasRemaining()) {
        parser.feed(in);
      } else if (!parser.isEnded()) {
        parser.end();
      }
    }
    return b.root;
  }

  private void accept(MimeEvent e) {
    if (e instanceof MimeEvent.StartMessage s) {
      begin((int) s.offset());
    } else if (e instanceof MimeEvent.StartPart s) {
      begin((int) s.offset());
    } else if (e instanceof MimeEvent.HeaderFieldEvent h) {
      if (fields.size() == offsets.length) {
        offsets = Arrays.copyOf(offsets, 2 * offsets.length);
      }
      offsets[fields.size()] = (int) h.offset();
      fields.add(h.field());
    } else if (e instanceof MimeEvent.EndOfHeader h) {
      Entity entity = new Entity(source, entityStart, (int) h.bodyOffset(), fields,
          Arrays.copyOf(offsets, fields.size()), h.descriptor());
      entity.skippedFields = h.skippedFields();
      entity.defects.addAll(pendingDefects);
      pendingDefects.clear();
      entity.header().reportDuplicates(entity.defects);
      fields.clear();
      inHeader = false;
      Entity parent = open.peek();
      if (parent == null) {
        root = entity;
      } else if (parent.isMultipart()) {
        parent.parts.add(entity);
      } else {
        parent.encapsulated = entity;
      }
      open.push(entity);
    } else if (e instanceof MimeEvent.StartMultipart m) {
      open.peek().boundary = m.boundary();
    } else if (e instanceof MimeEvent.EndPart p) {
      open.pop().end = (int) p.endOffset();
    } else if (e instanceof MimeEvent.EndMessage m) {
      open.pop().end = (int) m.endOffset();
    } else if (e instanceof MimeEvent.DefectEvent d) {
      if (inHeader) {
        pendingDefects.add(d.defect());
      } else {
        open.peek().defects.add(d.defect());
      }
    }
  }

  private void begin(int offset) {
    entityStart = offset;
    inHeader = true;
  }
}
