package dev.missive.message.header;

import dev.missive.message.Defect;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * What the header of a MIME entity says about its body (RFC 2045 §5–§7, RFC 2183, RFC 2392), read once so that the
 * streaming parser's {@code EndOfHeader} event and the message tree's {@code Entity} give the same answers: the
 * effective content type with its parameters, the transfer encoding, the disposition and the content id, and
 * from them the file name and whether the body is an attachment.
 *
 * @param contentType      the effective content type: the Content-Type field, else the RFC 2045 §5.2 default
 *                         (or message/rfc822 inside multipart/digest, RFC 2046 §5.1.5)
 * @param transferEncoding the Content-Transfer-Encoding in lower case; {@code 7bit} when absent (RFC 2045 §6.1)
 * @param disposition      the Content-Disposition (RFC 2183), if present
 * @param contentId        the Content-ID without its angle brackets (RFC 2045 §7, RFC 2392), if present
 */
public record BodyDescriptor(ContentType contentType, String transferEncoding,
                             Optional<ContentDisposition> disposition, Optional<String> contentId) {

  /**
   * Requires every value.
   *
   * @param contentType      the effective content type
   * @param transferEncoding the Content-Transfer-Encoding in lower case
   * @param disposition      the Content-Disposition, if present
   * @param contentId        the Content-ID without its angle brackets, if present
   */
  public BodyDescriptor {
    Objects.requireNonNull(contentType, "contentType");
    Objects.requireNonNull(transferEncoding, "transferEncoding");
    Objects.requireNonNull(disposition, "disposition");
    Objects.requireNonNull(contentId, "contentId");
  }

  /**
   * Reads the descriptor from an entity's header fields: the first Content-Type, Content-Transfer-Encoding,
   * Content-Disposition and Content-ID among them count (later ones are ignored; the parser reports them as
   * duplicates). Lenient and total.
   *
   * @param fields      the entity's header fields, or just the ones named above
   * @param defaultType the content type when there is no Content-Type field (or it does not parse)
   * @param defects     receives the defects of the Content-Type and Content-Disposition values
   * @return the descriptor
   */
  public static BodyDescriptor read(Iterable<HeaderField> fields, ContentType defaultType, List<Defect> defects) {
    HeaderField type = null;
    HeaderField encoding = null;
    HeaderField disposition = null;
    HeaderField id = null;
    for (HeaderField f : fields) {
      if (type == null && f.hasName("Content-Type")) {
        type = f;
      } else if (encoding == null && f.hasName("Content-Transfer-Encoding")) {
        encoding = f;
      } else if (disposition == null && f.hasName("Content-Disposition")) {
        disposition = f;
      } else if (id == null && f.hasName("Content-ID")) {
        id = f;
      }
    }
    ContentType effective = type == null ? defaultType : contentType(type, defects);
    String cte = encoding == null ? "7bit" : transferEncoding(encoding);
    Optional<ContentDisposition> d = disposition == null ? Optional.empty()
        : Optional.of(ContentDisposition.parse(disposition.unfoldedValue(), defects));
    return new BodyDescriptor(effective, cte, d, id == null ? Optional.empty() : contentId(id.unfoldedValue()));
  }

  /** The Content-Type's value: its plain form read from the field's octets, else parsed from the unfolded text. */
  private static ContentType contentType(HeaderField field, List<Defect> defects) {
    ContentType plain = PlainValues.contentType(field.rawArray(), field.valueStart());
    return plain != null ? plain : ContentType.parse(field.unfoldedValue(), defects);
  }

  /** The Content-Transfer-Encoding's value in lower case (RFC 2045 §6.1: the names are not case-sensitive). */
  private static String transferEncoding(HeaderField field) {
    String known = PlainValues.transferEncoding(field.rawArray(), field.valueStart());
    return known != null ? known : field.unfoldedValue().trim().toLowerCase(Locale.ROOT);
  }

  /** The msg-id content of a Content-ID value (RFC 2045 §7), angle brackets and surrounding space removed. */
  private static Optional<String> contentId(String value) {
    String v = value.trim();
    if (v.startsWith("<")) {
      int close = v.indexOf('>');
      v = close < 0 ? v.substring(1) : v.substring(1, close);
    }
    return v.isEmpty() ? Optional.empty() : Optional.of(v);
  }

  /** {@return the lower-case {@code type/subtype}} */
  public String mimeType() {
    return contentType.mimeType();
  }

  /**
   * The file name: the Content-Disposition {@code filename} (RFC 2183 §2.3, RFC 2231), else the Content-Type
   * {@code name}; RFC 2047 encoded words in it (a common, non-standard form) are decoded. It comes from the peer:
   * never use it as a path as it is.
   *
   * @return the file name, or empty
   */
  public Optional<String> filename() {
    Optional<String> name = disposition.flatMap(d -> d.parameters().get("filename"));
    if (name.isEmpty()) {
      name = contentType.parameter("name");
    }
    return name.map(BodyDescriptor::decodeFilename);
  }

  /** The one decoding of a file name parameter's value: RFC 2047 words in it decoded (RFC 2231 already was). */
  static String decodeFilename(String value) {
    return EncodedWords.containsEncodedWord(value) ? EncodedWords.decode(value, new ArrayList<>()) : value;
  }

  /**
   * {@return whether the body is an attachment: its disposition is {@code attachment} (or unknown, RFC 2183
   * §2.8), or it has a file name, no disposition and is not a multipart}
   */
  public boolean isAttachment() {
    if (disposition.isPresent()) {
      return disposition.get().isAttachment();
    }
    return !contentType.isMultipart() && filename().isPresent();
  }
}
