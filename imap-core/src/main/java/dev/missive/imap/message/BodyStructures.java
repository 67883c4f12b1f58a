package dev.missive.imap.message;

import dev.missive.imap.BodyStructure;
import dev.missive.message.header.Parameters;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Turns a located entity into its BODY or BODYSTRUCTURE value (RFC 9051 §7.5.2, §9 {@code body}). Media types,
 * subtypes, transfer encodings and parameter names are written in upper case, as in the RFC's examples; parameter
 * values as decoded by message-format (RFC 2231 continuations and charsets resolved, RFC 9051 §7.5.2). Sizes are
 * the bodies' octets as stored, line counts their LF octets; text parts and encapsulated messages carry lines.
 */
final class BodyStructures {

  private BodyStructures() {}

  static BodyStructure of(MessagePart part, boolean extensible) {
    if (part.isMultipart() && !part.parts().isEmpty()) {
      List<BodyStructure> children = new ArrayList<>(part.parts().size());
      part.parts().forEach(p -> children.add(of(p, extensible)));
      return new BodyStructure.Multipart(children, upper(part.contentType().subtype()),
          extensible ? parameters(part.contentType().parameters()) : List.of(),
          extensible ? Optional.of(extension(part.mime())) : Optional.empty());
    }
    String type = upper(part.contentType().type());
    String subtype = upper(part.contentType().subtype());
    boolean text = type.equals("TEXT");
    Optional<MessagePart.Encapsulated> message = part.message();
    boolean encapsulates = message.isPresent()
        && type.equals("MESSAGE") && (subtype.equals("RFC822") || subtype.equals("GLOBAL"));
    if (part.isMultipart() || (type.equals("MESSAGE") && (subtype.equals("RFC822") || subtype.equals("GLOBAL"))
        && !encapsulates)) {
      // a multipart without parts, or an encapsulated message not entered (encoded, or past the depth limit):
      // described as an opaque part, which the grammar allows for any type but these
      type = "APPLICATION";
      subtype = "OCTET-STREAM";
      text = false;
    }
    OptionalLong lines = text || encapsulates ? OptionalLong.of(part.lines()) : OptionalLong.empty();
    MessagePart.MimeFields mime = part.mime();
    return new BodyStructure.SinglePart(type, subtype, parameters(part.contentType().parameters()), mime.id(),
        mime.description(), upper(part.transferEncoding()), part.bodySize(), lines,
        encapsulates ? message.map(MessagePart.Encapsulated::envelope) : Optional.empty(),
        encapsulates ? message.map(m -> of(m.root(), extensible)) : Optional.empty(),
        extensible ? mime.md5() : Optional.empty(),
        extensible ? Optional.of(extension(mime)) : Optional.empty());
  }

  private static BodyStructure.Extension extension(MessagePart.MimeFields mime) {
    return new BodyStructure.Extension(
        mime.disposition().map(d -> new BodyStructure.Disposition(d.type(), parameters(d.parameters()))),
        mime.language(), mime.location());
  }

  private static List<BodyStructure.Parameter> parameters(Parameters params) {
    List<BodyStructure.Parameter> out = new ArrayList<>(params.size());
    for (String name : params.names()) {
      out.add(new BodyStructure.Parameter(upper(name), params.get(name).orElse("")));
    }
    return out;
  }

  private static String upper(String s) {
    return s.toUpperCase(Locale.ROOT);
  }
}
