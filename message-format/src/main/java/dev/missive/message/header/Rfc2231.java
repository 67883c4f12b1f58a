package dev.missive.message.header;

import dev.missive.message.Defect;
import dev.missive.message.DefectKind;
import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * RFC 2231 parameter value continuations (§3), charset and language (§4) and their combination (§4.1): assembles
 * raw {@code name*N*=…} sections into one value, and writes a value in that form when it must be.
 */
final class Rfc2231 {

  /** Characters of encoded text per continuation section Missive writes, so each section fits a folded line. */
  private static final int SECTION_BUDGET = 60;
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private Rfc2231() {
  }

  /** One raw section of a parameter as it appeared: {@code base*index*} split up. */
  record Section(String base, int index, boolean encoded, String value) {
  }

  /** Splits a raw attribute name into base, section index (up to nine digits; -1 when none) and the encoded flag. */
  static Section section(String rawName, String value) {
    String name = rawName;
    boolean encoded = name.endsWith("*");
    if (encoded) {
      name = name.substring(0, name.length() - 1);
    }
    int star = name.lastIndexOf('*');
    if (star > 0 && star < name.length() - 1 && isDigits(name, star + 1) && name.length() - star <= 10) {
      return new Section(name.substring(0, star), Integer.parseInt(name.substring(star + 1)), encoded, value);
    }
    return new Section(name, -1, encoded, value);
  }

  private static boolean isDigits(String s, int from) {
    for (int i = from; i < s.length(); i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  /**
   * Joins the sections of one parameter (all with the same base name, index ≥ 0), in index order even when they
   * came out of order, decoding encoded sections in the charset named by section 0.
   */
  static String join(List<Section> sections, List<Defect> defects) {
    List<Section> sorted = new ArrayList<>(sections);
    sorted.sort(Comparator.comparingInt(Section::index));
    for (int i = 0; i < sorted.size(); i++) {
      if (sorted.get(i).index() != i) {
        defects.add(new Defect(DefectKind.MALFORMED_PARAMETER, "RFC 2231 continuations of "
            + HeaderChars.excerpt(sorted.get(0).base()) + " are missing or repeated a section"));
        break;
      }
    }
    Charset cs = StandardCharsets.UTF_8;
    StringBuilder out = new StringBuilder();
    ByteArrayOutputStream pending = new ByteArrayOutputStream();
    for (int i = 0; i < sorted.size(); i++) {
      Section s = sorted.get(i);
      String text = s.value();
      if (s.encoded()) {
        if (i == 0) {
          int q1 = text.indexOf('\'');
          int q2 = q1 < 0 ? -1 : text.indexOf('\'', q1 + 1);
          if (q2 < 0) {
            defects.add(new Defect(DefectKind.MALFORMED_PARAMETER, "RFC 2231 value without charset'language'"));
          } else {
            cs = charset(text.substring(0, q1), defects);
            text = text.substring(q2 + 1);
          }
        }
        percentDecode(text, pending, defects);
      } else {
        flush(pending, cs, out, defects);
        out.append(text);
      }
    }
    flush(pending, cs, out, defects);
    return out.toString();
  }

  private static Charset charset(String name, List<Defect> defects) {
    if (name.isEmpty()) {
      return StandardCharsets.UTF_8;
    }
    Optional<Charset> cs = Charsets.lookup(name);
    if (cs.isEmpty()) {
      defects.add(new Defect(DefectKind.UNKNOWN_CHARSET,
          "unknown parameter charset " + HeaderChars.excerpt(name) + "; read as UTF-8"));
    }
    return cs.orElse(StandardCharsets.UTF_8);
  }

  private static void percentDecode(String text, ByteArrayOutputStream out, List<Defect> defects) {
    boolean reported = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '%' && hexPair(text, i + 1) >= 0) {
        out.write(hexPair(text, i + 1));
        i += 2;
      } else {
        if (c == '%' && !reported) {
          reported = true;
          defects.add(new Defect(DefectKind.MALFORMED_PARAMETER, "bad percent escape kept literally"));
        }
        byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        if (Character.isHighSurrogate(c) && i + 1 < text.length()) {
          b = text.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
          i++;
        }
        out.write(b, 0, b.length);
      }
    }
  }

  private static int hexPair(String s, int at) {
    if (at + 1 >= s.length()) {
      return -1;
    }
    int hi = HeaderChars.hexValue(s.charAt(at));
    int lo = HeaderChars.hexValue(s.charAt(at + 1));
    return hi < 0 || lo < 0 ? -1 : hi << 4 | lo;
  }

