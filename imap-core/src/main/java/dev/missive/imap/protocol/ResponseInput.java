package dev.missive.imap.protocol;

import dev.missive.imap.internal.text.Checks;
import dev.missive.imap.response.FetchAttribute;
import dev.missive.imap.response.Response;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Objects;

/**
 * One unit of what a server sent, as {@link ResponseDecoder#next(ByteBuffer)} delivers it to the client engine: a
 * whole response, the streamed contents of a FETCH section, or a response that could not be read. Java 17 hosts
 * dispatch with an {@code instanceof} chain.
 */
public sealed interface ResponseInput {

  /** Every byte offered was consumed and nothing is complete: call again with more input. */
  record NeedInput() implements ResponseInput {}

  /**
   * A whole response, parsed. For a FETCH, the contents of its sections came before it as
   * {@link SectionBegin}/{@link SectionData}/{@link SectionEnd}.
   *
   * @param response the response
   */
  record Received(Response response) implements ResponseInput {
    /**
     * Requires the response.
     *
     * @param response the response
     */
    public Received {
      Objects.requireNonNull(response, "response");
    }
  }

  /**
   * The start of a FETCH section's contents (RFC 9051 §7.5.2 {@code BODY[...]}, {@code BINARY[...]},
   * {@code RFC822*}): its octets follow as {@link SectionData} chunks, then {@link SectionEnd}; the FETCH response
   * itself comes last as {@link Received}, with this item among its attributes.
   *
   * @param seq      the message sequence number
   * @param content  which section, its origin and its size
   * @param literal8 whether the server sent a literal8 (the octets may hold NUL, RFC 3516 §4.2)
   * @param earlier  the items of the same FETCH response that came before it (often the UID)
   */
  record SectionBegin(long seq, FetchAttribute.Content content, boolean literal8, List<FetchAttribute> earlier)
      implements ResponseInput {
    /**
     * Checks the values.
     *
     * @param seq      the message sequence number
     * @param content  which section, its origin and its size
     * @param literal8 whether the server sent a literal8
     * @param earlier  the items before it
     */
    public SectionBegin {
      Objects.requireNonNull(content, "content");
      earlier = Checks.list("earlier", earlier);
    }
  }

  /**
   * A chunk of a section's octets: a read-only view of the input (or of the decoder's buffer for a quoted
   * content), valid until the next call to the decoder; copy what you keep.
   *
   * @param bytes the octets
   */
  record SectionData(ByteBuffer bytes) implements ResponseInput {
    /**
     * Requires the bytes.
     *
     * @param bytes the octets
     */
    public SectionData {
      Objects.requireNonNull(bytes, "bytes");
    }
  }

  /** All octets of the current section were delivered. */
  record SectionEnd() implements ResponseInput {}

  /**
   * A response that could not be read: malformed, or over the limits. The decoder skipped it; unless
   * {@code framingLost}, the next unit is the next response. A client engine usually ends the session on either.
   *
   * @param text        what was wrong
   * @param framingLost whether the decoder cannot tell where the next response starts (a literal size that is no
   *                    {@code number64}): the connection must be closed
   */
  record Malformed(String text, boolean framingLost) implements ResponseInput {
    /**
     * Requires the text.
     *
     * @param text        what was wrong
     * @param framingLost whether framing is lost
     */
    public Malformed {
      Objects.requireNonNull(text, "text");
    }
  }
}
