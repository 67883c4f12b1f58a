package dev.missive.message.builder;

import dev.missive.message.codec.TransferEncodings;
import dev.missive.message.header.ContentDisposition;
import dev.missive.message.header.ContentType;
import dev.missive.message.header.HeaderField;
import dev.missive.message.header.Parameters;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.random.RandomGenerator;

/**
 * Writes a {@link Part} as a MIME entity (RFC 2045 §3, RFC 2046 §5.1.1) strictly: CRLF line endings, header
 * fields folded by {@link HeaderField}, a transfer encoding chosen from the content (RFC 2049 §3), and a fresh
 * random boundary per multipart that occurs nowhere in its encoded parts.
 */
final class EntityWriter {

  private static final byte[] CRLF = {'\r', '\n'};
  private final RandomGenerator random;
  private final boolean utf8;

  EntityWriter(RandomGenerator random, boolean utf8) {
    this.random = random;
    this.utf8 = utf8;
  }

  /** The entity's header fields (without the empty line) followed by CRLF, its body. */
  void write(Part part, ByteArrayOutputStream out) {
    if (part instanceof Part.Text t) {
      byte[] data = canonicalText(t.text()).getBytes(StandardCharsets.UTF_8);
      boolean ascii = isAscii(data);
      String cte = TransferEncodings.choose(data, true);
      ContentType type = new ContentType("text", t.subtype(),
          Parameters.of("charset", ascii ? "us-ascii" : "utf-8"));
      leaf(type, cte, null, null, data, out);
    } else if (part instanceof Part.Binary b) {
      int slash = b.mimeType().indexOf('/');
      ContentType type = ContentType.of(b.mimeType().substring(0, slash), b.mimeType().substring(slash + 1));
      ContentDisposition disposition = b.inline()
          ? new ContentDisposition("inline", b.filename() == null ? Parameters.EMPTY
              : Parameters.of("filename", b.filename()))
          : b.filename() == null ? new ContentDisposition("attachment", Parameters.EMPTY)
          : ContentDisposition.attachment(b.filename());
      if (b.filename() != null) {
        type = type.withParameter("name", b.filename());
      }
      leaf(type, TransferEncodings.BASE64, disposition, b.contentId(), b.data(), out);
    } else if (part instanceof Part.EncapsulatedMessage m) {
      String cte = isAscii(m.message()) ? TransferEncodings.SEVEN_BIT : TransferEncodings.EIGHT_BIT;
      field("Content-Type", ContentType.MESSAGE_RFC822.format(), out);
      field("Content-Transfer-Encoding", cte, out);
      out.writeBytes(CRLF);
      out.writeBytes(m.message());
    } else {
      multipart((Part.Multipart) part, out);
    }
  }

  private void multipart(Part.Multipart m, ByteArrayOutputStream out) {
    byte[][] bodies = new byte[m.parts().size()][];
    for (int i = 0; i < bodies.length; i++) {
      ByteArrayOutputStream part = new ByteArrayOutputStream();
      write(m.parts().get(i), part);
      bodies[i] = part.toByteArray();
    }
    String boundary = boundaryNotIn(bodies);
    byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.US_ASCII);
    field("Content-Type", new ContentType("multipart", m.subtype(), Parameters.of("boundary", boundary)).format(),
        out);
    out.writeBytes(CRLF);
    for (int i = 0; i < bodies.length; i++) {
      if (i > 0) {
        out.writeBytes(CRLF);
      }
      out.writeBytes(delimiter);
      out.writeBytes(CRLF);
      out.writeBytes(bodies[i]);
    }
    out.writeBytes(CRLF);
    out.writeBytes(delimiter);
    out.writeBytes(new byte[] {'-', '-', '\r', '\n'});
  }

  private String boundaryNotIn(byte[][] bodies) {
    while (true) {
      byte[] r = new byte[15];
      random.nextBytes(r);
      String boundary = "=_missive_" + HexFormat.of().formatHex(r);
      byte[] b = boundary.getBytes(StandardCharsets.US_ASCII);
      boolean clash = false;
      for (byte[] body : bodies) {
        clash |= indexOf(body, b) >= 0;
      }
      if (!clash) {
        return boundary;
      }
    }
  }

  private void leaf(ContentType type, String cte, ContentDisposition disposition, String contentId, byte[] data,
                    ByteArrayOutputStream out) {
    // with utf8Headers a non-ASCII file name goes out as raw UTF-8 (RFC 6532 §3.2), else in RFC 2231 form
    field("Content-Type", type.type() + "/" + type.subtype() + type.parameters().format(utf8), out);
    field("Content-Transfer-Encoding", cte, out);
    if (disposition != null) {
      field("Content-Disposition", disposition.type() + disposition.parameters().format(utf8), out);
    }
    if (contentId != null) {
      field("Content-ID", "<" + contentId + ">", out);
    }
    out.writeBytes(CRLF);
    out.writeBytes(TransferEncodings.SEVEN_BIT.equals(cte) ? data : TransferEncodings.encode(data, cte));
  }

  void field(String name, String value, ByteArrayOutputStream out) {
    HeaderField f = utf8 ? HeaderField.ofUtf8(name, value) : HeaderField.of(name, value);
    out.writeBytes(f.raw());
    out.writeBytes(CRLF);
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
