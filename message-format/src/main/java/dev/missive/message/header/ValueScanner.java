package dev.missive.message.header;

/**
 * A cursor over an unfolded structured field value (RFC 5322 §3.2, RFC 2045 §5.1): skips CFWS, reads tokens and
 * quoted strings. Total: it never throws on peer input; unterminated comments and quoted strings end at the end.
 */
final class ValueScanner {

  private final String s;
  private int pos;
  private boolean damaged;

  ValueScanner(String s) {
    this.s = s;
  }

  int position() {
    return pos;
  }

  void position(int newPos) {
    pos = newPos;
  }

  boolean atEnd() {
    return pos >= s.length();
  }

  /** The current char, or -1 at the end. */
  int peek() {
    return pos < s.length() ? s.charAt(pos) : -1;
  }

  void advance() {
    pos++;
  }

  /** Whether a comment or quoted string was unterminated, or another irregularity was met. */
  boolean damaged() {
    return damaged;
  }

  String text() {
    return s;
  }

  /** Skips white space and (nested) comments (RFC 5322 §3.2.2 CFWS). */
  void skipCfws() {
    while (pos < s.length()) {
      char c = s.charAt(pos);
      if (HeaderChars.isWsp(c) || c == '\r' || c == '\n') {
        pos++;
      } else if (c == '(') {
        skipComment();
      } else {
        return;
      }
    }
  }

  private void skipComment() {
    int depth = 0;
    while (pos < s.length()) {
      char c = s.charAt(pos++);
      if (c == '\\') {
        pos++;
      } else if (c == '(') {
        depth++;
      } else if (c == ')' && --depth == 0) {
        return;
      }
    }
    pos = s.length();
    damaged = true;
  }

  /** Reads a run of RFC 2045 token characters (and, leniently, non-ASCII characters); may be empty. */
  String token() {
    int start = pos;
    while (pos < s.length()) {
      char c = s.charAt(pos);
      if (!HeaderChars.isTokenChar(c) && c < 0x80) {
        break;
      }
      pos++;
    }
    return s.substring(start, pos);
  }

  /** Reads a quoted string starting at the current {@code "}, returning its content with quoted pairs undone. */
  String quotedString() {
    pos++;
    for (int i = pos; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"') { // nothing to remove: the text as it stands
        String plain = s.substring(pos, i);
        pos = i + 1;
        return plain;
      }
      if (c == '\\' || c == '\r' || c == '\n') {
        break;
      }
    }
    StringBuilder b = new StringBuilder();
    while (pos < s.length()) {
      char c = s.charAt(pos++);
      if (c == '"') {
        return b.toString();
      }
      if (c == '\\' && pos < s.length()) {
        c = s.charAt(pos++);
      }
      if (c != '\r' && c != '\n') {
        b.append(c);
      }
    }
    damaged = true;
    return b.toString();
  }

  /** Moves past the next {@code ;} (outside quoted strings and comments), or to the end. */
  void skipPast(char stop) {
    while (pos < s.length()) {
      char c = s.charAt(pos);
      if (c == stop) {
        pos++;
        return;
      }
      if (c == '"') {
        quotedString();
      } else if (c == '(') {
        skipComment();
      } else {
        pos++;
      }
    }
  }
}
