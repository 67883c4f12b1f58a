package dev.missive.imap.internal;

import dev.missive.imap.Flag;
import dev.missive.imap.SequenceSet;
import dev.missive.imap.internal.text.SequenceSetSyntax;
import java.util.ArrayList;
import java.util.List;

/**
 * The IMAP tokenizer shared by both directions (RFC 9051 §4 and §9), read from a buffer that holds one whole
 * command or response (its final CRLF excluded), in three layers: {@code LexerCursor} the position and the
 * smallest pieces (characters, SP, parenthesised lists with a depth limit, atoms, numbers), {@code StringLexer}
 * strings and literals ({@code {n}}, {@code {n+}} of RFC 7888, {@code ~{n}} literal8 of RFC 3516, NIL), and this
 * class the compound values: sequence sets with {@code *} and {@code $}, flags, flag lists, dates and date-times.
 *
 * <p>Every method either consumes what it read or throws {@link SyntaxException} with a text fit for a BAD
 * response; a literal whose octets are not in the buffer yet throws {@link LiteralPending}. Literals whose octets a
 * decoder streamed elsewhere are {@linkplain #markStreamed(int) marked} and read as headers only. Not thread-safe.
 */
public final class Lexer extends StringLexer {

  private static final String[] MONTHS =
      {"JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};

  /**
   * A lexer over {@code buf[pos, end)}.
   *
   * @param buf      the bytes of one command or response
   * @param pos      where to start
   * @param end      the end of the command (before its final CRLF)
   * @param maxDepth how deeply parentheses may nest
   */
  public Lexer(byte[] buf, int pos, int end, int maxDepth) {
    super(buf, pos, end, maxDepth);
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
}
