package dev.missive.message.address;

import dev.missive.message.address.internal.AddressLiterals;
import dev.missive.message.address.internal.Chars;

/**
 * A one-shot scanner of the RFC 5321 §4.1.2 path grammar over a {@code CharSequence}, with the UTF-8 extension
 * of RFC 6531 §3.3 when enabled. It never throws on any input: failures are recorded in {@link #error()},
 * {@link #errorIndex()} and {@link #errorDetail()}.
 */
final class SmtpPathScanner {

  /** RFC 5321 §4.5.3.1.1. */
  public static final int MAX_LOCAL_PART = 64;
  /** RFC 5321 §4.5.3.1.2. */
  public static final int MAX_DOMAIN = 255;
  /** RFC 5321 §4.5.3.1.3. */
  public static final int MAX_PATH = 256;

  private final CharSequence text;
  private final boolean utf8;
  private int pos;
  private PathError error;
  private int errorIndex;
  private String errorDetail;

  /** A scanner positioned at {@code start}. */
  public SmtpPathScanner(CharSequence text, int start, boolean utf8) {
    this.text = text;
    this.pos = start;
    this.utf8 = utf8;
  }

  /** The current index. */
  public int position() {
    return pos;
  }

  /** The error, or null if none. */
  public PathError error() {
    return error;
  }

  /** Where the error was found. */
  public int errorIndex() {
    return errorIndex;
  }

  /** A short ASCII explanation of the error. */
  public String errorDetail() {
    return errorDetail;
  }

  /** Consumes {@code c} if it is next. */
  public boolean accept(char c) {
    if (pos < text.length() && text.charAt(pos) == c) {
      pos++;
      return true;
    }
    return false;
  }

  /** Consumes {@code word} case-insensitively if it is next (ASCII words only). */
  public boolean acceptIgnoreCase(String word) {
    if (text.length() - pos < word.length()) {
      return false;
    }
    for (int i = 0; i < word.length(); i++) {
      char c = text.charAt(pos + i);
      char lower = c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
      if (lower != word.charAt(i)) {
        return false;
      }
    }
    pos += word.length();
    return true;
  }

  /** Consumes {@code c} or records a syntax error. */
  public boolean expect(char c, String what) {
    return accept(c) || fail(PathError.SYNTAX, pos, "expected " + what);
  }

  /**
   * Consumes an {@code A-d-l ":"} source route if one starts here (RFC 5321 §4.1.2, Appendix C); its domains are
   * checked and dropped.
   */
  public boolean skipSourceRoute() {
    if (pos >= text.length() || text.charAt(pos) != '@') {
      return true;
    }
    do {
      if (!expect('@', "'@' in source route") || scanDomain() == null) {
        return false;
      }
    } while (accept(','));
    return expect(':', "':' after source route");
  }

  /** Scans {@code Mailbox = Local-part "@" ( Domain / address-literal )}; null on failure. */
  public AddrSpec scanMailbox() {
    int start = pos;
    String local = peek() == '"' ? scanQuotedString() : scanDotString();
    if (local == null) {
      return null;
    }
    if (Chars.utf8Length(text, start, pos) > MAX_LOCAL_PART) {
      return nullFail(PathError.LOCAL_PART_TOO_LONG, start, "local part longer than 64 octets");
    }
    if (!expect('@', "'@'")) {
      return null;
    }
    Domain domain = scanDomain();
    return domain == null ? null : new AddrSpec(new LocalPart(local), domain);
  }

  /** Scans {@code Domain / address-literal}; null on failure. */
  public Domain scanDomain() {
    int start = pos;
    boolean ok = peek() == '[' ? scanAddressLiteral() : scanSubDomains();
    if (!ok) {
      return null;
    }
    if (Chars.utf8Length(text, start, pos) > MAX_DOMAIN) {
      return nullFail(PathError.DOMAIN_TOO_LONG, start, "domain longer than 255 octets");
    }
    return new Domain(text.subSequence(start, pos).toString());
  }

