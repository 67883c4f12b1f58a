package dev.missive.imap.internal;

import dev.missive.imap.SequenceSet;
import dev.missive.imap.internal.text.CharClasses;

/**
 * The first layer of the IMAP {@link Lexer}: the position in one command or response held whole in a buffer (its
 * final CRLF excluded) and the grammar's smallest pieces (RFC 9051 §9): single characters and SP, parentheses with
 * the nesting limit, atoms, keywords, names, tags and numbers. Every method either consumes what it read or throws
 * {@link SyntaxException} with a text fit for a BAD response. Not thread-safe.
 */
abstract sealed class LexerCursor permits StringLexer {

  final byte[] buf;
  final int end;
  private final int maxDepth;
  int pos;
  private int depth;
  private boolean lenientSpaces;

  /**
   * A cursor over {@code buf[pos, end)}.
   *
   * @param buf      the bytes of one command or response
   * @param pos      where to start
   * @param end      the end of the command (before its final CRLF)
   * @param maxDepth how deeply parentheses may nest
   */
  LexerCursor(byte[] buf, int pos, int end, int maxDepth) {
    this.buf = buf;
    this.pos = pos;
    this.end = end;
    this.maxDepth = maxDepth;
  }

  /**
   * Lets {@link #sp()} and {@link #trySp()} take a run of spaces as one, as a client reading servers that pad their
   * responses must (RFC 9051's own examples have {@code * LIST () "."  "INBOX"}). Off by default: RFC 9051 §9
   * says SP is exactly one space, and the server side holds clients to it.
   */
  public void lenientSpaces() {
    lenientSpaces = true;
  }

  // ---- position ----

  /** {@return the offset of the next octet} */
  public int position() {
    return pos;
  }

  /**
   * Moves back (or forward) to {@code offset}, for a parser that tries one reading and falls back to another.
   *
   * @param offset a position returned by {@link #position()}
   */
  public void reset(int offset) {
    pos = offset;
  }

  /**
   * Advances to the next {@code c} (not consuming it) or to the end.
   *
   * @param c the US-ASCII character to stop at
   */
  public void skipUntil(char c) {
    while (pos < end && buf[pos] != c) {
      pos++;
    }
  }

  /** {@return the buffer being read} */
  public byte[] buffer() {
    return buf;
  }

  /** {@return whether everything was read} */
  public boolean atEnd() {
    return pos >= end;
  }

  /** {@return the next octet (0-255), or -1 at the end} */
  public int peek() {
    return pos < end ? buf[pos] & 0xFF : -1;
  }

  /**
   * The octet {@code ahead} places after the next one.
   *
   * @param ahead 0 for the next octet
   * @return the octet (0-255), or -1 past the end
   */
  public int peek(int ahead) {
    return pos + ahead < end ? buf[pos + ahead] & 0xFF : -1;
  }

  /** Requires the end of the command or response. */
  public void expectEnd() {
    if (pos < end) {
      throw error("unexpected characters at the end");
    }
  }

  /** Requires exactly one space (RFC 9051 §9: SP is exactly one space). */
  public void sp() {
    expect(' ');
    if (lenientSpaces) {
      while (pos < end && buf[pos] == ' ') {
        pos++;
      }
    }
  }

  /** {@return whether a space came next, consuming it} */
  public boolean trySp() {
    if (!tryChar(' ')) {
      return false;
    }
    if (lenientSpaces) {
      while (pos < end && buf[pos] == ' ') {
        pos++;
      }
    }
    return true;
  }

  /**
   * Requires {@code c}.
   *
   * @param c the expected character
   */
  public void expect(char c) {
    if (pos >= end || buf[pos] != c) {
      throw error(pos >= end ? "missing '" + c + "'" : "expected '" + c + "'");
    }
    pos++;
  }

  /**
   * Consumes {@code c} if it comes next.
   *
   * @param c the character
   * @return whether it came
   */
  public boolean tryChar(char c) {
    if (pos < end && buf[pos] == c) {
      pos++;
      return true;
    }
    return false;
  }

