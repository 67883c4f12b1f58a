package dev.missive.message.stream;

import dev.missive.message.Defect;
import dev.missive.message.header.BodyDescriptor;
import dev.missive.message.header.ContentType;
import dev.missive.message.header.HeaderField;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * One event of the streaming parser: the structure of an RFC 5322 message and its MIME entities
 * (RFC 2045 §2.4, RFC 2046 §5.1.1) as a flat sequence, in input order.
 *
 * <p>A message is {@link StartMessage}, its {@link HeaderFieldEvent}s, {@link EndOfHeader}, a body, and
 * {@link EndMessage}. A body is either {@link BodyBytes}/{@link DecodedBodyBytes} chunks, or a multipart
 * ({@link StartMultipart}, {@link Preamble} chunks, any number of {@link StartPart} … {@link EndPart} entities,
 * {@link Epilogue} chunks, {@link EndMultipart}), or — for {@code message/rfc822} or {@code message/global} — a
 * nested message.
 * {@link DefectEvent}s belong to the innermost entity open when they arrive. The sequence of events does not
 * depend on how the input was split into {@code feed} calls, defects and their place among a body's bytes
 * included; only how a body, preamble or epilogue is cut into chunks does. Byte slices are
 * read-only views valid until the next call to the parser; copy what you keep. Offsets count octets of the
 * parser's input (for a base64 or quoted-printable message/rfc822 parsed in decoded mode: of its decoded
 * content). Java 17 hosts dispatch with an {@code instanceof} chain.
 */
public sealed interface MimeEvent {

  /**
   * Start of a message: the top-level message (depth 0) or an encapsulated message/rfc822 (RFC 2046 §5.2.1).
   *
   * @param depth  nesting depth (multiparts and encapsulated messages), 0 for the top-level message
   * @param offset input offset of its first header octet
   */
  record StartMessage(int depth, long offset) implements MimeEvent {}

  /**
   * End of the message opened by the {@link StartMessage} of the same depth.
   *
   * @param depth     as at the start
   * @param endOffset input offset just past its last octet (before the line ending that precedes a delimiter)
   */
  record EndMessage(int depth, long endOffset) implements MimeEvent {}

  /**
   * Start of a body part of a multipart entity (RFC 2046 §5.1.1); its depth is the multipart's plus one.
   *
   * @param depth  nesting depth
   * @param offset input offset of its first header octet (just past the delimiter line)
   */
  record StartPart(int depth, long offset) implements MimeEvent {}

  /**
   * End of the body part opened by the {@link StartPart} of the same depth.
   *
   * @param depth     as at the start
   * @param endOffset input offset just past its last octet (the line ending before the delimiter excluded)
   */
  record EndPart(int depth, long endOffset) implements MimeEvent {}

  /**
   * One header field of the current entity, raw bytes kept (RFC 5322 §2.2).
   *
   * @param field  the field
   * @param offset input offset of its first octet
   */
  record HeaderFieldEvent(HeaderField field, long offset) implements MimeEvent {
    /**
     * Requires a field.
     *
     * @param field  the field
     * @param offset input offset of its first octet
     */
    public HeaderFieldEvent {
      Objects.requireNonNull(field, "field");
    }
  }

  /**
   * End of the current entity's header block: what the header says about the body (the effective content type
   * with its parameters, the transfer encoding, the disposition, the file name and the content id — the same
   * {@link BodyDescriptor} the message tree's entity gives), the input offset where the body starts, and how many
   * fields were skipped at a limit of {@link MessageLimits} (too long, past the field count or the header size;
   * each limit also gives one {@link dev.missive.message.DefectKind#LIMIT_EXCEEDED} defect), so a consumer knows
   * the header it saw is not the whole header.
   *
   * @param descriptor    what the header says about the body
   * @param bodyOffset    the input offset where the body starts
   * @param skippedFields the number of header fields skipped at a limit
   */
  record EndOfHeader(BodyDescriptor descriptor, long bodyOffset, int skippedFields) implements MimeEvent {
    /**
     * Requires a descriptor.
     *
     * @param descriptor    what the header says about the body
     * @param bodyOffset    the input offset where the body starts
     * @param skippedFields the number of header fields skipped at a limit
     */
    public EndOfHeader {
      Objects.requireNonNull(descriptor, "descriptor");
    }

    /**
     * {@return the effective content type: the RFC 2045 §5.2 default when absent, or message/rfc822 inside
     * multipart/digest (RFC 2046 §5.1.5)}
     */
    public ContentType contentType() {
      return descriptor.contentType();
    }

    /** {@return the transfer encoding in lower case, {@code 7bit} when absent (RFC 2045 §6.1)} */
    public String transferEncoding() {
      return descriptor.transferEncoding();
    }
  }

  /** Start of a multipart body with the boundary that delimits its parts (RFC 2046 §5.1.1). */
  record StartMultipart(String boundary) implements MimeEvent {}

  /** End of the current multipart body. */
  record EndMultipart() implements MimeEvent {}

  /** A chunk of the preamble before the first delimiter (RFC 2046 §5.1.1), raw. */
  record Preamble(ByteBuffer bytes) implements MimeEvent {}

  /** A chunk of the epilogue after the close delimiter (RFC 2046 §5.1.1), raw. */
  record Epilogue(ByteBuffer bytes) implements MimeEvent {}

  /** A chunk of a leaf body exactly as it appears in the input (transfer encoding not removed). */
  record BodyBytes(ByteBuffer bytes) implements MimeEvent {}

  /** A chunk of a leaf body with its transfer encoding removed (RFC 2045 §6); emitted in decoded mode. */
  record DecodedBodyBytes(ByteBuffer bytes) implements MimeEvent {}

  /** An irregularity found in the innermost open entity; never an exception. */
  record DefectEvent(Defect defect) implements MimeEvent {
    /**
     * Requires a defect.
     *
     * @param defect the irregularity
     */
    public DefectEvent {
      Objects.requireNonNull(defect, "defect");
    }
  }
}
