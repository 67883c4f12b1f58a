package dev.missive.message.tree;

import dev.missive.message.header.ContentDisposition;
import java.util.List;
import java.util.Optional;

/**
 * Finds the part a reader shows as the text of a message, in plain text or in HTML:
 *
 * <ul>
 *   <li>a leaf {@code text/plain} (or {@code text/html}) that is not an attachment (Content-Disposition
 *       {@code attachment}, RFC 2183 §2.2) is the body;</li>
 *   <li>in {@code multipart/alternative} the parts are versions of one content, the last the richest (RFC 2046
 *       §5.1.4): the last one that yields the body wins;</li>
 *   <li>in {@code multipart/related} only the root counts: the part whose Content-ID is the {@code start}
 *       parameter, else the first (RFC 2387 §3.1–§3.2); the other parts are resources the root refers to;</li>
 *   <li>in any other multipart ({@code mixed}, {@code signed}, {@code report}, an unknown subtype read as mixed,
 *       RFC 2046 §5.1.3 and §5.1.7) the first part that yields the body wins, attachments skipped;</li>
 *   <li>an encapsulated message (message/rfc822) is content of its own, never the body of the message around it.</li>
 * </ul>
 *
 * CPython's {@code EmailMessage.get_body} reads messages the same way, except that in an alternative it takes
 * the first match where RFC 2046 prefers the last.
 */
final class BodySelector {

  private BodySelector() {
  }

  /** The body of {@code e} of type {@code text/<subtype>} (lower case), if there is one. */
  static Optional<Entity> find(Entity e, String subtype) {
    if (isAttachmentByDisposition(e)) {
      return Optional.empty();
    }
    if (!e.isMultipart()) {
      boolean wanted = e.contentType().isText() && e.contentType().subtype().equalsIgnoreCase(subtype)
          && e.encapsulated == null;
      return wanted ? Optional.of(e) : Optional.empty();
    }
    List<Entity> parts = e.parts;
    String kind = e.contentType().subtype();
    if (kind.equalsIgnoreCase("alternative")) {
      for (int i = parts.size() - 1; i >= 0; i--) {
        Optional<Entity> found = find(parts.get(i), subtype);
        if (found.isPresent()) {
          return found;
        }
      }
      return Optional.empty();
    }
    if (kind.equalsIgnoreCase("related")) {
      return root(e).flatMap(r -> find(r, subtype));
    }
    for (Entity part : parts) {
      Optional<Entity> found = find(part, subtype);
      if (found.isPresent()) {
        return found;
      }
    }
    return Optional.empty();
  }

  /** The root of a multipart/related (RFC 2387 §3.2): the {@code start} part, else the first. */
  private static Optional<Entity> root(Entity related) {
    Optional<String> start = related.contentType().parameter("start").map(BodySelector::withoutBrackets);
    if (start.isPresent()) {
      for (Entity part : related.parts) {
        if (part.contentId().map(start.get()::equals).orElse(false)) {
          return Optional.of(part);
        }
      }
    }
    return related.parts.isEmpty() ? Optional.empty() : Optional.of(related.parts.get(0));
  }

  private static String withoutBrackets(String id) {
    String s = id.trim();
    return s.startsWith("<") && s.endsWith(">") ? s.substring(1, s.length() - 1) : s;
  }

  private static boolean isAttachmentByDisposition(Entity e) {
    return e.disposition().map(ContentDisposition::isAttachment).orElse(false);
  }
}
