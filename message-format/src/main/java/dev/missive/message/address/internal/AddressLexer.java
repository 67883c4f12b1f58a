package dev.missive.message.address.internal;

import dev.missive.message.address.internal.AddressToken.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * Splits an address header value into {@link AddressToken}s (RFC 5322 §3.2, with RFC 6532 UTF-8): comments and
 * folding white space are dropped (nested comments and quoted pairs honoured), quoted strings and domain
 * literals are unescaped and unfolded. Total: anything unexpected becomes a {@link Kind#JUNK} token.
 */
public final class AddressLexer {

  private final String s;
  private final List<AddressToken> tokens = new ArrayList<>();
  private int pos;
  private boolean space;

  private AddressLexer(String s) {
    this.s = s;
  }

  /** The tokens of {@code value}. */
  public static List<AddressToken> tokenize(String value) {
    AddressLexer lexer = new AddressLexer(value);
    lexer.run();
    return lexer.tokens;
  }

  private void run() {
    while (pos < s.length()) {
      int c = s.codePointAt(pos);
      int start = pos;
      if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
        pos++;
        space = true;
      } else if (c == '(') {
        comment();
      } else if (c == '"') {
        quoted();
      } else if (c == '[') {
        literal();
      } else if (Chars.isAtext(c, true)) {
        while (pos < s.length() && Chars.isAtext(s.codePointAt(pos), true)) {
          pos += Character.charCount(s.codePointAt(pos));
        }
        add(Kind.ATOM, s.substring(start, pos), start);
      } else {
        pos += Character.charCount(c);
        add(special(c), special(c) == Kind.JUNK ? junkReason(c) : String.valueOf((char) c), start);
      }
    }
  }

  private static Kind special(int c) {
    switch (c) {
      case '.': return Kind.DOT;
      case '@': return Kind.AT;
      case '<': return Kind.LT;
      case '>': return Kind.GT;
      case ':': return Kind.COLON;
      case ';': return Kind.SEMI;
      case ',': return Kind.COMMA;
      default: return Kind.JUNK;
    }
  }

  private static String junkReason(int c) {
    if (c == ')' || c == ']') {
      return "unmatched '" + (char) c + "'";
    }
    return c == '\\' ? "backslash outside a quoted string" : "character U+" + String.format("%04X", c)
        + " not allowed in an address";
  }

  private void add(Kind kind, String text, int start) {
    tokens.add(new AddressToken(kind, text, space, start));
    space = false;
  }

  /** Skips a comment (RFC 5322 §3.2.2), nested, with quoted pairs. */
  private void comment() {
    int end = Chars.commentEnd(s, pos);
    if (end < 0) {
      add(Kind.JUNK, "unterminated comment", pos);
      pos = s.length();
    } else {
      pos = end;
      space = true;
    }
  }

  /** A quoted string (RFC 5322 §3.2.4): FWS unfolded, HTAB read as a space, quoted pairs unescaped. */
  private void quoted() {
    delimited('"', Kind.QUOTED, true, c -> Chars.isPrintableAscii(c) || Chars.isAcceptableNonAscii(c),
        "a quoted string");
  }

  /** A domain literal (RFC 5322 §3.4.1, obs-dtext of §4.4): FWS removed. */
  private void literal() {
    delimited(']', Kind.LITERAL, false, c -> Chars.isAsciiDtext(c) || Chars.isDomainNonAscii(c),
        "a domain literal");
  }

  /**
   * Reads from the opening delimiter at {@code pos} to {@code close}, unescaping quoted pairs and dropping CR and
   * LF; other white space is kept (as a space) if {@code keepSpace}, else dropped.
   */
  private void delimited(char close, Kind kind, boolean keepSpace, IntPredicate allowed, String what) {
    int start = pos++;
    StringBuilder content = new StringBuilder();
    while (pos < s.length()) {
      int c = s.codePointAt(pos);
      pos += Character.charCount(c);
      if (c == close) {
        add(kind, content.toString(), start);
        return;
      }
      if (c == '\\' && pos < s.length()) {
        c = s.codePointAt(pos);
        pos += Character.charCount(c);
      } else if (c == '\r' || c == '\n' || (!keepSpace && (c == ' ' || c == '\t'))) {
        continue;
      }
      c = c == '\t' ? ' ' : c;
      if (!allowed.test(c)) {
        skipTo(close);
        add(Kind.JUNK, "invalid character in " + what, start);
        return;
      }
      content.appendCodePoint(c);
    }
    add(Kind.JUNK, "unterminated " + what, start);
  }

  private void skipTo(char end) {
    int i = s.indexOf(end, pos);
    pos = i < 0 ? s.length() : i + 1;
  }
}
