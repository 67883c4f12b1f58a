package dev.missive.message.builder;

import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A body the {@link MessageBuilder} writes (RFC 2045 §2.4 entity bodies, RFC 2046 media types): text, an
 * attachment or inline resource, a multipart of other parts (RFC 2046 §5.1, RFC 2387 related), an
 * encapsulated message (RFC 2046 §5.2.1), a report (RFC 6522) or octets written as they are ({@link Unencoded}: the
 * status part of a report, a returned header). Strings that end up in header fields (file names, content ids, media
 * types) are checked when the part is made: CR, LF, NUL, NEL, U+2028 and U+2029 are refused.
 */
public sealed interface Part {

  /**
   * Text in UTF-8 (RFC 2046 §4.1): line breaks ({@code \n}, {@code \r\n} or {@code \r}) are written as CRLF.
   *
   * @param subtype {@code plain} or {@code html} (or another text subtype)
   * @param text    the text
   */
  record Text(String subtype, String text) implements Part {
    /**
     * Checks the subtype and requires the text.
     *
     * @param subtype {@code plain} or {@code html} (or another text subtype)
     * @param text    the text
     */
    public Text {
      HeaderValues.requireToken("text subtype", subtype);
      Objects.requireNonNull(text, "text");
    }
  }

  /**
   * Text octets in a given charset, from a file, a stream or an array (RFC 2046 §4.1), streamed into the message:
   * written as quoted-printable (RFC 2045 §6.7), whatever the content, since it is not read ahead, with every line
   * break ({@code \n}, {@code \r\n} or {@code \r}) written as CRLF (RFC 2046 §4.1.1).
   *
   * @param subtype {@code plain} or {@code html} (or another text subtype)
   * @param content the text's octets
   * @param charset their charset, which must write US-ASCII as US-ASCII (UTF-8, ISO-8859-x, windows-125x, …; not
   *                UTF-16, whose line breaks are not the octets CR LF)
   */
  record TextContent(String subtype, Content content, Charset charset) implements Part {
    /**
     * Checks the subtype and the charset.
     *
     * @param subtype {@code plain} or {@code html} (or another text subtype)
     * @param content the text's octets
     * @param charset their charset, which must write US-ASCII as US-ASCII
     */
    public TextContent {
      HeaderValues.requireToken("text subtype", subtype);
      Objects.requireNonNull(content, "content");
      HeaderValues.requireAsciiCompatible(charset);
    }
  }

  /**
   * Octets of a media type, written in base64 (RFC 2045 §6.8) with a Content-Disposition (RFC 2183); content from
   * a file or a stream is streamed, never read whole.
   *
   * @param mimeType  {@code type/subtype}
   * @param content   the content
   * @param filename  the file name, or {@code null}; non-ASCII names are written in RFC 2231 form, or as raw
   *                  UTF-8 with {@link MessageBuilder#utf8Headers(boolean)} (RFC 6532 §3.2)
   * @param inline    whether the disposition is {@code inline} rather than {@code attachment}
   * @param contentId the Content-ID without angle brackets (RFC 2392, for {@code cid:} references), or {@code null}
   */
  record Binary(String mimeType, Content content, String filename, boolean inline, String contentId)
      implements Part {
    /**
     * Checks every value that becomes part of a header field.
     *
     * @param mimeType  {@code type/subtype}
     * @param content   the content
     * @param filename  the file name, or {@code null}; non-ASCII names are written in RFC 2231 form, or as raw
     *                  UTF-8 with {@link MessageBuilder#utf8Headers(boolean)} (RFC 6532 §3.2)
     * @param inline    whether the disposition is {@code inline} rather than {@code attachment}
     * @param contentId the Content-ID without angle brackets (RFC 2392, for {@code cid:} references), or
     *                  {@code null}
     */
    public Binary {
      HeaderValues.requireMimeType(mimeType);
      Objects.requireNonNull(content, "content");
      if (filename != null) {
        HeaderValues.requireSafe("filename", filename);
      }
      if (contentId != null) {
        HeaderValues.requireMsgIdContent("content id", contentId);
      }
    }

    /**
     * Octets held in memory, as {@link Content#of(byte[])}.
     *
     * @param mimeType  {@code type/subtype}
     * @param data      the content (not copied)
     * @param filename  the file name, or {@code null}
     * @param inline    whether the disposition is {@code inline} rather than {@code attachment}
     * @param contentId the Content-ID without angle brackets, or {@code null}
     */
    public Binary(String mimeType, byte[] data, String filename, boolean inline, String contentId) {
      this(mimeType, Content.of(data), filename, inline, contentId);
    }
  }

