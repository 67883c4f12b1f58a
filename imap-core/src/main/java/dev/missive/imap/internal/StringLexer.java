package dev.missive.imap.internal;

import dev.missive.imap.internal.text.CharClasses;
import dev.missive.imap.internal.text.Utf8;
import java.util.Arrays;

/**
 * The second layer of the IMAP {@link Lexer}: strings and literals (RFC 9051 §4.3): astrings, quoted strings with
 * their escapes, literals ({@code {n}}, {@code {n+}} of RFC 7888, {@code ~{n}} literal8 of RFC 3516), NIL, text to
 * the end of the line, and any value skipped whole. A literal whose octets are not in the buffer yet throws
 * {@link LiteralPending}; literals whose octets a decoder streamed elsewhere are {@linkplain #markStreamed(int)
 * marked} and read as headers only. Not thread-safe.
 */
abstract sealed class StringLexer extends LexerCursor permits Lexer {

  private int[] streamed = new int[0];
  private int pendingOffset = -1;

  StringLexer(byte[] buf, int pos, int end, int maxDepth) {
    super(buf, pos, end, maxDepth);
  }

  /**
   * Declares that the octets of the literal whose header starts at {@code headerOffset} were streamed away:
   * {@link #literalHeader(boolean)} then returns its header without looking for the octets.
   *
   * @param headerOffset offset of the open brace (or {@code ~}) of the header
   */
  public void markStreamed(int headerOffset) {
    int[] s = Arrays.copyOf(streamed, streamed.length + 1);
    s[streamed.length] = headerOffset;
    Arrays.sort(s);
    streamed = s;
  }

  /**
   * Declares that the literal whose header starts at {@code headerOffset} ends the bytes received so far: its
   * octets (even none, for {@code {0}}) are still to come, so {@link #literalHeader(boolean)} throws
   * {@link LiteralPending} for it.
   *
   * @param headerOffset offset of the open brace (or {@code ~}) of the header
   */
  public void setPending(int headerOffset) {
    pendingOffset = headerOffset;
  }

  /** {@return whether a literal header (an open brace, or {@code ~} and an open brace) comes next} */
  public boolean atLiteral() {
    int c = peek();
    return c == '{' || (c == '~' && peek(1) == '{');
  }

  /** {@return astring (RFC 9051 §9) as UTF-8 text} */
  public String astring() {
    return text(astringBytes());
  }

  /** {@return the octets of an astring: 1*ASTRING-CHAR, a quoted string or a literal} */
  public byte[] astringBytes() {
    int c = peek();
    if (c == '"' || c == '{') {
      return stringBytes();
    }
    return bytes(run(CharClasses.ASTRING, "string"));
  }

  /** {@return a string (quoted or literal) as UTF-8 text} */
  public String string() {
    if (peek() == '"') {
      // the common case: a quoted string without escapes is decoded where it lies, not copied first
      int start = pos + 1;
      int i = start;
      while (i < end && buf[i] != '"' && buf[i] != '\\' && buf[i] != '\r' && buf[i] != '\n' && buf[i] != 0) {
        i++;
      }
      if (i < end && buf[i] == '"') {
        if (!Utf8.isValid(buf, start, i - start)) {
          throw error("string is not valid UTF-8");
        }
        pos = i + 1;
        return Utf8.decode(buf, start, i - start);
      }
    }
    return text(stringBytes());
  }

  /** {@return an nstring: a string, or null for NIL} */
  public String nstring() {
    if (tryNil()) {
      return null;
    }
    return string();
  }

  /** {@return whether NIL came next, consuming it} */
  public boolean tryNil() {
    return tryWord("NIL");
  }

  /** {@return the octets of a quoted string or a literal (not a literal8)} */
  public byte[] stringBytes() {
    int c = peek();
    if (c == '"') {
      return quotedBytes();
    }
    if (c == '{') {
      LiteralHeader h = literalHeader(false);
      if (h.streamed()) {
        throw error("literal not expected here");
      }
      return literalData(h);
    }
    throw error("string expected");
  }

  /** {@return the octets of a quoted string, escapes removed (RFC 9051 §4.3)} */
  public byte[] quotedBytes() {
    expect('"');
    int start = pos;
    boolean escapes = false;
    while (true) {
      if (pos >= end) {
        throw error("unterminated quoted string");
      }
      int c = buf[pos] & 0xFF;
      if (c == '"') {
        break;
      }
      if (c == '\\') {
        int n = pos + 1 < end ? buf[pos + 1] & 0xFF : -1;
        if (n != '"' && n != '\\') {
          throw error("invalid escape in quoted string");
        }
        escapes = true;
        pos += 2;
        continue;
      }
      if (c < 0x80 && !CharClasses.isQuotedChar(c)) {
        throw error("invalid character in quoted string");
      }
      pos++;
    }
    int stop = pos;
    pos++;
    if (!escapes) {
      return Arrays.copyOfRange(buf, start, stop);
    }
    byte[] out = new byte[stop - start];
    int n = 0;
    for (int i = start; i < stop; i++) {
      if (buf[i] == '\\') {
        i++;
      }
      out[n++] = buf[i];
    }
    return Arrays.copyOf(out, n);
  }

