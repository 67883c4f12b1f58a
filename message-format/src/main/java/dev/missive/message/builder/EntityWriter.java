package dev.missive.message.builder;

import dev.missive.message.codec.EncodingOutputStream;
import dev.missive.message.codec.TransferEncodings;
import dev.missive.message.header.ContentDisposition;
import dev.missive.message.header.ContentType;
import dev.missive.message.header.HeaderField;
import dev.missive.message.header.Parameters;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.random.RandomGenerator;

/**
 * Writes a {@link Part} as a MIME entity (RFC 2045 §3, RFC 2046 §5.1.1) strictly, streamed to an
 * {@link OutputStream}: CRLF line endings, header fields folded by {@link HeaderField}, a transfer encoding chosen
 * from the content of text held in memory (RFC 2049 §3), base64 or quoted-printable for content streamed from a
 * file or a stream, and a fresh random boundary per multipart.
 *
 * <p>A boundary is {@code =_missive_} and 30 hex digits. Base64 and quoted-printable output can never hold
 * {@code =_} (base64 has no {@code _}, quoted-printable writes {@code =} only before two hex digits or a line
 * break), so only what is written as it is — text in 7bit or 8bit, encapsulated messages and {@link Part.Unencoded}
 * octets, all held in memory —
 * is searched for the boundary, and the boundaries of the enclosing multiparts are never reused.
 */
final class EntityWriter {

  private static final byte[] CRLF = {'\r', '\n'};
  private final RandomGenerator random;
  private final boolean utf8;
  private final List<String> open = new ArrayList<>();

  EntityWriter(RandomGenerator random, boolean utf8) {
    this.random = random;
    this.utf8 = utf8;
  }

  /** The entity's header fields (without the empty line) followed by CRLF, its body. */
  void write(Part part, OutputStream out) throws IOException {
    if (part instanceof Part.Text t) {
      byte[] data = canonicalText(t.text()).getBytes(StandardCharsets.UTF_8);
      String cte = TransferEncodings.choose(data, true);
      ContentType type = new ContentType("text", t.subtype(),
          Parameters.of("charset", isAscii(data) ? "us-ascii" : "utf-8"));
      header(type, cte, null, null, out);
      if (TransferEncodings.SEVEN_BIT.equals(cte) || TransferEncodings.EIGHT_BIT.equals(cte)) {
        out.write(data);
      } else {
        encoded(new java.io.ByteArrayInputStream(data), cte, false, out);
      }
    } else if (part instanceof Part.TextContent t) {
      ContentType type = new ContentType("text", t.subtype(),
          Parameters.of("charset", t.charset().name().toLowerCase(Locale.ROOT)));
      header(type, TransferEncodings.QUOTED_PRINTABLE, null, null, out);
      try (InputStream in = t.content().open()) {
        encoded(in, TransferEncodings.QUOTED_PRINTABLE, true, out);
      }
    } else if (part instanceof Part.Binary b) {
      binary(b, out);
    } else if (part instanceof Part.EncapsulatedMessage m) {
      unencoded(ContentType.MESSAGE_RFC822.format(), m.message(), out);
    } else if (part instanceof Part.Unencoded u) {
      unencoded(u.mimeType(), u.content(), out);
    } else if (part instanceof Part.Report r) {
      multipart(part, "report", Parameters.of("report-type", r.reportType()), r.parts(), out);
    } else {
      Part.Multipart m = (Part.Multipart) part;
      multipart(part, m.subtype(), Parameters.EMPTY, m.parts(), out);
    }
  }

  /** Octets written as they are, with the transfer encoding that says what they hold (RFC 2045 §6.2). */
  private void unencoded(String contentType, byte[] content, OutputStream out) throws IOException {
    field("Content-Type", contentType, out);
    field("Content-Transfer-Encoding", isAscii(content) ? TransferEncodings.SEVEN_BIT : TransferEncodings.EIGHT_BIT,
        out);
    out.write(CRLF);
    out.write(content);
  }

  private void binary(Part.Binary b, OutputStream out) throws IOException {
    int slash = b.mimeType().indexOf('/');
    ContentType type = ContentType.of(b.mimeType().substring(0, slash), b.mimeType().substring(slash + 1));
    Parameters filename = b.filename() == null ? Parameters.EMPTY : Parameters.of("filename", b.filename());
    ContentDisposition disposition = new ContentDisposition(b.inline() ? "inline" : "attachment", filename);
    if (b.filename() != null) {
      type = type.withParameter("name", b.filename());
    }
    header(type, TransferEncodings.BASE64, disposition, b.contentId(), out);
    try (InputStream in = b.content().open()) {
      encoded(in, TransferEncodings.BASE64, false, out);
    }
  }