  /**
   * A multipart of other parts (RFC 2046 §5.1): {@code mixed}, {@code alternative} (RFC 2046 §5.1.4, the
   * preferred version last), {@code related} (RFC 2387) or another subtype.
   *
   * @param subtype the multipart subtype
   * @param parts   at least one part
   */
  record Multipart(String subtype, List<Part> parts) implements Part {
    /**
     * Checks the subtype and requires at least one part.
     *
     * @param subtype the multipart subtype
     * @param parts   at least one part
     */
    public Multipart {
      HeaderValues.requireToken("multipart subtype", subtype);
      parts = List.copyOf(parts);
      if (parts.isEmpty()) {
        throw new IllegalArgumentException("a multipart needs at least one part (RFC 2046 §5.1.1)");
      }
    }
  }

  /**
   * An encapsulated message (RFC 2046 §5.2.1), written as 7bit or 8bit (never base64 or quoted-printable).
   *
   * @param message the whole message; CRLF line endings and lines of at most 998 octets are required
   */
  record EncapsulatedMessage(byte[] message) implements Part {
    /**
     * Checks that the message can be written as it is.
     *
     * @param message the whole message; CRLF line endings and lines of at most 998 octets are required
     */
    public EncapsulatedMessage {
      Objects.requireNonNull(message, "message");
      HeaderValues.requireCanonicalLines("encapsulated message", message);
    }
  }

  /**
   * Octets of a media type written as they are, 7bit or 8bit, never base64 or quoted-printable: the machine-readable
   * part of a report, such as {@code message/delivery-status} (RFC 3464 §2.1, which must stay 7bit to remain
   * readable) or {@code message/global-delivery-status} (RFC 6533 §6.2, 8bit), a returned header
   * ({@code text/rfc822-headers}, RFC 6522 §4; {@code message/global-headers}, RFC 6533 §6.4) or a returned message
   * with UTF-8 header fields ({@code message/global}, RFC 6532 §3.7).
   *
   * @param mimeType {@code type/subtype}, not a multipart
   * @param content  the octets; CRLF line endings and lines of at most 998 octets are required, and US-ASCII for
   *                 {@code message/delivery-status}
   */
  record Unencoded(String mimeType, byte[] content) implements Part {
    /**
     * Checks that the content can be written as it is.
     *
     * @param mimeType {@code type/subtype}, not a multipart
     * @param content  the octets; CRLF line endings and lines of at most 998 octets
     */
    public Unencoded {
      HeaderValues.requireMimeType(mimeType);
      if (mimeType.toLowerCase(Locale.ROOT).startsWith("multipart/")) {
        throw new IllegalArgumentException("a multipart is written from its parts (Part.Multipart, Part.Report)");
      }
      Objects.requireNonNull(content, "content");
      HeaderValues.requireCanonicalLines(mimeType, content);
      if (mimeType.equalsIgnoreCase("message/delivery-status")) {
        for (byte b : content) {
          if (b < 0) {
            throw new IllegalArgumentException("message/delivery-status is 7bit (RFC 3464 §2.1); "
                + "use message/global-delivery-status (RFC 6533) for UTF-8");
          }
        }
      }
    }
  }

  /**
   * A report (RFC 6522 §3): {@code multipart/report} with its {@code report-type} parameter, made of a part for
   * people, the machine-readable part whose media type is {@code message/} and the report type (RFC 6522 §3: "MUST
   * be the one named by report-type"), and the returned message or a part of it, if any.
   *
   * @param reportType the {@code report-type}, such as {@code delivery-status} (RFC 3464) or
   *                   {@code global-delivery-status} (RFC 6533)
   * @param human      the human-readable part, such as text
   * @param status     the machine-readable part, of media type {@code message/<reportType>}
   * @param returned   the returned message ({@link EncapsulatedMessage}, {@code message/global}) or header
   *                   ({@code text/rfc822-headers}, {@code message/global-headers}), if any
   */
  record Report(String reportType, Part human, Unencoded status, Optional<Part> returned) implements Part {
    /**
     * Checks the report type against the status part's media type.
     *
     * @param reportType the {@code report-type}
     * @param human      the human-readable part
     * @param status     the machine-readable part, of media type {@code message/<reportType>}
     * @param returned   the returned message or header, if any
     */
    public Report {
      HeaderValues.requireToken("report type", reportType);
      Objects.requireNonNull(human, "human");
      Objects.requireNonNull(status, "status");
      Objects.requireNonNull(returned, "returned");
      if (!status.mimeType().equalsIgnoreCase("message/" + reportType)) {
        throw new IllegalArgumentException("the status part of a report-type=" + reportType + " report is message/"
            + reportType + ", not " + status.mimeType() + " (RFC 6522 §3)");
      }
    }

