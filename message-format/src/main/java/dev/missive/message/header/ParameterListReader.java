package dev.missive.message.header;

import dev.missive.message.Defect;
import dev.missive.message.DefectKind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a parameter list ({@code ; name=value; …}) leniently into {@link Parameters}: the grammar of RFC 2045 §5.1
 * (tokens and quoted strings, comments and folding white space between them, RFC 5322 §3.2.2), then RFC 2231's
 * sections, charsets and languages assembled into one value per name. Total: damaged input becomes
 * MALFORMED_PARAMETER (and UNKNOWN_CHARSET) defects, never an exception.
 */
final class ParameterListReader {

  /** The most parameters {@link #isPlain} compares pairwise. */
  private static final int PAIRWISE_MAX = 8;

  private ParameterListReader() {
  }

  /** Reads parameters from the scanner's position to its end (a leading {@code ;} is optional). */
  static Parameters read(ValueScanner sc, List<Defect> defects) {
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
      return Parameters.EMPTY;
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

  /**
   * Whether no name uses RFC 2231 syntax and none repeats (the common case, needing no grouping). Names are compared
   * pairwise, cheaper than a set of lower-cased copies for a handful of them; a longer list is left to the grouping,
   * which is linear, so a peer's list of many thousand parameters costs no quadratic time.
   */
  private static boolean isPlain(List<String[]> raw) {
    if (raw.size() > PAIRWISE_MAX) {
      return false;
    }
    for (int i = 0; i < raw.size(); i++) {
      String name = raw.get(i)[0];
      if (name.indexOf('*') >= 0) {
        return false;
      }
      for (int j = 0; j < i; j++) {
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
}
