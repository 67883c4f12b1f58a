package dev.missive.imap.message;

import dev.missive.imap.Envelope;
import dev.missive.imap.internal.text.Checks;
import dev.missive.message.header.ContentDisposition;
import dev.missive.message.header.ContentType;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One MIME entity of a stored message, located by octet offsets in the message (RFC 2045 §2.4, RFC 2046 §5.1): its
 * header at {@code [headerStart, bodyStart)} (the blank line included), its body at {@code [bodyStart, bodyEnd)},
 * the fields BODYSTRUCTURE reports, and its children: the parts of a multipart, or the encapsulated message of a
 * message/rfc822 (or message/global) part. What {@link MessageLayout} is made of.
 *
 * @param headerStart       offset of the entity's first header octet
 * @param bodyStart         offset of its body (after the blank line)
 * @param bodyEnd           offset after its body (the line ending before a multipart delimiter excluded)
 * @param lines             LF octets in the body (RFC 9051 §7.5.2 {@code body-fld-lines})
 * @param contentType       the effective content type (RFC 2045 §5.2 defaults applied)
 * @param transferEncoding  the Content-Transfer-Encoding, lower case, {@code 7bit} when absent
 * @param mime              the other MIME fields BODYSTRUCTURE reports
 * @param fields            the header fields, where they are
 * @param parts             the parts of a multipart, else empty
 * @param message           the encapsulated message of a message/rfc822 or message/global part
 */
public record MessagePart(long headerStart, long bodyStart, long bodyEnd, long lines, ContentType contentType,
                          String transferEncoding, MimeFields mime, List<FieldLocation> fields,
                          List<MessagePart> parts, Optional<Encapsulated> message) {

  /**
   * Checks the values.
   *
   * @param headerStart      offset of the first header octet
   * @param bodyStart        offset of the body
   * @param bodyEnd          offset after the body
   * @param lines            LF octets in the body
   * @param contentType      the effective content type
   * @param transferEncoding the Content-Transfer-Encoding, lower case
   * @param mime             the other MIME fields
   * @param fields           the header fields
   * @param parts            the parts of a multipart
   * @param message          the encapsulated message
   */
  public MessagePart {
    if (headerStart < 0 || bodyStart < headerStart || bodyEnd < bodyStart || lines < 0) {
      throw new IllegalArgumentException("offsets out of order");
    }
    Objects.requireNonNull(contentType, "contentType");
    Objects.requireNonNull(transferEncoding, "transferEncoding");
    Objects.requireNonNull(mime, "mime");
    fields = Checks.list("fields", fields);
    parts = Checks.list("parts", parts);
    Objects.requireNonNull(message, "message");
  }

  /** {@return whether the entity is a multipart} */
  public boolean isMultipart() {
    return !parts.isEmpty() || contentType.isMultipart();
  }

  /** {@return the body's size in octets, in its transfer encoding} */
  public long bodySize() {
    return bodyEnd - bodyStart;
  }

  /**
   * Where one header field is: its raw octets (folding included, its line ending excluded) at
   * {@code [offset, offset + length)}.
   *
   * @param name   the field name as written
   * @param offset offset of its first octet
   * @param length its length without the line ending
   */
  public record FieldLocation(String name, long offset, int length) {
    /**
     * Checks the values.
     *
     * @param name   the field name
     * @param offset offset of its first octet
     * @param length its length
     */
    public FieldLocation {
      Objects.requireNonNull(name, "name");
      if (offset < 0 || length < 0) {
        throw new IllegalArgumentException("negative offset or length");
      }
    }
  }

  /**
   * The MIME fields of an entity that BODYSTRUCTURE reports besides its type (RFC 2045 §7, §8; RFC 1864;
   * RFC 2183; RFC 3282; RFC 2557).
   *
   * @param id          the Content-ID, unfolded
   * @param description the Content-Description, unfolded (encoded words kept)
   * @param md5         the Content-MD5
   * @param disposition the Content-Disposition, parsed
   * @param language    the Content-Language tags
   * @param location    the Content-Location
   */
  public record MimeFields(Optional<String> id, Optional<String> description, Optional<String> md5,
                           Optional<ContentDisposition> disposition, List<String> language,
                           Optional<String> location) {
    /** No MIME fields. */
    public static final MimeFields NONE = new MimeFields(Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty(), List.of(), Optional.empty());

    /**
     * Copies the list.
     *
     * @param id          the Content-ID
     * @param description the Content-Description
     * @param md5         the Content-MD5
     * @param disposition the Content-Disposition
     * @param language    the Content-Language tags
     * @param location    the Content-Location
     */
    public MimeFields {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(description, "description");
      Objects.requireNonNull(md5, "md5");
      Objects.requireNonNull(disposition, "disposition");
      language = Checks.list("language", language);
      Objects.requireNonNull(location, "location");
    }
  }

  /**
   * The message a message/rfc822 part carries: its envelope and its root entity (whose header starts at the
   * part's body).
   *
   * @param envelope the encapsulated message's envelope
   * @param root     its root entity
   */
  public record Encapsulated(Envelope envelope, MessagePart root) {
    /**
     * Requires both.
     *
     * @param envelope the envelope
     * @param root     the root entity
     */
    public Encapsulated {
      Objects.requireNonNull(envelope, "envelope");
      Objects.requireNonNull(root, "root");
    }
  }
}
