package dev.missive.message.tree;

import dev.missive.message.Defect;
import dev.missive.message.DefectKind;
import dev.missive.message.codec.TransferEncodings;
import dev.missive.message.header.HeaderField;
import dev.missive.message.stream.MessageLimits;
import dev.missive.message.stream.ParserOptions;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Rewrites a parsed, possibly damaged entity tree as a canonical message (RFC 5322 §2.1, §2.2; RFC 2045 §2.7–§2.8,
 * §6; RFC 2046 §5.1.1) — the explicit, separate call of docs/architecture.md, "Keep the bytes":
 *
 * <ul>
 *   <li>every line ends in CRLF (bare CR and bare LF become CRLF), except inside a {@code binary} body, which is
 *       kept octet for octet;</li>
 *   <li>header lines that are not fields are dropped; a field written with white space before its colon
 *       (RFC 5322 §4.5), a bare line ending, or a line over 998 octets is rebuilt strictly and folded (its control
 *       characters become spaces); the header ends with an empty line;</li>
 *   <li>multipart delimiters are rewritten exactly ({@code --boundary} without trailing white space) and a
 *       missing close delimiter is added, also to a multipart in which no body part started;</li>
 *   <li>a 7bit or 8bit body with a line over 998 octets is re-encoded as quoted-printable; a base64 or
 *       quoted-printable one is re-encoded in its own encoding; a body that would hold a delimiter line of an
 *       enclosing multipart once its line endings are mended is re-encoded as base64, whose alphabet has no
 *       {@code -}; the Content-Transfer-Encoding field is replaced in place (or added); a body in an unknown
 *       encoding (RFC 2045 §6.4) keeps its lines.</li>
 * </ul>
 *
 * The result must read back as the same tree under the parser's limits, so that canonicalising it again gives the
 * same bytes; where it would not, {@link CanonicalizationException} says why (see there), and the result is
 * checked once more against the tree after parsing.
 */
final class Canonicalizer {

  private static final byte[] CRLF = {'\r', '\n'};
  private static final int MAX_LINE = 998;
  /** Spaces and tabs at either end of a value (RFC 5322 WSP). */
  private static final Pattern AROUND = Pattern.compile("^[ \t]+|[ \t]+$");

  private final MessageLimits limits;
  private final ByteArrayOutputStream out;
  /** The delimiters ("--" boundary) of the multiparts open around what is being written, outermost first. */
  private final List<byte[]> open = new ArrayList<>();
  /** Where in the tree the entity being written is, for messages ("1.2" = second part of the first part). */
  private final List<Integer> path = new ArrayList<>();
  /** The number of fields written for each entity, in {@link Entity#walk()} order, for the final check. */
  private final List<Integer> fieldCounts = new ArrayList<>();

  private Canonicalizer(MessageLimits limits, int sizeHint) {
    this.limits = limits;
    this.out = new ByteArrayOutputStream(sizeHint + 256);
  }

  /**
   * The canonical copy of {@code root}, parsed with {@code options}; throws unless it reads back as the same tree
   * (the same entities, each with the fields written for it).
   */
  static Message canonicalize(Entity root, ParserOptions options) throws CanonicalizationException {
    Canonicalizer c = new Canonicalizer(options.limits(), root.end - root.start);
    c.write(root);
    Message again = Message.parse(c.out.toByteArray(), options);
    List<Entity> before = root.walk();
    List<Entity> after = again.root().walk();
    for (int i = 0; i < Math.max(before.size(), after.size()); i++) {
      if (i >= before.size() || i >= after.size() || !sameShape(before.get(i), after.get(i))
          || after.get(i).header().size() != c.fieldCounts.get(i)) {
        throw new CanonicalizationException("cannot canonicalise the message: its canonical form does not read"
            + " back as the same message (entity " + (i + 1) + " of " + before.size() + ", depth first)");
      }
    }
    return again;
  }

  /**
   * Whether {@code b}, read back, has the structure {@code a} was written with: a multipart's boundary too, which a
   * rebuilt Content-Type field may have changed (its control characters become spaces), leaving the delimiters
   * written with the old one unread; with parts the count tells, without parts only the boundary does.
   */
  private static boolean sameShape(Entity a, Entity b) {
    return a.isMultipart() == b.isMultipart() && Objects.equals(a.boundary, b.boundary)
        && a.parts.size() == b.parts.size()
        && (a.encapsulated == null) == (b.encapsulated == null) && b.skippedFields == 0;
  }