    /** {@return the parts in their order: human, status, then the returned one if any} */
    public List<Part> parts() {
      return returned.isEmpty() ? List.of(human, status) : List.of(human, status, returned.get());
    }
  }

  /**
   * text/plain.
   *
   * @param text the text
   * @return the part
   */
  static Part text(String text) {
    return new Text("plain", text);
  }

  /**
   * text/html.
   *
   * @param html the HTML
   * @return the part
   */
  static Part html(String html) {
    return new Text("html", html);
  }

  /**
   * multipart/alternative, the plainest version first (RFC 2046 §5.1.4).
   *
   * @param parts the versions, plainest first
   * @return the part
   */
  static Part alternative(Part... parts) {
    return new Multipart("alternative", List.of(parts));
  }

  /**
   * multipart/mixed (RFC 2046 §5.1.3).
   *
   * @param parts the parts
   * @return the part
   */
  static Part mixed(Part... parts) {
    return new Multipart("mixed", List.of(parts));
  }

  /**
   * multipart/related (RFC 2387): the root first, then the resources it references.
   *
   * @param parts the root part first, then the parts it refers to
   * @return the part
   */
  static Part related(Part... parts) {
    return new Multipart("related", List.of(parts));
  }

  /**
   * Text from a file in the given charset, streamed (see {@link TextContent}).
   *
   * @param file    the text file
   * @param charset its charset (ASCII-compatible: UTF-8, ISO-8859-1, …)
   * @return the text/plain part
   */
  static Part text(Path file, Charset charset) {
    return new TextContent("plain", Content.of(file), charset);
  }

  /**
   * HTML from a file in the given charset, streamed (see {@link TextContent}).
   *
   * @param file    the HTML file
   * @param charset its charset (ASCII-compatible: UTF-8, ISO-8859-1, …)
   * @return the text/html part
   */
  static Part html(Path file, Charset charset) {
    return new TextContent("html", Content.of(file), charset);
  }

  /**
   * An attachment with a file name.
   *
   * @param filename the file name
   * @param mimeType the media type, such as {@code application/pdf}
   * @param data     the content
   * @return the part
   */
  static Part attachment(String filename, String mimeType, byte[] data) {
    return new Binary(mimeType, data, Objects.requireNonNull(filename, "filename"), false, null);
  }

  /**
   * An attachment read from a file when the message is written, streamed; its file name is the file's.
   *
   * @param file     the file
   * @param mimeType the media type, such as {@code application/pdf}
   * @return the part
   */
  static Part attachment(Path file, String mimeType) {
    Content content = Content.of(file);
    return new Binary(mimeType, content, file.getFileName().toString(), false, null);
  }

  /**
   * An attachment read from a stream when the message is written, streamed; the message can then be written once.
   *
   * @param filename the file name
   * @param mimeType the media type, such as {@code application/pdf}
   * @param in       the content (not closed by the builder)
   * @return the part
   */
  static Part attachment(String filename, String mimeType, InputStream in) {
    return new Binary(mimeType, Content.of(in), Objects.requireNonNull(filename, "filename"), false, null);
  }

  /**
   * An inline image referenced as {@code cid:contentId} from HTML (RFC 2392).
   *
   * @param contentId the Content-ID, without angle brackets
   * @param mimeType  the media type, such as {@code image/png}
   * @param data      the image
   * @return the part
   */
  static Part inlineImage(String contentId, String mimeType, byte[] data) {
    return new Binary(mimeType, data, null, true, Objects.requireNonNull(contentId, "contentId"));
  }

  /**
   * message/rfc822.
   *
   * @param message the encapsulated message, with CRLF line endings
   * @return the part
   */
  static Part message(byte[] message) {
    return new EncapsulatedMessage(message);
  }
}
