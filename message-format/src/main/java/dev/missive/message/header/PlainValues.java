package dev.missive.message.header;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads the common, plain forms of the two values every MIME entity's body depends on straight from a field's octets:
 * a Content-Type of {@code type/subtype} with token or quoted-string parameters (RFC 2045 §5.1) and a
 * Content-Transfer-Encoding of one of RFC 2045 §6.1's names. Anything else (comments, quoted pairs, RFC 2231
 * sections, repeated names, octets above US-ASCII, a line break inside a word) is left to the general readers, which
 * give the same answer for the plain forms and report the defects of the others.
 */
final class PlainValues {

  /** The most parameters the plain form takes (the general reader's pairwise duplicate check has the same bound). */
  private static final int MAX_PARAMETERS = 8;
  private static final String[] ENCODINGS = {"7bit", "8bit", "binary", "base64", "quoted-printable"};

  private PlainValues() {
  }

  /**
   * The content type in {@code raw[from, raw.length)}, the value of a Content-Type field, when it has the plain form;
   * else null.
   */
  static ContentType contentType(byte[] raw, int from) {
    int end = raw.length;
    int typeStart = skipSpace(raw, from, end);
    int typeEnd = token(raw, typeStart, end);
    if (typeEnd == typeStart || typeEnd == end || raw[typeEnd] != '/') {
      return null;
    }
    int subStart = typeEnd + 1;
    int subEnd = token(raw, subStart, end);
    if (subEnd == subStart) {
      return null;
    }
    String[] names = null;
    String[] values = null;
    int count = 0;
    int i = subEnd;
    while (true) {
      i = skipSpace(raw, i, end);
      if (i == end) {
        break;
      }
      if (raw[i] != ';') {
        return null;
      }
      i = skipSpace(raw, i + 1, end);
      if (i == end) {
        break;
      }
      if (raw[i] == ';') {
        continue;
      }
      int nameEnd = token(raw, i, end);
      if (nameEnd == i || count == MAX_PARAMETERS) {
        return null;
      }
      String name = ascii(raw, i, nameEnd);
      if (name.indexOf('*') >= 0) {
        return null;
      }
      i = skipSpace(raw, nameEnd, end);
      if (i == end || raw[i] != '=') {
        return null;
      }
      i = skipSpace(raw, i + 1, end);
      String value;
      if (i < end && raw[i] == '"') {
        int close = i + 1;
        while (close < end && raw[close] != '"') {
          byte b = raw[close];
          if (b < 0 || b == '\\' || b == '\r' || b == '\n') {
            return null;
          }
          close++;
        }
        if (close == end) {
          return null;
        }
        value = ascii(raw, i + 1, close);
        i = close + 1;
      } else {
        int valueEnd = token(raw, i, end);
        if (valueEnd == i) {
          return null;
        }
        value = ascii(raw, i, valueEnd);
        i = valueEnd;
      }
      if (names == null) {
        names = new String[MAX_PARAMETERS];
        values = new String[MAX_PARAMETERS];
      }
      for (int k = 0; k < count; k++) {
        if (names[k].equalsIgnoreCase(name)) {
          return null;
        }
      }
      names[count] = name;
      values[count] = value;
      count++;
    }
    Parameters parameters = count == 0 ? Parameters.EMPTY
        : new Parameters(Arrays.copyOf(names, count), Arrays.copyOf(values, count));
    return new ContentType(ascii(raw, typeStart, typeEnd), ascii(raw, subStart, subEnd), parameters);
  }

  /**
   * The transfer encoding in {@code raw[from, raw.length)}, the value of a Content-Transfer-Encoding field, in lower
   * case, when it is one of RFC 2045 §6.1's five names with nothing but white space around it; else null.
   */
  static String transferEncoding(byte[] raw, int from) {
    int end = raw.length;
    while (end > from && raw[end - 1] >= 0 && raw[end - 1] <= ' ') {
      end--;
    }
    while (from < end && raw[from] >= 0 && raw[from] <= ' ') {
      from++;
    }
    for (String name : ENCODINGS) {
      if (name.length() == end - from && matchesIgnoringCase(name, raw, from)) {
        return name;
      }
    }
    return null;
  }

  private static boolean matchesIgnoringCase(String lower, byte[] raw, int from) {
    for (int k = 0; k < lower.length(); k++) {
      int b = raw[from + k];
      if ((b >= 'A' && b <= 'Z' ? b | 0x20 : b) != lower.charAt(k)) {
        return false;
      }
    }
    return true;
  }

  /** Past space, tab and the CR LF of folding (RFC 5322 §2.2.3: unfolding removes them). */
  private static int skipSpace(byte[] raw, int i, int end) {
    while (i < end && (raw[i] == ' ' || raw[i] == '\t' || raw[i] == '\r' || raw[i] == '\n')) {
      i++;
    }
    return i;
  }

  /** Just past the RFC 2045 token starting at {@code i} ({@code i} itself when there is none). */
  private static int token(byte[] raw, int i, int end) {
    while (i < end && HeaderChars.isTokenChar(raw[i])) {
      i++;
    }
    return i;
  }

  private static String ascii(byte[] raw, int from, int to) {
    return new String(raw, from, to - from, StandardCharsets.ISO_8859_1);
  }
}