  private void write(Entity e) throws CanonicalizationException {
    if (e.skippedFields > 0) {
      throw failure("the parser skipped " + e.skippedFields + " header field(s) at a limit of MessageLimits; a"
          + " canonical copy would lose them (parse with larger limits first)");
    }
    byte[] body = null;
    String reencodeAs = null;
    if (!e.isMultipart() && e.encapsulated == null && !TransferEncodings.BINARY.equals(e.transferEncoding())) {
      byte[] raw = e.source.copy(e.bodyOffset, e.end);
      byte[] mended = crlf(raw, 0, raw.length);
      body = mended;
      boolean known = TransferEncodings.isKnown(e.transferEncoding());
      if (known && longestLine(body) > MAX_LINE) {
        reencodeAs = TransferEncodings.BASE64.equals(e.transferEncoding())
            ? TransferEncodings.BASE64 : TransferEncodings.QUOTED_PRINTABLE;
        body = TransferEncodings.encode(TransferEncodings.decode(mended, e.transferEncoding()), reencodeAs);
      }
      if (DelimiterLines.anyNew(raw, body, open)) {
        if (!known) {
          throw failure("its body in the unknown transfer encoding '" + e.transferEncoding() + "' would hold a"
              + " delimiter line of an enclosing multipart once its line endings are mended");
        }
        reencodeAs = TransferEncodings.BASE64;
        body = TransferEncodings.encode(TransferEncodings.decode(mended, e.transferEncoding()), reencodeAs);
      }
    }
    writeHeader(e, reencodeAs);
    if (body != null) {
      out.writeBytes(body);
    } else if (e.encapsulated != null) {
      path.add(1);
      write(e.encapsulated);
      path.remove(path.size() - 1);
      writeGap(e.source.copy(e.encapsulated.end, e.end), open, "the text after its encapsulated message");
    } else if (!e.isMultipart()) {
      out.writeBytes(e.source.copy(e.bodyOffset, e.end)); // binary (RFC 2045 §2.9): no lines to mend
    } else {
      writeMultipart(e);
    }
  }

  private void writeHeader(Entity e, String reencodeAs) throws CanonicalizationException {
    List<byte[]> fields = new ArrayList<>(e.header().size() + 1);
    boolean cteWritten = false;
    for (HeaderField f : e.header().fields()) {
      if (f.name().isEmpty()) {
        continue; // a line without a colon is not a field (RFC 5322 §2.2)
      }
      if (reencodeAs != null && f.hasName("Content-Transfer-Encoding")) {
        if (!cteWritten) {
          fields.add(HeaderField.of("Content-Transfer-Encoding", reencodeAs).raw()); // in place of the first
          cteWritten = true;
        }
        continue;
      }
      fields.add(canonicalField(f));
    }
    if (reencodeAs != null && !cteWritten) {
      fields.add(HeaderField.of("Content-Transfer-Encoding", reencodeAs).raw());
    }
    if (fields.size() > limits.maxFieldCount()) {
      throw failure("its canonical header would have " + fields.size() + " fields, more than maxFieldCount "
          + limits.maxFieldCount() + (cteWritten || reencodeAs == null ? ""
              : " (its re-encoded body needs a Content-Transfer-Encoding field)"));
    }
    long blockSize = 0;
    for (byte[] f : fields) {
      if (f.length + CRLF.length > limits.maxFieldLength()) {
        throw failure("a canonical field of " + (f.length + CRLF.length) + " octets would be longer than"
            + " maxFieldLength " + limits.maxFieldLength());
      }
      blockSize += f.length + CRLF.length;
      out.writeBytes(f);
      out.writeBytes(CRLF);
    }
    if (blockSize > limits.maxHeaderBlockSize()) {
      throw failure("its canonical header of " + blockSize + " octets would be larger than maxHeaderBlockSize "
          + limits.maxHeaderBlockSize());
    }
    out.writeBytes(CRLF);
    fieldCounts.add(fields.size());
  }

