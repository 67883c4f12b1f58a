package dev.missive.message.header;

import dev.missive.message.Defect;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
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

  /** Takes the arrays as they are (not copied): the caller gives them up. */
  Parameters(String[] names, String[] values) {
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
    return ParameterListReader.read(new ValueScanner(text), defects);
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