  private static void flush(ByteArrayOutputStream pending, Charset cs, StringBuilder out, List<Defect> defects) {
    if (pending.size() == 0) {
      return;
    }
    byte[] bytes = pending.toByteArray();
    pending.reset();
    String s = Charsets.decodeStrict(bytes, 0, bytes.length, cs);
    if (s == null) {
      defects.add(new Defect(DefectKind.MALFORMED_PARAMETER,
          "RFC 2231 value is not valid " + cs.name() + "; replacement characters used"));
      s = new String(bytes, cs);
    }
    out.append(s);
  }

  /** Decodes a single {@code name*=charset'lang'value} parameter. */
  static String decodeSingle(String value, List<Defect> defects) {
    return join(List.of(new Section("", 0, true, value)), defects);
  }

  /**
   * Characters of value per continuation section for a parameter of this name: {@code 60} less the name's length,
   * but never less than the name's length, so each section carries at least as much of the value as it repeats
   * of the name and the output stays linear in the input (a long name gives long lines, never more sections).
   */
  static int sectionBudget(String name) {
    return Math.max(SECTION_BUDGET - name.length(), name.length());
  }

  /**
   * Appends {@code ; name*=utf-8''…} or, when long, numbered {@code name*N*} sections (RFC 2231 §3, §4), each
   * with at most {@link #sectionBudget} characters of percent-encoded UTF-8 (a character is never split).
   */
  static void appendEncoded(StringBuilder out, String name, String value) {
    int budget = sectionBudget(name);
    StringBuilder encoded = new StringBuilder(value.length() + 16);
    int prefix = "utf-8''".length();
    encoded.append("utf-8''");
    for (int i = 0; i < value.length(); ) {
      int cp = value.codePointAt(i);
      percentEncode(cp, encoded);
      i += Character.charCount(cp);
    }
    if (encoded.length() <= budget) {
      out.append("; ").append(name).append("*=").append(encoded);
      return;
    }
    int section = 0;
    int start = 0;
    int end = prefix;
    while (start < encoded.length()) {
      // extend the section by whole characters (an escape run of one code point) while it fits the budget
      int next = end;
      while (next < encoded.length()) {
        int step = codePointWidth(encoded, next);
        if (next + step - start > budget && next > start + (start == 0 ? prefix : 0)) {
          break;
        }
        next += step;
      }
      out.append("; ").append(name).append('*').append(section++).append("*=").append(encoded, start, next);
      start = next;
      end = next;
    }
  }

  /** The characters at {@code at} that encode one code point: a plain character, or its run of {@code %XX}. */
  private static int codePointWidth(CharSequence encoded, int at) {
    if (encoded.charAt(at) != '%') {
      return 1;
    }
    int lead = HeaderChars.hexValue(encoded.charAt(at + 1)) << 4 | HeaderChars.hexValue(encoded.charAt(at + 2));
    int octets = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
    return 3 * octets;
  }

  /** Appends numbered plain quoted sections {@code name*N="…"} for a long printable ASCII value (RFC 2231 §3). */
  static void appendContinued(StringBuilder out, String name, String value) {
    int budget = sectionBudget(name);
    int n = 0;
    for (int i = 0; i < value.length(); n++) {
      int end = Math.min(value.length(), i + budget);
      out.append("; ").append(name).append('*').append(n).append('=');
      Parameters.appendQuoted(out, value, i, end);
      i = end;
    }
  }

  /** Appends a code point as an RFC 2231 §7 attribute-char, or as {@code %XX} escapes of its UTF-8 octets. */
  private static void percentEncode(int cp, StringBuilder out) {
    if (cp < 0x80 && HeaderChars.isAttributeChar(cp)) {
      out.append((char) cp);
      return;
    }
    if (Character.isSurrogate((char) cp) && cp < 0x10000) {
      appendEscape(out, '?'); // a lone surrogate has no UTF-8 form: written as UTF-8 encoders write it
    } else if (cp < 0x80) {
      appendEscape(out, cp);
    } else if (cp < 0x800) {
      appendEscape(out, 0xc0 | cp >> 6);
      appendEscape(out, 0x80 | cp & 0x3f);
    } else if (cp < 0x10000) {
      appendEscape(out, 0xe0 | cp >> 12);
      appendEscape(out, 0x80 | cp >> 6 & 0x3f);
      appendEscape(out, 0x80 | cp & 0x3f);
    } else {
      appendEscape(out, 0xf0 | cp >> 18);
      appendEscape(out, 0x80 | cp >> 12 & 0x3f);
      appendEscape(out, 0x80 | cp >> 6 & 0x3f);
      appendEscape(out, 0x80 | cp & 0x3f);
    }
  }

  private static void appendEscape(StringBuilder out, int octet) {
    out.append('%').append(HEX[octet >> 4 & 0xf]).append(HEX[octet & 0xf]);
  }
}