  /**
   * A multipart: its preamble, each part after its delimiter line, the close delimiter, its epilogue. One in which
   * no body part started (RFC 2046 §5.1.1 asks for at least one) is written the same way: what precedes its first
   * delimiter line is the preamble, that line is rewritten exactly, and what follows it is the epilogue; without a
   * delimiter line its whole body is the preamble and the close delimiter is added. Copied as its octets came, such
   * a body kept the line ending after its close delimiter, to which the enclosing multipart added its own, and left
   * open inside a multipart with the same boundary (which RFC 2046 §5.1.2 forbids) it took the close delimiter added
   * for the enclosing one when parsed again. Its first delimiter line is a close delimiter, or a part over
   * {@code maxParts}, whose line and the rest the parser keeps as the epilogue.
   */
  private void writeMultipart(Entity e) throws CanonicalizationException {
    byte[] delimiter = delimiter(e);
    byte[] preamble = e.preamble();
    byte[] epilogue = e.epilogue();
    boolean close = true;
    String preambleName = "its preamble";
    if (e.parts.isEmpty()) {
      byte[] raw = e.source.copy(e.bodyOffset, e.end);
      int line = DelimiterLines.first(raw, delimiter);
      if (line < 0) {
        preamble = raw;
        preambleName = "its body (no body part started in it)";
      } else {
        int at = e.bodyOffset + line;
        preamble = Gaps.preamble(e.source, e.bodyOffset, at + 1);
        epilogue = Gaps.epilogue(e.source, at, e.end);
        close = line + delimiter.length < raw.length && raw[line + delimiter.length] == '-';
      }
    }
    open.add(delimiter);
    if (preamble.length > 0) {
      writeGap(preamble, open, preambleName);
      out.writeBytes(CRLF);
    }
    for (int i = 0; i < e.parts.size(); i++) {
      out.writeBytes(delimiter);
      out.writeBytes(CRLF);
      path.add(i + 1);
      write(e.parts.get(i));
      path.remove(path.size() - 1);
      out.writeBytes(CRLF);
    }
    out.writeBytes(delimiter);
    if (close) {
      out.write('-');
      out.write('-');
    }
    open.remove(open.size() - 1);
    if (epilogue.length > 0) {
      out.writeBytes(CRLF);
      writeGap(epilogue, open, "its epilogue");
    }
  }

  /**
   * Writes {@code raw} with its line endings mended, which cannot be re-encoded (a preamble, an epilogue, the
   * body of a multipart without parts), refusing if mending makes a line a delimiter of {@code active}.
   */
  private void writeGap(byte[] raw, List<byte[]> active, String what) throws CanonicalizationException {
    byte[] mended = crlf(raw, 0, raw.length);
    if (DelimiterLines.anyNew(raw, mended, active)) {
      throw failure("a line of " + what + " would be a delimiter line of an enclosing multipart once its bare CR"
          + " is made a line break");
    }
    out.writeBytes(mended);
  }

  private static byte[] delimiter(Entity e) {
    return ("--" + e.boundary).getBytes(StandardCharsets.UTF_8);
  }

  private CanonicalizationException failure(String reason) {
    StringBuilder where = new StringBuilder(path.isEmpty() ? "the message" : "entity ");
    for (int i = 0; i < path.size(); i++) {
      where.append(i == 0 ? "" : ".").append(path.get(i));
    }
    return new CanonicalizationException("cannot canonicalise " + where + ": " + reason);
  }

  /** The field's raw bytes when canonical, else the field made again strictly from its unfolded value. */
  private static byte[] canonicalField(HeaderField f) {
    byte[] raw = f.raw();
    List<Defect> defects = new ArrayList<>();
    HeaderField.parse(raw, defects);
    boolean obsolete = defects.stream().anyMatch(d -> d.kind() == DefectKind.WHITESPACE_BEFORE_COLON);
    return !obsolete && isCanonical(raw) ? raw : rebuilt(f).raw();
  }

  /**
   * The field made again strictly from its unfolded value; UTF-8 kept as UTF-8 (RFC 6532 §3.2). A control character
   * at either end becomes white space, which is dropped as {@link HeaderField#of} drops it, also when the value
   * cannot be folded: written there, it would be trimmed the next time, and canonicalising again would change it.
   */
  private static HeaderField rebuilt(HeaderField f) {
    String value = AROUND.matcher(controlsToSpaces(f.unfoldedValue())).replaceAll("");
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
    ByteArrayOutputStream mended = new ByteArrayOutputStream(to - from + 16);
    int copied = from;
    for (int i = from; i < to; i++) {
      byte b = s[i];
      if (b == '\r' && i + 1 < to && s[i + 1] == '\n') {
        i++;
      } else if (b == '\r' || b == '\n') {
        mended.write(s, copied, i - copied);
        mended.writeBytes(CRLF);
        copied = i + 1;
      }
    }
    mended.write(s, copied, to - copied);
    return mended.toByteArray();
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
