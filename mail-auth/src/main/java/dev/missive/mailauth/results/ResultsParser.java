package dev.missive.mailauth.results;

import dev.missive.mailauth.MalformedRecordException;
import dev.missive.mailauth.internal.TagList;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Reads the value of an Authentication-Results field (RFC 8601 §2.2) in one pass: comments (RFC 5322 §3.2.2,
 * nested at most {@link #MAX_COMMENT_DEPTH} deep) and folding white space between the parts, values as token or
 * quoted-string; property values also as a domain or address, and leniently as any run of printable characters
 * (signature prefixes in {@code header.b} hold '/' and '=', which a token does not allow).
 */
final class ResultsParser {

  static final int MAX_COMMENT_DEPTH = 8;

  private final String s;
  private int i;
  private String firstComment;

  ResultsParser(String s) {
    this.s = s;
  }

  AuthenticationResults parse() throws MalformedRecordException {
    skipCfws();
    String id = value("authserv-id");
    skipCfws();
    OptionalInt version = OptionalInt.empty();
    if (i < s.length() && isDigit(s.charAt(i))) {
      version = OptionalInt.of(number("version"));
      skipCfws();
    }
    expect(';', "';' after the authserv-id");
    skipCfws();
    List<MethodResult> results = new ArrayList<>();
    int mark = i;
    String none = keywordOrNull();
    if (none != null && none.equalsIgnoreCase("none")) {
      skipCfws();
      if (i == s.length()) {
        return new AuthenticationResults(id, version, results);
      }
    }
    i = mark;
    while (true) {
      if (results.size() == AuthenticationResults.MAX_RESULTS) {
        throw new MalformedRecordException("more than " + AuthenticationResults.MAX_RESULTS + " results");
      }
      results.add(resinfo());
      skipCfws();
      if (i == s.length()) {
        break;
      }
      expect(';', "';' between results");
      skipCfws();
      if (i == s.length()) {
        break; // a trailing ';' is tolerated
      }
    }
    try {
      return new AuthenticationResults(id, version, results);
    } catch (IllegalArgumentException e) {
      throw new MalformedRecordException(e.getMessage());
    }
  }

  /** {@code methodspec [CFWS reasonspec] [CFWS 1*propspec]} (§2.2). */
  private MethodResult resinfo() throws MalformedRecordException {
    String method = keyword("method");
    skipCfws();
    OptionalInt methodVersion = OptionalInt.empty();
    if (i < s.length() && s.charAt(i) == '/') {
      i++;
      skipCfws();
      methodVersion = OptionalInt.of(number("method version"));
      skipCfws();
    }
    expect('=', "'=' after the method");
    skipCfws();
    String result = keyword("result");
    firstComment = null;
    skipCfws();
    Optional<String> comment = Optional.ofNullable(firstComment);
    Optional<String> reason = Optional.empty();
    List<MethodResult.Property> properties = new ArrayList<>();
    while (i < s.length() && s.charAt(i) != ';') {
      String word = keyword("property type");
      skipCfws();
      if (word.equalsIgnoreCase("reason") && i < s.length() && s.charAt(i) == '=' && reason.isEmpty()
          && properties.isEmpty()) {
        i++;
        skipCfws();
        reason = Optional.of(value("reason"));
        skipCfws();
        continue;
      }
      expect('.', "'.' in a property");
      skipCfws();
      String name = keyword("property");
      skipCfws();
      expect('=', "'=' after a property");
      skipCfws();
      properties.add(new MethodResult.Property(word, name, pvalue()));
      skipCfws();
    }
    try {
      return new MethodResult(method, methodVersion, result, comment, reason, properties);
    } catch (IllegalArgumentException e) {
      throw new MalformedRecordException(e.getMessage() + " (RFC 8601 §2.2)");
    }
  }

  private String keyword(String what) throws MalformedRecordException {
    String k = keywordOrNull();
    if (k == null) {
      throw new MalformedRecordException("expected a keyword for the " + what + " at offset " + i
          + " (RFC 8601 §2.2)");
    }
    return k;
  }

  private String keywordOrNull() {
    int start = i;
    while (i < s.length() && (isAlpha(s.charAt(i)) || isDigit(s.charAt(i)) || s.charAt(i) == '-'
        || s.charAt(i) == '_')) {
      i++;
    }
    String k = s.substring(start, i);
    if (k.isEmpty() || !isAlpha(k.charAt(0)) || k.length() > 64) {
      i = start;
      return null;
    }
    return k;
  }

  private int number(String what) throws MalformedRecordException {
    int start = i;
    while (i < s.length() && isDigit(s.charAt(i)) && i - start < 9) {
      i++;
    }
    if (i == start || i < s.length() && isDigit(s.charAt(i))) {
      throw new MalformedRecordException("malformed " + what + " at offset " + start + " (RFC 8601 §2.2)");
    }
    return Integer.parseInt(s.substring(start, i));
  }

  /** {@code value = token / quoted-string}. */
  private String value(String what) throws MalformedRecordException {
    if (i < s.length() && s.charAt(i) == '"') {
      return quotedString();
    }
    int start = i;
    while (i < s.length() && ResultsWriter.isTokenChar(s.charAt(i))) {
      i++;
    }
    if (start == i) {
      throw new MalformedRecordException("expected the " + what + " at offset " + start + " (RFC 8601 §2.2)");
    }
    return s.substring(start, i);
  }

  /** {@code pvalue}: a quoted-string, or printable characters up to white space, ';' or '('. */
  private String pvalue() throws MalformedRecordException {
    if (i < s.length() && s.charAt(i) == '"') {
      return quotedString();
    }
    int start = i;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c == ' ' || c == '\t' || c == ';' || c == '(' || c == '"' || c < 0x20 || c == 0x7f) {
        break;
      }
      i++;
    }
    if (start == i) {
      throw new MalformedRecordException("expected a property value at offset " + start + " (RFC 8601 §2.3)");
    }
    return s.substring(start, i);
  }

  private String quotedString() throws MalformedRecordException {
    int start = i;
    StringBuilder b = new StringBuilder();
    i++;
    while (i < s.length()) {
      char c = s.charAt(i++);
      if (c == '"') {
        return b.toString();
      }
      if (c == '\\' && i < s.length()) {
        c = s.charAt(i++);
      }
      if (c < 0x20 && c != '\t' || c == 0x7f) {
        throw new MalformedRecordException("control character in a quoted-string at offset " + (i - 1));
      }
      b.append(c);
    }
    throw new MalformedRecordException("unterminated quoted-string from offset " + start + " (RFC 5322 §3.2.4)");
  }

  /** Skips white space and comments; keeps the text of the first outermost comment. */
  private void skipCfws() throws MalformedRecordException {
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
        i++;
      } else if (c == '(') {
        String text = comment();
        if (firstComment == null) {
          firstComment = text;
        }
      } else {
        return;
      }
    }
  }

  private String comment() throws MalformedRecordException {
    int start = i;
    int depth = 0;
    StringBuilder b = new StringBuilder();
    while (i < s.length()) {
      char c = s.charAt(i++);
      if (c == '\\' && i < s.length()) {
        b.append(printable(s.charAt(i++))); // a quoted-pair of a control character reads as SP, as the bare one
        continue;
      }
      if (c == '(') {
        if (++depth > MAX_COMMENT_DEPTH) {
          throw new MalformedRecordException("comments nested deeper than " + MAX_COMMENT_DEPTH);
        }
        if (depth == 1) {
          continue;
        }
      } else if (c == ')') {
        if (--depth == 0) {
          return b.toString().strip();
        }
      }
      b.append(printable(c));
    }
    throw new MalformedRecordException("unterminated comment from offset " + start + " (RFC 5322 §3.2.2)");
  }

  private static char printable(char c) {
    return c < 0x20 || c == 0x7f ? ' ' : c;
  }

  private void expect(char c, String what) throws MalformedRecordException {
    if (i >= s.length() || s.charAt(i) != c) {
      throw new MalformedRecordException("expected " + what + " at offset " + i + ", found "
          + (i >= s.length() ? "the end" : "'" + TagList.excerpt(s.substring(i, i + 1)) + "'")
          + " (RFC 8601 §2.2)");
    }
    i++;
  }

  /** The first value of a field's text, or empty text when it cannot be read. */
  static String leadingValue(String text) {
    ResultsParser p = new ResultsParser(text.replace("\r\n", "").replace("\n", ""));
    try {
      p.skipCfws();
      return p.value("authserv-id");
    } catch (MalformedRecordException e) {
      return "";
    }
  }

  private static boolean isAlpha(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
