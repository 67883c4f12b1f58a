package dev.missive.imap.internal;

import dev.missive.imap.Flag;
import dev.missive.imap.SequenceSet;
import dev.missive.imap.internal.text.CharClasses;
import dev.missive.imap.internal.text.SequenceSetSyntax;
import dev.missive.imap.internal.text.Utf8;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The IMAP tokenizer shared by both directions (RFC 9051 §4 and §9): atoms, numbers, quoted strings, literals
 * ({@code {n}}, {@code {n+}} of RFC 7888, {@code ~{n}} literal8 of RFC 3516), NIL, parenthesised lists with a
 * depth limit, sequence sets with {@code *} and {@code $}, flags and dates, read from a buffer that holds one whole
 * command or response (its final CRLF excluded).
 *
 * <p>Every method either consumes what it read or throws {@link SyntaxException} with a text fit for a BAD
 * response; a literal whose octets are not in the buffer yet throws {@link LiteralPending}. Literals whose octets a
 * decoder streamed elsewhere are {@linkplain #markStreamed(int) marked} and read as headers only. Not thread-safe.
 */
public final class Lexer {

  private static final String[] MONTHS =
      {"JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};

  private final byte[] buf;
  private final int end;
  private final int maxDepth;
  private int pos;
  private int depth;
  private int[] streamed = new int[0];
  private int pendingOffset = -1;
  private boolean lenientSpaces;

  /**
   * A lexer over {@code buf[pos, end)}.
   *
   * @param buf      the bytes of one command or response
   * @param pos      where to start
   * @param end      the end of the command (before its final CRLF)
   * @param maxDepth how deeply parentheses may nest
   */
  public Lexer(byte[] buf, int pos, int end, int maxDepth) {
    this.buf = buf;
    this.pos = pos;
    this.end = end;
    this.maxDepth = maxDepth;
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
   * Lets {@link #sp()} and {@link #trySp()} take a run of spaces as one, as a client reading servers that pad their
   * responses must (RFC 9051's own examples have {@code * LIST () "."  "INBOX"}). Off by default: RFC 9051 §9
   * says SP is exactly one space, and the server side holds clients to it.
   */
  public void lenientSpaces() {
    lenientSpaces = true;
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

  private String run(int cls, String what) {
    int start = pos;
    while (pos < end && CharClasses.is(cls, buf[pos])) {
      pos++;
    }
    if (pos == start) {
      throw error(what + " expected");
    }
    return ascii(start, pos);
  }

  // ---- strings ----

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
   * A literal's header: where it starts, its size and form, where its octets start, and whether they were
   * streamed away.
   *
   * @param offset           offset of the open brace or {@code ~}
   * @param size             announced octet count
   * @param nonSynchronizing whether it carried {@code +}
   * @param binary           whether it is a literal8
   * @param dataOffset       offset of its first octet
   * @param streamed         whether its octets are not in the buffer (streamed by the decoder)
   */
  public record LiteralHeader(int offset, long size, boolean nonSynchronizing, boolean binary, int dataOffset,
                              boolean streamed) {}

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

  // ---- numbers ----

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

  private long digits(long max, int maxDigits, String what) {
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

  // ---- sequence sets ----

  /** {@return a {@code sequence-set} (RFC 9051 §9), or {@code $} (RFC 5182)} */
  public SequenceSet sequenceSet() {
    if (tryChar('$')) {
      return SequenceSet.saved();
    }
    try {
      SequenceSetSyntax.Result r = SequenceSetSyntax.scan(buf, pos, end);
      pos = r.end;
      return SequenceSet.ofRanges(r.pairs);
    } catch (IllegalArgumentException e) {
      throw error(e.getMessage());
    }
  }

  /** {@return whether a sequence set seems to come next (a digit, {@code *} or {@code $})} */
  public boolean atSequenceSet() {
    int c = peek();
    return (c >= '0' && c <= '9') || c == '*' || c == '$';
  }

  // ---- flags ----

  /** {@return a {@code flag} or {@code flag-perm}: {@code \atom}, {@code \*} or a keyword atom} */
  public Flag flag() {
    int start = pos;
    if (tryChar('\\')) {
      if (tryChar('*')) {
        return Flag.ANY_KEYWORD;
      }
      atom();
    } else {
      atom();
    }
    return new Flag(ascii(start, pos));
  }

  /** {@return a {@code flag-list}: {@code (} [flag *(SP flag)] {@code )}} */
  public List<Flag> flagList() {
    open();
    List<Flag> flags = new ArrayList<>();
    if (!tryChar(')')) {
      do {
        flags.add(flag());
      } while (trySp());
      close();
    } else {
      leave();
    }
    return flags;
  }

  // ---- dates ----

  /** {@return a {@code date}: {@code date-text}, bare or quoted} */
  public java.time.LocalDate date() {
    boolean quoted = tryChar('"');
    java.time.LocalDate d = dateText();
    if (quoted) {
      expect('"');
    }
    return d;
  }

  private java.time.LocalDate dateText() {
    int day = (int) digits(31, 2, "day");
    expect('-');
    int month = month();
    expect('-');
    int year = fixedDigits(4, "year");
    try {
      return java.time.LocalDate.of(year, month, day);
    } catch (java.time.DateTimeException e) {
      throw error("invalid date");
    }
  }

  private int month() {
    if (pos + 3 > end) {
      throw error("month expected");
    }
    String m = upper(ascii(pos, pos + 3));
    for (int i = 0; i < 12; i++) {
      if (MONTHS[i].equals(m)) {
        pos += 3;
        return i + 1;
      }
    }
    throw error("month expected");
  }

  private int fixedDigits(int count, String what) {
    int n = 0;
    for (int i = 0; i < count; i++) {
      int c = peek();
      if (c < '0' || c > '9') {
        throw error(what + " expected");
      }
      n = n * 10 + (c - '0');
      pos++;
    }
    return n;
  }

  /** {@return a {@code date-time}: {@code "dd-Mon-yyyy hh:mm:ss +zzzz"} (a day of one digit accepted)} */
  public java.time.OffsetDateTime dateTime() {
    expect('"');
    tryChar(' ');
    int day = (int) digits(31, 2, "day");
    expect('-');
    int month = month();
    expect('-');
    int year = fixedDigits(4, "year");
    sp();
    int hour = fixedDigits(2, "hour");
    expect(':');
    int minute = fixedDigits(2, "minute");
    expect(':');
    int second = fixedDigits(2, "second");
    sp();
    int sign = tryChar('+') ? 1 : tryChar('-') ? -1 : 0;
    if (sign == 0) {
      throw error("zone expected");
    }
    int zone = fixedDigits(4, "zone");
    expect('"');
    try {
      java.time.ZoneOffset offset =
          java.time.ZoneOffset.ofHoursMinutes(sign * (zone / 100), sign * (zone % 100));
      return java.time.OffsetDateTime.of(year, month, day, hour, minute, second, 0, offset);
    } catch (java.time.DateTimeException e) {
      throw error("invalid date-time");
    }
  }

  // ---- helpers ----

  private String ascii(int from, int to) {
    return new String(buf, from, to - from, java.nio.charset.StandardCharsets.ISO_8859_1);
  }

  private static byte[] bytes(String ascii) {
    return ascii.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
  }

  private static String upper(String s) {
    return CharClasses.upper(s);
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