  /** Streams {@code in} through the transfer encoding (line breaks made CRLF first for text). */
  private static void encoded(InputStream in, String cte, boolean text, OutputStream out) throws IOException {
    EncodingOutputStream encoder = new EncodingOutputStream(out, cte); // finished, never closed: the message goes on
    if (text) {
      CrlfOutputStream lines = new CrlfOutputStream(encoder);
      in.transferTo(lines);
      lines.finish();
    } else {
      in.transferTo(encoder);
    }
    encoder.finish();
  }

  private void multipart(Part m, String subtype, Parameters parameters, List<Part> parts, OutputStream out)
      throws IOException {
    String boundary = boundaryFor(m);
    byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.US_ASCII);
    field("Content-Type", new ContentType("multipart", subtype, parameters.with("boundary", boundary)).format(),
        out);
    out.write(CRLF);
    open.add(boundary);
    for (int i = 0; i < parts.size(); i++) {
      if (i > 0) {
        out.write(CRLF);
      }
      out.write(delimiter);
      out.write(CRLF);
      write(parts.get(i), out);
    }
    open.remove(open.size() - 1);
    out.write(CRLF);
    out.write(delimiter);
    out.write(new byte[] {'-', '-', '\r', '\n'});
  }

  /** A random boundary found in none of the octets below {@code m} written as they are, and not already open. */
  private String boundaryFor(Part m) {
    List<byte[]> verbatim = new ArrayList<>();
    collectVerbatim(m, verbatim);
    while (true) {
      byte[] r = new byte[15];
      random.nextBytes(r);
      String boundary = "=_missive_" + HexFormat.of().formatHex(r);
      byte[] b = boundary.getBytes(StandardCharsets.US_ASCII);
      boolean clash = open.contains(boundary);
      for (byte[] octets : verbatim) {
        clash |= indexOf(octets, b) >= 0;
      }
      if (!clash) {
        return boundary;
      }
    }
  }

  /** The in-memory octets below {@code part} that may be written without a transfer encoding. */
  private static void collectVerbatim(Part part, List<byte[]> into) {
    if (part instanceof Part.Text t) {
      into.add(canonicalText(t.text()).getBytes(StandardCharsets.UTF_8));
    } else if (part instanceof Part.EncapsulatedMessage m) {
      into.add(m.message());
    } else if (part instanceof Part.Unencoded u) {
      into.add(u.content());
    } else if (part instanceof Part.Multipart m) {
      m.parts().forEach(p -> collectVerbatim(p, into));
    } else if (part instanceof Part.Report r) {
      r.parts().forEach(p -> collectVerbatim(p, into));
    }
  }

  private void header(ContentType type, String cte, ContentDisposition disposition, String contentId,
                      OutputStream out) throws IOException {
    // with utf8Headers a non-ASCII file name goes out as raw UTF-8 (RFC 6532 §3.2), else in RFC 2231 form
    field("Content-Type", type.type() + "/" + type.subtype() + type.parameters().format(utf8), out);
    field("Content-Transfer-Encoding", cte, out);
    if (disposition != null) {
      field("Content-Disposition", disposition.type() + disposition.parameters().format(utf8), out);
    }
    if (contentId != null) {
      field("Content-ID", "<" + contentId + ">", out);
    }
    out.write(CRLF);
  }

  void field(String name, String value, OutputStream out) throws IOException {
    HeaderField f = utf8 ? HeaderField.ofUtf8(name, value) : HeaderField.of(name, value);
    out.write(f.raw());
    out.write(CRLF);
  }

  /** Every line break as CRLF (RFC 2046 §4.1.1). */
  static String canonicalText(String text) {
    StringBuilder b = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\r') {
        if (i + 1 < text.length() && text.charAt(i + 1) == '\n') {
          i++;
        }
        b.append("\r\n");
      } else if (c == '\n') {
        b.append("\r\n");
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }

  private static boolean isAscii(byte[] data) {
    for (byte b : data) {
      if (b < 0) {
        return false;
      }
    }
    return true;
  }

  static int indexOf(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
