package dev.missive.mailauth.results;

import java.util.ArrayList;
import java.util.List;

/**
 * Writes the parts of an Authentication-Results field (RFC 8601 §2.2): values as a {@code token} when they are one
 * (RFC 2045 §5.1) and as a {@code quoted-string} otherwise (RFC 5322 §3.2.4), property values that are a domain
 * name or an address as they are, and comments with their parentheses and backslashes escaped (§3.2.2).
 */
final class ResultsWriter {

  private ResultsWriter() {
  }

  /** The parts of one {@code resinfo}, between which the field may fold. */
  static List<String> pieces(MethodResult r) {
    List<String> pieces = new ArrayList<>();
    String method = r.method() + (r.methodVersion().isPresent() ? "/" + r.methodVersion().getAsInt() : "");
    pieces.add(method + "=" + r.result());
    r.comment().ifPresent(c -> pieces.add(comment(c)));
    r.reason().ifPresent(reason -> pieces.add("reason=" + value(reason)));
    for (MethodResult.Property p : r.properties()) {
      pieces.add(p.type() + "." + p.name() + "=" + pvalue(p.value()));
    }
    return pieces;
  }

  /** RFC 8601 {@code value}: a token, else a quoted-string. */
  static String value(String s) {
    if (isToken(s)) {
      return s;
    }
    StringBuilder b = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        b.append('\\');
      }
      b.append(c);
    }
    return b.append('"').toString();
  }

  /** RFC 8601 {@code pvalue}: a token, {@code [local-part] "@" domain}, or a quoted-string. */
  static String pvalue(String s) {
    return isAddressLike(s) ? s : value(s);
  }

  /**
   * A comment in US-ASCII, so it never needs SMTPUTF8: '§' becomes "section ", other non-ASCII '?', control
   * characters a space, and white space at either end is left out (as {@link ResultsParser} reads them, so what is
   * written reads back the same: a comment ending in '§' was written with a space the reader strips).
   */
  static String comment(String text) {
    return '(' + commentText(text).strip() + ')';
  }

  private static String commentText(String text) {
    StringBuilder b = new StringBuilder(text.length() + 2);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '(' || c == ')' || c == '\\') {
        b.append('\\');
      }
      if (c == '\u00a7') {
        b.append("section ");
      } else {
        b.append(c < 0x20 || c == 0x7f ? ' ' : c < 0x80 ? c : '?'); // controls as the parser reads them
      }
    }
    return b.toString();
  }

  /** RFC 2045 §5.1 {@code token}: printable US-ASCII without space and tspecials. */
  static boolean isToken(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (!isTokenChar(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  static boolean isTokenChar(char c) {
    return c > 0x20 && c < 0x7f && "()<>@,;:\\\"/[]?=".indexOf(c) < 0;
  }

  /** A dot-atom local part (possibly empty), one '@', and a dot-atom domain: written without quotes. */
  private static boolean isAddressLike(String s) {
    int at = s.lastIndexOf('@');
    if (at < 0 || at != s.indexOf('@') || at == s.length() - 1) {
      return false;
    }
    return (at == 0 || isDotAtom(s.substring(0, at))) && isDotAtom(s.substring(at + 1));
  }

  private static boolean isDotAtom(String s) {
    if (s.isEmpty() || s.startsWith(".") || s.endsWith(".") || s.contains("..")) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean atext = c >= 0x80 || Character.isLetterOrDigit(c) || "!#$%&'*+-/=?^_`{|}~.".indexOf(c) >= 0;
      if (!atext || c < 0x21 || c == 0x7f) {
        return false;
      }
    }
    return true;
  }
}
