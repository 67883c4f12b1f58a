package dev.missive.message.header;

import dev.missive.message.Defect;
import dev.missive.message.DefectKind;
import dev.missive.message.internal.ScannedFields;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One header field as it was on the wire (RFC 5322 §2.2): its raw bytes are kept exactly (folding included, the
 * final line ending excluded), with unfolded (§2.2.3) and decoded (RFC 2047) views of its value.
 *
 * <p>{@link #parse} is lenient and total: a missing colon, white space before the colon (the obsolete syntax of
 * RFC 5322 §4.5) or an illegal name character is recorded as a defect. {@link #of} is strict and for fields the
 * caller creates: CR, LF, NUL, NEL, U+2028 and U+2029 are refused and the field is folded when made.
 * Instances are immutable.
 */
public final class HeaderField {

  static {
    ScannedFields.<HeaderField>register(HeaderField::scanned);
  }

  private final byte[] raw;
  private final String name;
  private final int valueStart;
  private final boolean latin1;
  private String unfolded;
  private String decoded;

  private HeaderField(byte[] raw, String name, int valueStart, boolean latin1) {
    this.raw = raw;
    this.name = name;
    this.valueStart = valueStart;
    this.latin1 = latin1;
  }

  /**
   * Reads one field leniently (RFC 5322 §2.2, §4.5; RFC 6532).
   *
   * @param raw     the field's bytes including folded continuation lines, without the terminating line ending
   *                (copied)
   * @param defects receives MALFORMED_HEADER_FIELD, WHITESPACE_BEFORE_COLON or EIGHT_BIT_HEADER defects
   * @return the field; without a colon its name is empty and its value is the whole text
   */
  public static HeaderField parse(byte[] raw, List<Defect> defects) {
    return parse(raw, 0, raw.length, defects);
  }

  /**
   * Reads one field from {@code len} bytes of {@code buf} at {@code off}, as {@link #parse(byte[], List)}.
   *
   * @param buf     the bytes
   * @param off     where the field starts
   * @param len     the field's length, without the terminating line ending
   * @param defects receives the field's defects
   * @return the field
   */
  public static HeaderField parse(byte[] buf, int off, int len, List<Defect> defects) {
    byte[] raw = Arrays.copyOfRange(buf, off, off + len);
    int colon = 0;
    int nameEnd = 0; // just past the last octet before the colon that is not white space or a line ending
    boolean nameChars = true; // whether every octet up to nameEnd is a field-name character (RFC 5322 §3.6.8)
    for (byte b; colon < raw.length && (b = raw[colon]) != ':'; colon++) {
      if (!isWspOrLineEnd(b)) {
        nameChars &= b >= 33 && b <= 126 && nameEnd == colon;
        nameEnd = colon + 1;
      }
    }
    if (colon == raw.length) {
      defects.add(new Defect(DefectKind.MALFORMED_HEADER_FIELD, "header line without a colon: "
          + HeaderChars.excerpt(new String(raw, StandardCharsets.ISO_8859_1))));
      return new HeaderField(raw, "", 0, !isUtf8Value(raw, 0, defects));
    }
    String name = FieldNames.of(raw, 0, nameEnd);
    if (nameEnd < colon) {
      defects.add(new Defect(DefectKind.WHITESPACE_BEFORE_COLON,
          "white space between field name and colon (RFC 5322 §4.5): " + HeaderChars.excerpt(name)));
    }
    if (nameEnd == 0 || !nameChars) {
      defects.add(new Defect(DefectKind.MALFORMED_HEADER_FIELD,
          "illegal field name (RFC 5322 §3.6.8): " + HeaderChars.excerpt(name)));
    }
    return new HeaderField(raw, name, colon + 1, !isUtf8Value(raw, colon + 1, defects));
  }

  /**
   * As {@link #parse(byte[], int, int, List)}, for a field whose octets the streaming parser has already read: with a
   * colon after a well-formed name the name is not read again, and an all US-ASCII field needs no UTF-8 check.
   */
  private static HeaderField scanned(byte[] buf, int off, int len, int colon, boolean ascii, List<Defect> defects) {
    if (colon <= 0 || colon >= len || buf[off + colon] != ':') {
      return parse(buf, off, len, defects);
    }
    byte[] raw = Arrays.copyOfRange(buf, off, off + len);
    return new HeaderField(raw, FieldNames.of(raw, 0, colon), colon + 1,
        !ascii && !isUtf8Value(raw, colon + 1, defects));
  }

  /**
   * Makes a field strictly; in a value with non-ASCII or control characters, the words that are not plain ASCII are
   * written as
   * RFC 2047 encoded words in UTF-8 (unstructured text, RFC 2047 §5 (1)); an ASCII value is written as given. The
   * result is folded at white space into lines of at most 76 characters where the words allow. White space around
   * the value is dropped.
   * Structured values (addresses, parameters) must be formatted by their own formatter first. The field has at
   * most {@code name.length() + 5 + 78 * value.length()} octets (each encoded word holds at least one character
   * and is at most 75 long, each fold or word separator adds at most 3).
   *
   * @param name  the field name
   * @param value the unstructured value, or a structured one already formatted
   * @return the field
   * @throws IllegalArgumentException for an illegal name, a CR, LF, NUL, NEL, U+2028 or U+2029 in the value, or
   *                                  a value that cannot be folded into lines of at most 998 octets
   */
  public static HeaderField of(String name, String value) {
    checkName(name);
    value = trimWsp(HeaderChars.requireSafe("header value", value));
    String folded = isPrintableAscii(value)
        ? Folding.fold(value, name.length() + 2)
        : UnstructuredText.write(value, StandardCharsets.UTF_8, name.length() + 2);
    return made(name, folded);
  }

  /**
   * Makes a field strictly whose value is written as raw UTF-8 (RFC 6532 §3), for messages sent with SMTPUTF8;
   * folded at white space; at most {@code name.length() + 2 + 3 * value.length()} octets.
   *
   * @param name  the field name
   * @param value the value, written as UTF-8
   * @return the field
   * @throws IllegalArgumentException as {@link #of}
   */
  public static HeaderField ofUtf8(String name, String value) {
    checkName(name);
    value = trimWsp(HeaderChars.requireSafe("header value", value));
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 && c != '\t' || c == 0x7f) {
        throw new IllegalArgumentException("control character in header value at index " + i);
      }
    }
    return made(name, Folding.fold(value, name.length() + 2));
  }

  /** Printable US-ASCII and white space only: what a field body may hold as written (RFC 5322 §2.2). */
  private static boolean isPrintableAscii(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if ((c < 0x20 && c != '\t') || c >= 0x7f) {
        return false;
      }
    }
    return true;
  }

  /** White space around a value is not part of it, and trailing white space could not be folded (§2.2.3). */
  private static String trimWsp(String value) {
    int from = 0;
    int to = value.length();
    while (from < to && HeaderChars.isWsp(value.charAt(from))) {
      from++;
    }
    while (to > from && HeaderChars.isWsp(value.charAt(to - 1))) {
      to--;
    }
    return value.substring(from, to);
  }

  private static HeaderField made(String name, String foldedValue) {
    byte[] raw = (name + ": " + foldedValue).getBytes(StandardCharsets.UTF_8);
    Folding.checkHardLimit(raw);
    return new HeaderField(raw, name, name.length() + 1, false);
  }

  private static void checkName(String name) {
    HeaderChars.requireSafe("field name", name);
    if (name.isEmpty()) {
      throw new IllegalArgumentException("field name is empty");
    }
    for (int i = 0; i < name.length(); i++) {
      if (!HeaderChars.isFieldNameChar(name.charAt(i))) {
        throw new IllegalArgumentException("illegal character in field name (RFC 5322 §3.6.8): " + name);
      }
    }
  }

  private static boolean isWspOrLineEnd(byte b) {
    return b == ' ' || b == '\t' || b == '\r' || b == '\n';
  }

  /** Whether the value bytes are valid UTF-8 (RFC 6532); records EIGHT_BIT_HEADER if not. */
  private static boolean isUtf8Value(byte[] raw, int from, List<Defect> defects) {
    if (Charsets.isAsciiOrUtf8(raw, from, raw.length - from)) {
      return true;
    }
    defects.add(new Defect(DefectKind.EIGHT_BIT_HEADER, "8-bit field value is not UTF-8; read as ISO-8859-1"));
    return false;
  }

  /** {@return the field name as written (without white space before the colon)} */
  public String name() {
    return name;
  }

  /**
   * Whether this field has the given name, compared case-insensitively (RFC 5322 §1.2.2).
   *
   * @param other the name to compare with
   * @return whether the names are equal, ignoring case
   */
  public boolean hasName(String other) {
    return name.length() == other.length() && name.regionMatches(true, 0, other, 0, other.length());
  }

  /** {@return a copy of the field exactly as received or made, without the terminating line ending} */
  public byte[] raw() {
    return raw.clone();
  }

  /** {@return a read-only view of the raw bytes, for writing without a copy} */
  public ByteBuffer rawBuffer() {
    return ByteBuffer.wrap(raw).asReadOnlyBuffer();
  }

  /** {@return the raw bytes themselves, for this package's readers, which must not change them} */
  byte[] rawArray() {
    return raw;
  }

  /** {@return the index in {@link #rawArray()} just past the colon} */
  int valueStart() {
    return valueStart;
  }

  /** {@return the number of raw bytes} */
  public int rawLength() {
    return raw.length;
  }

  /**
   * The value after the colon, unfolded (RFC 5322 §2.2.3: every CR and LF removed), leading white space trimmed,
   * decoded as UTF-8 (RFC 6532), or ISO-8859-1 when the octets are not UTF-8.
   *
   * @return the unfolded value
   */
  public String unfoldedValue() {
    String u = unfolded;
    if (u == null) {
      u = unfold();
      unfolded = u;
    }
    return u;
  }

  private String unfold() {
    int from = valueStart;
    while (from < raw.length && isWspOrLineEnd(raw[from])) {
      from++;
    }
    byte[] src = raw;
    int len = raw.length - from;
    for (int i = from; i < raw.length; i++) {
      if (raw[i] == '\r' || raw[i] == '\n') {
        src = new byte[len];
        len = 0;
        for (int j = from; j < raw.length; j++) {
          if (raw[j] != '\r' && raw[j] != '\n') {
            src[len++] = raw[j];
          }
        }
        from = 0;
        break;
      }
    }
    if (!latin1) {
      String s = Charsets.decodeUtf8(src, from, len);
      if (s != null) {
        return s;
      }
    }
    return new String(src, from, len, StandardCharsets.ISO_8859_1);
  }

  /** {@return the unfolded value with RFC 2047 encoded words decoded (for unstructured fields such as Subject)} */
  public String decodedValue() {
    String d = decoded;
    if (d == null) {
      d = EncodedWords.decode(unfoldedValue(), new ArrayList<>());
      decoded = d;
    }
    return d;
  }

  /**
   * The decoded value, recording a defect for each encoded word that could not be decoded.
   *
   * @param defects receives a defect for each undecodable encoded word
   * @return the decoded value
   */
  public String decodedValue(List<Defect> defects) {
    return EncodedWords.decode(unfoldedValue(), defects);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof HeaderField && Arrays.equals(raw, ((HeaderField) o).raw);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(raw);
  }

  @Override
  public String toString() {
    return name + ": " + unfoldedValue();
  }
}
