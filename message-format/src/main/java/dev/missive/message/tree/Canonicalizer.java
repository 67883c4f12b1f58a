package dev.missive.message.tree;

import dev.missive.message.Defect;
import dev.missive.message.DefectKind;
import dev.missive.message.codec.TransferEncodings;
import dev.missive.message.header.HeaderField;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Rewrites a parsed, possibly damaged entity tree as a canonical message (RFC 5322 §2.1, §2.2; RFC 2045 §2.7–§2.8,
 * §6; RFC 2046 §5.1.1) — the explicit, separate call of DESIGN.md "Keep the bytes":
 *
 * <ul>
 *   <li>every line ends in CRLF (bare CR and bare LF become CRLF), except inside a {@code binary} body, which is
 *       kept octet for octet;</li>
 *   <li>header lines that are not fields are dropped; a field written with white space before its colon
 *       (RFC 5322 §4.5), a bare line ending, or a line over 998 octets is rebuilt strictly and folded (its control
 *       characters become spaces); the header ends with an empty line;</li>
 *   <li>multipart delimiters are rewritten exactly ({@code --boundary} without trailing white space) and a
 *       missing close delimiter is added;</li>
 *   <li>a 7bit or 8bit body with a line over 998 octets is re-encoded as quoted-printable (its
 *       Content-Transfer-Encoding field replaced); a base64 or quoted-printable one is re-encoded in its own
 *       encoding; a body in an unknown encoding (RFC 2045 §6.4) keeps its lines.</li>
 * </ul>
 *
 * Fields and bodies that are already canonical are copied unchanged, so canonicalising twice gives the same bytes.
 */
final class Canonicalizer {

  private static final byte[] CRLF = {'\r', '\n'};
  private static final int MAX_LINE = 998;

  private Canonicalizer() {
  }

  static byte[] canonicalize(Entity root) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(root.end - root.start + 256);
    write(root, out);
    return out.toByteArray();
  }

  private static void write(Entity e, ByteArrayOutputStream out) {
    byte[] body = null;
    String reencodeAs = null;
    if (!e.isMultipart() && e.encapsulated == null && !TransferEncodings.BINARY.equals(e.transferEncoding())) {
      body = crlf(e.source, e.bodyOffset, e.end);
      if (longestLine(body) > MAX_LINE && TransferEncodings.isKnown(e.transferEncoding())) {
        reencodeAs = TransferEncodings.BASE64.equals(e.transferEncoding())
            ? TransferEncodings.BASE64 : TransferEncodings.QUOTED_PRINTABLE;
        body = TransferEncodings.encode(TransferEncodings.decode(body, e.transferEncoding()), reencodeAs);
      }
    }
    for (HeaderField f : e.header().fields()) {
      if (reencodeAs != null && f.hasName("Content-Transfer-Encoding")) {
        continue;
      }
      writeField(f, out);
    }
    if (reencodeAs != null) {
      writeField(HeaderField.of("Content-Transfer-Encoding", reencodeAs), out);
    }
    out.writeBytes(CRLF);
    if (body != null) {
      out.writeBytes(body);
    } else if (e.encapsulated != null) {
      write(e.encapsulated, out);
      out.writeBytes(crlf(e.source, e.encapsulated.end, e.end));
    } else if (!e.isMultipart()) {
      out.write(e.source, e.bodyOffset, e.end - e.bodyOffset); // binary (RFC 2045 §2.9): no lines to mend
    } else if (e.parts.isEmpty()) {
      out.writeBytes(crlf(e.source, e.bodyOffset, e.end)); // no delimiter was found: nothing to rebuild
    } else {
      writeMultipart(e, out);
    }
  }

  private static void writeMultipart(Entity e, ByteArrayOutputStream out) {
    byte[] delimiter = ("--" + e.boundary).getBytes(StandardCharsets.US_ASCII);
    byte[] preamble = e.preamble();
    if (preamble.length > 0) {
      out.writeBytes(crlf(preamble, 0, preamble.length));
      out.writeBytes(CRLF);
    }
    for (Entity part : e.parts) {
      out.writeBytes(delimiter);
      out.writeBytes(CRLF);
      write(part, out);
      out.writeBytes(CRLF);
    }
    out.writeBytes(delimiter);
    out.write('-');
    out.write('-');
    byte[] epilogue = e.epilogue();
    if (epilogue.length > 0) {
      out.writeBytes(CRLF);
      out.writeBytes(crlf(epilogue, 0, epilogue.length));
    }
  }

  private static void writeField(HeaderField f, ByteArrayOutputStream out) {
    if (f.name().isEmpty()) {
      return; // a line without a colon is not a field (RFC 5322 §2.2)
    }
    byte[] raw = f.raw();
    List<Defect> defects = new ArrayList<>();
    HeaderField.parse(raw, defects);
    boolean obsolete = defects.stream().anyMatch(d -> d.kind() == DefectKind.WHITESPACE_BEFORE_COLON);
    if (!obsolete && isCanonical(raw)) {
      out.writeBytes(raw);
    } else {
      out.writeBytes(rebuilt(f).raw());
    }
    out.writeBytes(CRLF);
  }

  /** The field made again strictly from its unfolded value; UTF-8 kept as UTF-8 (RFC 6532 §3.2). */
  private static HeaderField rebuilt(HeaderField f) {
    String value = controlsToSpaces(f.unfoldedValue());
    boolean ascii = value.chars().allMatch(c -> c < 0x80);
    try {
      return ascii ? HeaderField.of(f.name(), value) : HeaderField.ofUtf8(f.name(), value);
    } catch (IllegalArgumentException unfoldable) {
      // a single word over 998 octets: keep it on one line rather than lose it
      return HeaderField.parse((f.name() + ": " + value).getBytes(StandardCharsets.UTF_8), new ArrayList<>());
    }
  }

  private static String controlsToSpaces(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean control = c < 0x20 && c != '\t' || c == 0x7f || c == 0x85 || c == '\u2028' || c == '\u2029';
      b.append(control ? ' ' : c);
    }
    return b.toString();
  }

  /** Every line break is CRLF followed by white space (a fold) and no line is over 998 octets. */
  private static boolean isCanonical(byte[] raw) {
    int line = 0;
    for (int i = 0; i < raw.length; i++) {
      byte b = raw[i];
      if (b == '\r' || b == '\n') {
        boolean fold = b == '\r' && i + 2 < raw.length && raw[i + 1] == '\n'
            && (raw[i + 2] == ' ' || raw[i + 2] == '\t');
        if (!fold) {
          return false;
        }
        i++;
        line = 0;
      } else if (++line > MAX_LINE) {
        return false;
      }
    }
    return true;
  }

  /** {@code s[from, to)} with every bare CR, bare LF and CRLF written as CRLF. */
  static byte[] crlf(byte[] s, int from, int to) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(to - from + 16);
    int copied = from;
    for (int i = from; i < to; i++) {
      byte b = s[i];
      if (b == '\r' && i + 1 < to && s[i + 1] == '\n') {
        i++;
      } else if (b == '\r' || b == '\n') {
        out.write(s, copied, i - copied);
        out.writeBytes(CRLF);
        copied = i + 1;
      }
    }
    out.write(s, copied, to - copied);
    return out.toByteArray();
  }

  /** The length of the longest line of CRLF-canonical {@code s}, line ending excluded. */
  private static int longestLine(byte[] s) {
    int longest = 0;
    int start = 0;
    for (int i = 0; i < s.length; i++) {
      if (s[i] == '\n') {
        longest = Math.max(longest, i - 1 - start);
        start = i + 1;
      }
    }
    return Math.max(longest, s.length - start);
  }
}