  /**
   * Builds the error for a violation at the current position.
   *
   * @param what what is wrong
   * @return the exception to throw
   */
  public SyntaxException error(String what) {
    return new SyntaxException(what);
  }

  // ---- lists ----

  /** Requires {@code (} and enters one nesting level (limited). */
  public void open() {
    expect('(');
    enter();
  }

  /** Requires {@code )} and leaves one nesting level. */
  public void close() {
    expect(')');
    depth--;
  }

  /** Enters one nesting level (a parenthesis or a nested search key) without consuming anything. */
  public void enter() {
    if (++depth > maxDepth) {
      throw error("nested too deeply (limit " + maxDepth + ")");
    }
  }

  /** Leaves a level entered by {@link #enter()}. */
  public void leave() {
    depth--;
  }

  // ---- atoms and keywords ----

  /** {@return 1*ATOM-CHAR} */
  public String atom() {
    return run(CharClasses.ATOM, "atom");
  }

  /** {@return an atom, upper-cased (command names, keywords)} */
  public String word() {
    return upper(atom());
  }

  /**
   * Consumes {@code upper} if it comes next, case-insensitively, as a whole atom (not followed by an ATOM-CHAR).
   *
   * @param upper the keyword in upper case
   * @return whether it came
   */
  public boolean tryWord(String upper) {
    int n = upper.length();
    if (pos + n > end) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      int c = buf[pos + i] & 0xFF;
      if (c >= 'a' && c <= 'z') {
        c -= 32;
      }
      if (c != upper.charAt(i)) {
        return false;
      }
    }
    if (pos + n < end && CharClasses.isAtomChar(buf[pos + n])) {
      return false;
    }
    pos += n;
    return true;
  }

  /**
   * Reads a name made of letters, digits, {@code .}, {@code -} and {@code _} (fetch item names, option names,
   * {@code tagged-ext-label}), upper-cased; stops before {@code [}, {@code <} or any other octet.
   *
   * @return the name in upper case
   */
  public String name() {
    int start = pos;
    while (pos < end) {
      int c = buf[pos] & 0xFF;
      if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-'
          || c == '_') {
        pos++;
      } else {
        break;
      }
    }
    if (pos == start) {
      throw error("name expected");
    }
    return upper(ascii(start, pos));
  }

  /** {@return a command tag: 1*(ASTRING-CHAR except "+")} */
  public String tag() {
    return run(CharClasses.TAG, "tag");
  }

  String run(int cls, String what) {
    int start = pos;
    while (pos < end && CharClasses.is(cls, buf[pos])) {
      pos++;
    }
    if (pos == start) {
      throw error(what + " expected");
    }
    return ascii(start, pos);
  }

  /** {@return a {@code number}: 0 to 4 294 967 295} */
  public long number() {
    return digits(SequenceSet.MAX_NUMBER, 10, "number");
  }

  /** {@return an {@code nz-number}: 1 to 4 294 967 295} */
  public long nzNumber() {
    long n = number();
    if (n == 0) {
      throw error("number must not be zero");
    }
    return n;
  }

  /** {@return a {@code number64}: 0 to 2^63-1} */
  public long number64() {
    return digits(Long.MAX_VALUE, 19, "number");
  }

  /** {@return an {@code nz-number64}: 1 to 2^63-1} */
  public long nzNumber64() {
    long n = number64();
    if (n == 0) {
      throw error("number must not be zero");
    }
    return n;
  }

  long digits(long max, int maxDigits, String what) {
    int start = pos;
    long n = 0;
    while (pos < end && buf[pos] >= '0' && buf[pos] <= '9') {
      if (pos - start >= maxDigits) {
        throw error(what + " too large");
      }
      n = n * 10 + (buf[pos] - '0');
      pos++;
    }
    if (pos == start) {
      throw error(what + " expected");
    }
    if (n < 0 || n > max) {
      throw error(what + " too large");
    }
    return n;
  }

  // ---- helpers ----

  String ascii(int from, int to) {
    return new String(buf, from, to - from, java.nio.charset.StandardCharsets.ISO_8859_1);
  }

  static byte[] bytes(String ascii) {
    return ascii.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
  }

  static String upper(String s) {
    return CharClasses.upper(s);
  }
}
