package dev.missive.message.stream;

import dev.missive.message.Defect;
import dev.missive.message.DefectKind;
import dev.missive.message.header.BodyDescriptor;
import dev.missive.message.header.ContentType;
import dev.missive.message.header.HeaderField;
import dev.missive.message.internal.EncapsulatedTypes;
import dev.missive.message.internal.TransferDecoding;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Decides, when an entity's header block ends, what its body is and sets the parser up to read it: a multipart
 * whose delimiter joins the open ones (RFC 2046 §5.1.1), an encapsulated message (RFC 2046 §5.2.1: a nested entity,
 * or a child parser over the decoded octets when it is base64 or quoted-printable), or a leaf body with its decoder
 * (RFC 2045 §6). The content type comes from {@link BodyDescriptor}, with RFC 2045 §5.2's default, or
 * message/rfc822 inside a multipart/digest (RFC 2046 §5.1.5). Nesting deeper than the limit, a multipart without a
 * boundary and an unknown transfer encoding leave the body as text, each with its defect.
 */
final class BodyStart {

  private final MessageStreamParser p;
  private final ParserOptions options;
  private final MessageLimits limits;
  private final Delimiters delimiters;

  BodyStart(MessageStreamParser parser, ParserOptions options, Delimiters delimiters) {
    this.p = parser;
    this.options = options;
    this.limits = options.limits();
    this.delimiters = delimiters;
  }

  /** The header block of {@code f} is complete: decide what its body is and set the parser up to read it. */
  void endHeader(Frame f) {
    List<Defect> found = new ArrayList<>();
    List<HeaderField> described = new ArrayList<>(4);
    for (HeaderField field : new HeaderField[] {f.contentTypeField, f.transferEncodingField, f.dispositionField,
        f.contentIdField}) {
      if (field != null) {
        described.add(field);
      }
    }
    BodyDescriptor descriptor = BodyDescriptor.read(described,
        f.inDigest ? ContentType.MESSAGE_RFC822 : ContentType.TEXT_PLAIN_US_ASCII, found);
    ContentType type = descriptor.contentType();
    String cte = descriptor.transferEncoding();
    p.defects(f, found);
    p.emit(new MimeEvent.EndOfHeader(descriptor, p.offsetHere(), f.skippedFields));
    p.startRegion();
    boolean identity = TransferDecoding.isIdentity(cte);
    boolean deeper = f.depth + 1 <= limits.maxDepth();
    if (type.isMultipart()) {
      String boundary = type.boundary().orElse(null);
      if (boundary == null || boundary.isEmpty()) {
        p.defect(f, DefectKind.MISSING_BOUNDARY, "multipart without a boundary parameter; body read as text");
      } else if (!deeper) {
        p.defect(f, DefectKind.LIMIT_EXCEEDED, "nesting deeper than " + limits.maxDepth() + "; body kept as is");
      } else {
        if (boundary.length() > 70) {
          p.defect(f, DefectKind.MALFORMED_CONTENT_TYPE,
              "boundary longer than 70 characters (RFC 2046 §5.1.1); used as given");
        }
        f.delimiter = ("--" + boundary).getBytes(StandardCharsets.UTF_8);
        f.digest = "digest".equalsIgnoreCase(type.subtype());
        f.phase = Frame.Phase.PREAMBLE;
        f.boundaryActive = true;
        delimiters.push(f);
        p.emit(new MimeEvent.StartMultipart(boundary));
        return;
      }
    } else if (EncapsulatedTypes.isMessage(type.type(), type.subtype())) {
      if (!deeper) {
        p.defect(f, DefectKind.LIMIT_EXCEEDED, "nesting deeper than " + limits.maxDepth() + "; body kept as is");
      } else if (identity) {
        f.phase = Frame.Phase.NESTED;
        p.push(new Frame(true, f.depth + 1, false));
        p.emit(new MimeEvent.StartMessage(f.depth + 1, p.offsetHere()));
        return;
      } else if (options.bodyMode() == BodyMode.DECODED && TransferDecoding.isKnown(cte)) {
        f.phase = Frame.Phase.ENCODED_MESSAGE;
        f.decoder = TransferDecoding.decoder(cte);
        f.child = p.childParser(f.depth + 1);
        return;
      }
    }
    f.phase = Frame.Phase.BODY;
    if (options.bodyMode() == BodyMode.DECODED && !identity) {
      f.decoder = TransferDecoding.decoder(cte);
      if (f.decoder == null) {
        p.defect(f, DefectKind.UNKNOWN_TRANSFER_ENCODING, "unknown transfer encoding '" + bounded(cte)
            + "'; body passed through undecoded (RFC 2045 §6.4)");
      }
    }
  }

  private static String bounded(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "…";
  }
}
