package dev.missive.message.header;

import dev.missive.message.Defect;
import dev.missive.message.DefectKind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The parameters of a Content-Type or Content-Disposition field (RFC 2045 §5.1, RFC 2183 §2), in order, with
 * names compared case-insensitively and RFC 2231 continuations, charsets, languages and percent-encoding decoded.
 *
 * <p>Parsing is lenient and total; values built by the caller ({@link #of}, {@link #with}) are checked strictly:
 * names must be RFC 2231 attribute tokens and values must not hold CR, LF, NUL, NEL, U+2028 or U+2029
 * (docs/security.md, "Header injection through the builder"). {@link #format()} quotes or RFC 2231-encodes as needed,
 * so any value (even a parsed one holding control characters) is written safely. Immutable.
 */
public final class Parameters {

  /** No parameters. */
  public static final Parameters EMPTY = new Parameters(new String[0], new String[0]);

  /**
   * The most characters {@link #format()} and {@link #format(boolean)} write per character of the parameters'
   * names and values: the output is at most this times the sum of their lengths (an RFC 2231 section never
   * carries less of the value than it repeats of the name, so the output is linear in the input whatever the
   * names' lengths).
   */
  public static final int MAX_FORMAT_EXPANSION = 32;

  /** Values longer than this are written as RFC 2231 continuations. */
  private static final int LONG_VALUE = 60;

  private final String[] names;
  private final String[] values;

  private Parameters(String[] names, String[] values) {
    this.names = names;
    this.values = values;
  }

  /**
   * Makes parameters from name/value pairs, strictly.
   *
   * @param namesAndValues names and values, alternating
   * @return the parameters
   * @throws IllegalArgumentException for an odd count, a bad name, or a value with a line break or NUL
   */
  public static Parameters of(String... namesAndValues) {
    if (namesAndValues.length % 2 != 0) {
      throw new IllegalArgumentException("names and values must come in pairs");
    }
    Parameters p = EMPTY;
    for (int i = 0; i < namesAndValues.length; i += 2) {
      p = p.with(namesAndValues[i], namesAndValues[i + 1]);
    }
    return p;
  }

  /**
   * Parses a parameter list ({@code ; name=value; …}, RFC 2045 §5.1 and RFC 2231) leniently.
   *
   * @param text    the text after the type (a leading {@code ;} is optional)
   * @param defects receives MALFORMED_PARAMETER and UNKNOWN_CHARSET defects
   * @return the parameters
   */
  public static Parameters parse(String text, List<Defect> defects) {
    return parse(new ValueScanner(text), defects);
  }

  static Parameters parse(ValueScanner sc, List<Defect> defects) {
    List<String[]> raw = new ArrayList<>();
    while (true) {
      sc.skipCfws();
      if (sc.atEnd()) {
        break;
      }
      if (sc.peek() == ';') {
        sc.advance();
        continue;
      }
      int start = sc.position();
      String name = sc.token();
      sc.skipCfws();
      if (name.isEmpty() || sc.peek() != '=') {
        sc.skipPast(';');
        defects.add(new Defect(DefectKind.MALFORMED_PARAMETER,
            "not a parameter: " + HeaderChars.excerpt(sc.text().substring(start, sc.position()))));
        continue;
      }
      sc.advance();
      sc.skipCfws();
      int valueStart = sc.position();
      String value = sc.peek() == '"' ? sc.quotedString() : sc.token();
      sc.skipCfws();
      if (!sc.atEnd() && sc.peek() != ';' && startsParameter(sc)) {
        defects.add(new Defect(DefectKind.MALFORMED_PARAMETER, "missing ';' before parameter"));
      } else if (!sc.atEnd() && sc.peek() != ';') {
        sc.skipPast(';');
        int end = sc.text().charAt(sc.position() - 1) == ';' ? sc.position() - 1 : sc.position();
        value = sc.text().substring(valueStart, end).trim();
        defects.add(new Defect(DefectKind.MALFORMED_PARAMETER,
            "parameter value is not a token or quoted string: " + HeaderChars.excerpt(value)));
      }
      raw.add(new String[] {name, value});
    }
    if (sc.damaged()) {
      defects.add(new Defect(DefectKind.MALFORMED_PARAMETER, "unterminated quoted string or comment"));
    }
    return assemble(raw, defects);
  }

  /** Whether the scanner stands at {@code token =}, a parameter whose {@code ;} is missing (as in RFC 2231 §4.1). */
  static boolean startsParameter(ValueScanner sc) {
    int at = sc.position();
    boolean yes = !sc.token().isEmpty();
    sc.skipCfws();
    yes &= sc.peek() == '=';
    sc.position(at);
    return yes;
  }

  /** Applies RFC 2231: groups sections by base name, keeps first appearances' order, prefers RFC 2231 values. */
  private static Parameters assemble(List<String[]> raw, List<Defect> defects) {
    if (raw.isEmpty()) {
      return EMPTY;
    }
    if (isPlain(raw)) {
      String[] names = new String[raw.size()];
      String[] values = new String[raw.size()];
      for (int i = 0; i < names.length; i++) {
        names[i] = raw.get(i)[0];
        values[i] = raw.get(i)[1];
      }
      return new Parameters(names, values);
    }
    Map<String, String> plain = new LinkedHashMap<>();
    Map<String, List<Rfc2231.Section>> extended = new LinkedHashMap<>();
    Map<String, String> firstSpelling = new LinkedHashMap<>();
    for (String[] nv : raw) {
      Rfc2231.Section s = nv[0].indexOf('*') < 0 ? null : Rfc2231.section(nv[0], nv[1]);
      String base = s == null ? nv[0] : s.base();
      if (base.isEmpty() || base.indexOf('*') >= 0) {
        // RFC 2231 §7: '*' is not an attribute-char, so such a name could neither be written nor read back
        defects.add(new Defect(DefectKind.MALFORMED_PARAMETER,
            "parameter name with a misplaced '*' dropped: " + HeaderChars.excerpt(nv[0])));
        continue;
      }
      String key = HeaderChars.asciiLower(base);
      firstSpelling.putIfAbsent(key, base);
      if (s == null) {
        if (plain.putIfAbsent(key, nv[1]) != null) {
          defects.add(new Defect(DefectKind.MALFORMED_PARAMETER,
              "parameter " + HeaderChars.excerpt(base) + " repeated; the first kept"));
        }
      } else {
        extended.computeIfAbsent(key, k -> new ArrayList<>()).add(s);
      }
    }
    List<String> names = new ArrayList<>(firstSpelling.size());
    List<String> values = new ArrayList<>(firstSpelling.size());
    for (Map.Entry<String, String> e : firstSpelling.entrySet()) {
      List<Rfc2231.Section> sections = extended.get(e.getKey());
      String value;
      if (sections == null) {
        value = plain.get(e.getKey());
      } else if (sections.size() == 1 && sections.get(0).index() < 0) {
        value = Rfc2231.decodeSingle(sections.get(0).value(), defects);
      } else {
        value = Rfc2231.join(withoutUnnumbered(sections, defects), defects);
      }
      names.add(e.getValue());
      values.add(value);
    }
    return new Parameters(names.toArray(new String[0]), values.toArray(new String[0]));
  }

  /** Whether no name uses RFC 2231 syntax and none repeats (the common case, needing no grouping). */
  private static boolean isPlain(List<String[]> raw) {
    for (int i = 0; i < raw.size(); i++) {
      String name = raw.get(i)[0];
      if (name.indexOf('*') >= 0) {
        return false;
      }
      for (int j = 0; j < i; j++) { // a handful of names: pairwise is cheaper than a set of lower-cased copies
        if (name.equalsIgnoreCase(raw.get(j)[0])) {
          return false;
        }
      }
    }
    return true;
  }

  private static List<Rfc2231.Section> withoutUnnumbered(List<Rfc2231.Section> sections, List<Defect> defects) {
    List<Rfc2231.Section> numbered = new ArrayList<>(sections.size());
    for (Rfc2231.Section s : sections) {
      if (s.index() >= 0) {
        numbered.add(s);
      }
    }
    if (numbered.size() != sections.size()) {
      defects.add(new Defect(DefectKind.MALFORMED_PARAMETER, "RFC 2231 parameter both continued and not"));
    }
    return numbered.isEmpty() ? sections : numbered;
  }

  /**
   * A copy with the parameter set (replacing one of the same name in place, else appended), checked strictly.
   *
   * @param name  the parameter name
   * @param value its value
   * @return a copy with that parameter
   * @throws IllegalArgumentException for a name that is not an RFC 2231 attribute token, or a value holding CR,
   *                                  LF, NUL, NEL, U+2028 or U+2029
   */
  public Parameters with(String name, String value) {
    HeaderChars.requireSafe("parameter name", name);
    for (int i = 0; i < name.length(); i++) {
      if (!HeaderChars.isAttributeChar(name.charAt(i))) {
        throw new IllegalArgumentException("illegal parameter name (RFC 2231 §7): " + name);
      }
    }
    if (name.isEmpty()) {
      throw new IllegalArgumentException("parameter name is empty");
    }
    HeaderChars.requireSafe("parameter " + name, value);
    int at = indexOf(name);
    String[] n = at >= 0 ? names.clone() : Arrays.copyOf(names, names.length + 1);
    String[] v = at >= 0 ? values.clone() : Arrays.copyOf(values, values.length + 1);
    int i = at >= 0 ? at : names.length;
    n[i] = name;
    v[i] = value;
    return new Parameters(n, v);
  }

  /**
   * A copy without the named parameter.
   *
   * @param name the parameter name
   * @return a copy without that parameter
   */
  public Parameters without(String name) {
    int at = indexOf(name);
    if (at < 0) {
      return this;
    }
    List<String> n = new ArrayList<>(Arrays.asList(names));
    List<String> v = new ArrayList<>(Arrays.asList(values));
    n.remove(at);
    v.remove(at);
    return new Parameters(n.toArray(new String[0]), v.toArray(new String[0]));
  }

  private int indexOf(String name) {
    for (int i = 0; i < names.length; i++) {
      if (names[i].equalsIgnoreCase(name)) {
        return i;
      }
    }
    return -1;
  }

  /**
   * The decoded value of the named parameter (case-insensitive), if present.
   *
   * @param name the parameter name
   * @return its decoded value, or empty
   */
  public Optional<String> get(String name) {
    int at = indexOf(name);
    return at < 0 ? Optional.empty() : Optional.of(values[at]);
  }

  /** {@return the parameter names, as first written, in order} */
  public List<String> names() {
    return Collections.unmodifiableList(Arrays.asList(names));
  }

  /** {@return the number of parameters} */
  public int size() {
    return names.length;
  }

  /** {@return whether there are none} */
  public boolean isEmpty() {
    return names.length == 0;
  }

  /**
   * The strict wire form {@code ; name=value; …}: a token as is, printable ASCII quoted, anything else or a long
   * value in RFC 2231 form (UTF-8, percent-encoded, continued in sections of at most 60 characters less the name's
   * length, but never fewer than the name's length). At most {@link #MAX_FORMAT_EXPANSION} characters per
   * character of the names and values; a name so long that a section cannot fit a 998-octet line makes
   * {@link HeaderField#of} refuse the field.
   *
   * @return the parameters in wire form
   */
  public String format() {
    return format(false);
  }

  /**
   * The strict wire form, as {@link #format()}; with {@code utf8} (a message sent with SMTPUTF8, RFC 6532 §3.2)
   * a value of printable Unicode (no controls) up to 60 characters is written as a quoted string of raw UTF-8
   * instead of in RFC 2231 form. At most {@link #MAX_FORMAT_EXPANSION} characters per character of the names and
   * values.
   *
   * @param utf8 whether raw UTF-8 may be written
   * @return {@code ; name=value; …}
   */
  public String format(boolean utf8) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < names.length; i++) {
      String name = names[i];
      String value = values[i];
      boolean printable = isPrintableAscii(value);
      if (!printable && utf8 && value.length() <= LONG_VALUE && isPrintableUnicode(value)) {
        out.append("; ").append(name).append('=');
        appendQuoted(out, value);
      } else if (!printable) {
        Rfc2231.appendEncoded(out, name, value);
      } else if (value.length() > LONG_VALUE) {
        Rfc2231.appendContinued(out, name, value);
      } else if (HeaderChars.isToken(value)) {
        out.append("; ").append(name).append('=').append(value);
      } else {
        out.append("; ").append(name).append('=');
        appendQuoted(out, value);
      }
    }
    return out.toString();
  }

  private static boolean isPrintableAscii(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c > 0x7e) {
        return false;
      }
    }
    return true;
  }

  /** No C0 or C1 control, DEL, or line or paragraph separator (what RFC 6532 §3.2 lets stand as raw UTF-8). */
  private static boolean isPrintableUnicode(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 || (c >= 0x7f && c < 0xa0) || c == '\u2028' || c == '\u2029') {
        return false;
      }
    }
    return true;
  }

  /** Appends a quoted string (RFC 5322 §3.2.4), escaping backslash and double quote. */
  static void appendQuoted(StringBuilder out, String value) {
    appendQuoted(out, value, 0, value.length());
  }

  /** Appends {@code value[from, to)} as a quoted string (RFC 5322 §3.2.4). */
  static void appendQuoted(StringBuilder out, String value, int from, int to) {
    out.append('"');
    for (int i = from; i < to; i++) {
      char c = value.charAt(i);
      if (c == '"' || c == '\\') {
        out.append('\\');
      }
      out.append(c);
    }
    out.append('"');
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Parameters)) {
      return false;
    }
    Parameters p = (Parameters) o;
    if (p.names.length != names.length) {
      return false;
    }
    for (int i = 0; i < names.length; i++) {
      if (!names[i].equalsIgnoreCase(p.names[i]) || !values[i].equals(p.values[i])) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int hashCode() {
    int h = 1;
    for (int i = 0; i < names.length; i++) {
      h = 31 * h + HeaderChars.asciiLower(names[i]).hashCode() * 17 + values[i].hashCode();
    }
    return h;
  }

  @Override
  public String toString() {
    return format();
  }
}
