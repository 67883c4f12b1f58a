package dev.missive.mailauth.spf;

import dev.missive.mailauth.MalformedRecordException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * A macro-string of SPF (RFC 7208 §7.1): literal text and macros such as {@code %{ir}} or {@code %{d2}}, kept
 * parsed and expanded at evaluation (§7.3, §7.4) against a {@link MacroContext}.
 */
public final class MacroString {

  /** The largest transformer digit honoured (§7.3: at least 127 parts must be supported). */
  private static final int MAX_PARTS = 128;

  private sealed interface Part {}

  private record Literal(String text) implements Part {}

  private record Macro(char letter, boolean escape, int parts, boolean reverse, String delimiters)
      implements Part {}

  private final String text;
  private final List<Part> parts;
  private final boolean endsWithMacro;

  private MacroString(String text, List<Part> parts) {
    this.text = text;
    this.parts = Collections.unmodifiableList(parts);
    this.endsWithMacro = !parts.isEmpty() && parts.get(parts.size() - 1) instanceof Macro;
  }

  /**
   * Parses a macro-string.
   *
   * @param text        the text
   * @param explanation whether it is an explanation string (spaces and the {@code c}, {@code r}, {@code t}
   *                    macros allowed, §6.2, §7.2)
   * @return the parsed string
   * @throws MalformedRecordException if it does not follow §7.1
   */
  public static MacroString parse(String text, boolean explanation) throws MalformedRecordException {
    List<Part> parts = new ArrayList<>();
    StringBuilder literal = new StringBuilder();
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c != '%') {
        if ((c < 0x21 || c > 0x7e) && !(explanation && c == ' ')) {
          throw new MalformedRecordException("illegal character in macro-string at " + i + " (RFC 7208 §7.1)");
        }
        literal.append(c);
        i++;
        continue;
      }
      if (i + 1 >= text.length()) {
        throw new MalformedRecordException("'%' at the end of a macro-string (RFC 7208 §7.1)");
      }
      char n = text.charAt(i + 1);
      if (n == '%' || n == '_' || n == '-') {
        literal.append(n == '%' ? "%" : n == '_' ? " " : "%20");
        i += 2;
        continue;
      }
      if (n != '{') {
        throw new MalformedRecordException("'%' not followed by '{', '%', '_' or '-' (RFC 7208 §7.1)");
      }
      int close = text.indexOf('}', i + 2);
      if (close < 0 || close == i + 2) {
        throw new MalformedRecordException("unterminated macro (RFC 7208 §7.1)");
      }
      if (literal.length() > 0) {
        parts.add(new Literal(literal.toString()));
        literal.setLength(0);
      }
      parts.add(macro(text.substring(i + 2, close), explanation));
      i = close + 1;
    }
    if (literal.length() > 0) {
      parts.add(new Literal(literal.toString()));
    }
    return new MacroString(text, parts);
  }

  private static Macro macro(String body, boolean explanation) throws MalformedRecordException {
    char letter = Character.toLowerCase(body.charAt(0));
    if ("slodiphv".indexOf(letter) < 0 && !(explanation && "crt".indexOf(letter) >= 0)) {
      throw new MalformedRecordException("unknown macro letter '" + body.charAt(0) + "' (RFC 7208 §7.2)");
    }
    int i = 1;
    int digits = 0;
    int n = 0;
    while (i < body.length() && Character.isDigit(body.charAt(i))) {
      n = Math.min(1000, n * 10 + (body.charAt(i) - '0'));
      digits++;
      i++;
    }
    if (digits > 0 && n == 0) {
      throw new MalformedRecordException("macro transformer 0 (RFC 7208 §7.3: must be nonzero)");
    }
    boolean reverse = false;
    if (i < body.length() && (body.charAt(i) == 'r' || body.charAt(i) == 'R')) {
      reverse = true;
      i++;
    }
    String delimiters = body.substring(i);
    for (char d : delimiters.toCharArray()) {
      if (".-+,/_=".indexOf(d) < 0) {
        throw new MalformedRecordException("illegal macro delimiter '" + d + "' (RFC 7208 §7.1)");
      }
    }
    return new Macro(letter, Character.isUpperCase(body.charAt(0)), digits == 0 ? 0 : Math.min(n, MAX_PARTS),
        reverse, delimiters.isEmpty() ? "." : delimiters);
  }

  /**
   * Whether this macro-string is a valid domain-spec: it ends with a macro or with a top label after a dot
   * (RFC 7208 §7.1 {@code domain-end}).
   *
   * @return whether it can name a domain
   */
  public boolean isDomainSpec() {
    if (endsWithMacro) {
      return true;
    }
    String t = text.endsWith(".") ? text.substring(0, text.length() - 1) : text;
    int dot = t.lastIndexOf('.');
    if (dot < 0 || t.lastIndexOf('%') > dot) {
      return false;
    }
    String top = t.substring(dot + 1);
    if (top.isEmpty() || !top.chars().allMatch(c -> c < 0x80 && (Character.isLetterOrDigit(c) || c == '-'))) {
      return false;
    }
    if (top.startsWith("-") || top.endsWith("-")) {
      return false;
    }
    return top.chars().anyMatch(Character::isLetter) || top.indexOf('-') > 0;
  }

  /**
   * Expands the macros (RFC 7208 §7.3, §7.4).
   *
   * @param context the values of the macro letters
   * @return the expanded text
   */
  public String expand(MacroContext context) {
    StringBuilder out = new StringBuilder();
    for (Part p : parts) {
      if (p instanceof Literal l) {
        out.append(l.text);
        continue;
      }
      Macro m = (Macro) p;
      String value = context.value(m.letter);
      List<String> split = new ArrayList<>();
      int from = 0;
      for (int i = 0; i <= value.length(); i++) {
        if (i == value.length() || m.delimiters.indexOf(value.charAt(i)) >= 0) {
          split.add(value.substring(from, i));
          from = i + 1;
        }
      }
      if (m.reverse) {
        Collections.reverse(split);
      }
      if (m.parts > 0 && m.parts < split.size()) {
        split = split.subList(split.size() - m.parts, split.size());
      }
      String joined = String.join(".", split);
      out.append(m.escape ? urlEscape(joined) : joined);
    }
    return out.toString();
  }

  /** §7.3: uppercase macros are URL-escaped (RFC 3986 §2.1) outside the unreserved characters. */
  private static String urlEscape(String s) {
    StringBuilder b = new StringBuilder();
    for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
      int c = x & 0xff;
      if (c < 0x80 && (Character.isLetterOrDigit(c) || "-._~".indexOf(c) >= 0)) {
        b.append((char) c);
      } else {
        b.append('%').append(String.format(Locale.ROOT, "%02X", c));
      }
    }
    return b.toString();
  }

  @Override
  public String toString() {
    return text;
  }
}