  /** Records a failure; always returns false. */
  public boolean fail(PathError e, int index, String detail) {
    if (error == null) {
      error = e;
      errorIndex = index;
      errorDetail = detail;
    }
    return false;
  }

  private <T> T nullFail(PathError e, int index, String detail) {
    fail(e, index, detail);
    return null;
  }

  private int peek() {
    return pos < text.length() ? Character.codePointAt(text, pos) : -1;
  }

  /** Whether the code point is ASCII or UTF-8 is on; records NON_ASCII otherwise. */
  private boolean asciiOrUtf8(int c) {
    return c < 0x80 || utf8 || fail(PathError.NON_ASCII, pos, "non-ASCII character without SMTPUTF8");
  }

  private String scanDotString() {
    int start = pos;
    while (true) {
      int atomStart = pos;
      for (int c = peek(); c >= 0; c = peek()) {
        if (!asciiOrUtf8(c)) {
          return null;
        }
        if (!Chars.isAtext(c, true)) {
          break;
        }
        pos += Character.charCount(c);
      }
      if (pos == atomStart) {
        return nullFail(PathError.SYNTAX, pos, peek() == '.' || pos == start
            ? "empty atom in local part" : "invalid character in local part");
      }
      if (!accept('.')) {
        return text.subSequence(start, pos).toString();
      }
    }
  }

  private String scanQuotedString() {
    int open = pos++;
    StringBuilder content = new StringBuilder();
    for (int c = peek(); c != '"'; c = peek()) {
      if (c < 0) {
        return nullFail(PathError.SYNTAX, open, "unterminated quoted string");
      }
      if (!asciiOrUtf8(c)) {
        return null;
      }
      if (c == '\\') {
        pos++;
        c = peek();
        if (!Chars.isPrintableAscii(c)) {
          return nullFail(c >= 0x80 && !utf8 ? PathError.NON_ASCII : PathError.SYNTAX, pos,
              "invalid quoted pair");
        }
      } else if (!Chars.isQtextSmtp(c) && !Chars.isAcceptableNonAscii(c)) {
        return nullFail(PathError.SYNTAX, pos, "invalid character in quoted string");
      }
      content.appendCodePoint(c);
      pos += Character.charCount(c);
    }
    pos++;
    return content.toString();
  }

  /** {@code sub-domain *("." sub-domain)}, {@code sub-domain = Let-dig [Ldh-str]} or a U-label (RFC 6531). */
  private boolean scanSubDomains() {
    while (true) {
      int labelStart = pos;
      int last = -1;
      for (int c = peek(); c >= 0; c = peek()) {
        if (!asciiOrUtf8(c)) {
          return false;
        }
        if (!Chars.isLetDig(c) && c != '-' && !Chars.isDomainNonAscii(c)) {
          break;
        }
        if (pos == labelStart && c == '-') {
          return fail(PathError.SYNTAX, pos, "domain label starts with '-'");
        }
        last = c;
        pos += Character.charCount(c);
      }
      if (pos == labelStart) {
        return fail(PathError.SYNTAX, pos, "empty domain label");
      }
      if (last == '-') {
        return fail(PathError.SYNTAX, pos - 1, "domain label ends with '-'");
      }
      if (!accept('.')) {
        return true;
      }
    }
  }

  private boolean scanAddressLiteral() {
    int open = pos++;
    int start = pos;
    while (pos < text.length() && text.charAt(pos) != ']') {
      char c = text.charAt(pos);
      if (c >= 0x80 && !utf8) {
        return fail(PathError.NON_ASCII, pos, "non-ASCII character without SMTPUTF8");
      }
      if (!Chars.isAsciiDtext(c)) {
        return fail(PathError.SYNTAX, pos, "invalid character in address literal");
      }
      pos++;
    }
    if (pos >= text.length()) {
      return fail(PathError.SYNTAX, open, "unterminated address literal");
    }
    String content = text.subSequence(start, pos).toString();
    pos++;
    return AddressLiterals.isValid(content) || fail(PathError.SYNTAX, open, "invalid address literal");
  }
}
