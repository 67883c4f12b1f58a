package dev.missive.imap.message;

import dev.missive.imap.Section;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds a section's octets in a message's layout (RFC 9051 §6.4.5.1): part numbers descend into multiparts and
 * encapsulated messages (the body of a non-multipart message is part 1); {@code HEADER}, {@code TEXT} and
 * {@code HEADER.FIELDS} apply to the message or to an encapsulated message's part; {@code MIME} to a part's own
 * header. A section that does not exist is empty (the server answers NIL).
 */
final class Sections {

  private static final byte[] CRLF = {'\r', '\n'};

  private Sections() {}

  static Optional<SectionContent> locate(MessageLayout layout, Section s) {
    if (s.part().isEmpty()) {
      MessagePart root = layout.root();
      if (s.text() == Section.Text.NONE) {
        return range(root.headerStart(), layout.size());
      }
      return messageText(root, s);
    }
    Optional<MessagePart> found = entity(layout, s.part());
    if (found.isEmpty()) {
      return Optional.empty();
    }
    MessagePart part = found.get();
    switch (s.text()) {
      case NONE:
        return range(part.bodyStart(), part.bodyEnd());
      case MIME:
        return range(part.headerStart(), part.bodyStart());
      default:
        return part.message().isPresent() ? messageText(part.message().get().root(), s) : Optional.empty();
    }
  }

  /**
   * The entity a part number path names: each number picks a part of a multipart; a message's (or an encapsulated
   * message's) non-multipart body is its part 1.
   *
   * @param layout the message's layout
   * @param path   the part numbers; empty for the message's root entity
   * @return the entity, or empty when the message has none there
   */
  static Optional<MessagePart> entity(MessageLayout layout, List<Integer> path) {
    MessagePart container = layout.root();
    boolean messageRoot = true;
    MessagePart part = path.isEmpty() ? container : null;
    for (int n : path) {
      if (part != null) {
        if (part.message().isPresent()) {
          container = part.message().get().root();
          messageRoot = true;
        } else if (part.isMultipart()) {
          container = part;
          messageRoot = false;
        } else {
          return Optional.empty();
        }
      }
      if (container.isMultipart()) {
        if (n > container.parts().size()) {
          return Optional.empty();
        }
        part = container.parts().get(n - 1);
      } else if (messageRoot && n == 1) {
        part = container;
      } else {
        return Optional.empty();
      }
      messageRoot = false;
    }
    return Optional.ofNullable(part);
  }

  private static Optional<SectionContent> messageText(MessagePart message, Section s) {
    switch (s.text()) {
      case HEADER:
        return range(message.headerStart(), message.bodyStart());
      case TEXT:
        return range(message.bodyStart(), message.bodyEnd());
      case HEADER_FIELDS:
      case HEADER_FIELDS_NOT:
        boolean keep = s.text() == Section.Text.HEADER_FIELDS;
        List<SectionContent.Piece> pieces = new ArrayList<>();
        for (MessagePart.FieldLocation f : message.fields()) {
          boolean named = s.fields().stream().anyMatch(n -> n.equalsIgnoreCase(f.name()));
          if (named == keep) {
            pieces.add(new SectionContent.Range(f.offset(), f.length()));
            pieces.add(new SectionContent.Added(CRLF));
          }
        }
        pieces.add(new SectionContent.Added(CRLF));
        return Optional.of(new SectionContent(pieces));
      default:
        return Optional.empty();
    }
  }

  private static Optional<SectionContent> range(long from, long to) {
    return Optional.of(new SectionContent(List.of(new SectionContent.Range(from, to - from))));
  }
}