  /**
   * Reads a literal header and the line end after it; leaves the position at the literal's first octet (or after
   * the header, when streamed).
   *
   * @param allowBinary whether a literal8 may come here
   * @return the header
   * @throws LiteralPending if the octets are not in the buffer and were not streamed
   */
  public LiteralHeader literalHeader(boolean allowBinary) {
    int start = pos;
    boolean binary = tryChar('~');
    if (binary && !allowBinary) {
      throw error("literal8 not allowed here");
    }
    expect('{');
    int digits = pos;
    long size = 0;
    while (pos < end && buf[pos] >= '0' && buf[pos] <= '9') {
      if (pos - digits >= 19) {
        throw error("literal size too large");
      }
      size = size * 10 + (buf[pos] - '0');
      pos++;
    }
    if (pos == digits || size < 0) {
      throw error(pos == digits ? "literal size expected" : "literal size too large");
    }
    boolean nonSync = tryChar('+');
    expect('}');
    tryChar('\r');
    if (pos >= end || buf[pos] != '\n') {
      throw error("literal header must end the line");
    }
    pos++;
    boolean streamedAway = Arrays.binarySearch(streamed, start) >= 0;
    if (start == pendingOffset || (!streamedAway && size > end - pos)) {
      throw new LiteralPending(start, size, nonSync, binary);
    }
    return new LiteralHeader(start, size, nonSync, binary, pos, streamedAway);
  }

  /**
   * Consumes the octets of a literal whose header was just read.
   *
   * @param h the header
   * @return the octets (NUL refused unless literal8, RFC 9051 §9 {@code CHAR8})
   */
  public byte[] literalData(LiteralHeader h) {
    int n = (int) h.size();
    if (!h.binary()) {
      for (int i = pos; i < pos + n; i++) {
        if (buf[i] == 0) {
          throw error("NUL in literal");
        }
      }
    }
    byte[] out = Arrays.copyOfRange(buf, pos, pos + n);
    pos += n;
    return out;
  }

  /**
   * Decodes string octets as UTF-8, strictly (RFC 9051 §4.3: strings are UTF-8 or US-ASCII).
   *
   * @param octets the string's octets
   * @return the text
   */
  public String text(byte[] octets) {
    if (!Utf8.isValid(octets, 0, octets.length)) {
      throw error("string is not valid UTF-8");
    }
    return Utf8.decode(octets, 0, octets.length);
  }

  /** {@return the rest of the line as text: TEXT-CHAR or UTF-8 (RFC 9051 §9 {@code text}), possibly empty} */
  public String restOfLine() {
    int start = pos;
    for (; pos < end; pos++) {
      int c = buf[pos] & 0xFF;
      if (c == 0 || c == '\r' || c == '\n') {
        throw error("invalid character in text");
      }
    }
    if (!Utf8.isValid(buf, start, end - start)) {
      throw error("text is not valid UTF-8");
    }
    return Utf8.decode(buf, start, end - start);
  }

  /**
   * The rest of the line as text, leniently: invalid UTF-8 becomes U+FFFD, as do CR and NUL, so a peer's text
   * never fails a response (a client reading a server's human-readable text).
   *
   * @return the text, possibly empty
   */
  public String lenientRest() {
    String s = new String(buf, pos, end - pos, java.nio.charset.StandardCharsets.UTF_8);
    pos = end;
    return s.replace('\r', '\uFFFD').replace('\0', '\uFFFD');
  }

  /**
   * Text between two offsets, leniently decoded (see {@link #lenientRest()}).
   *
   * @param from the first octet
   * @param to   the offset after the last
   * @return the text
   */
  public String lenientText(int from, int to) {
    return new String(buf, from, to - from, java.nio.charset.StandardCharsets.UTF_8)
        .replace('\r', '\uFFFD').replace('\n', '\uFFFD').replace('\0', '\uFFFD');
  }

  /**
   * Skips one value of any kind (RFC 9051 §9 {@code tagged-ext-val}, {@code body-extension}): an atom or number,
   * NIL, a string (quoted or literal, literal8 included) or a parenthesised list of values, nesting limited.
   */
  public void skipValue() {
    int c = peek();
    if (c == '(') {
      open();
      if (peek() != ')') {
        do {
          skipValue();
        } while (trySp());
      }
      close();
    } else if (c == '"') {
      quotedBytes();
    } else if (atLiteral()) {
      LiteralHeader h = literalHeader(true);
      if (!h.streamed()) {
        pos += (int) h.size();
      }
    } else {
      int start = pos;
      while (pos < end && buf[pos] != ' ' && buf[pos] != ')' && buf[pos] != '(' && buf[pos] != '\r'
          && buf[pos] != '\n') {
        pos++;
      }
      if (pos == start) {
        throw error("value expected");
      }
    }
  }

  /** {@return a {@code list-mailbox}'s octets: 1*list-char or a string} */
  public byte[] listMailboxBytes() {
    int c = peek();
    if (c == '"' || c == '{') {
      return stringBytes();
    }
    return bytes(run(CharClasses.LIST, "mailbox pattern"));
  }
}
