package dev.missive.smtp.server.internal;

import java.nio.ByteBuffer;

/**
 * The SMTP and LMTP command verbs (RFC 5321 §4.1.1, RFC 2033 §4.1, RFC 3207, RFC 4954, RFC 3030, RFC 1985, RFC 2645), recognised from a
 * command line by packing its first four letters, upper-cased, into one {@code int} (docs/architecture.md, "Hot paths"): no
 * string is made for the verb.
 */
public enum Verb {
  HELO, EHLO, LHLO, MAIL, RCPT, DATA, BDAT, RSET, NOOP, QUIT, VRFY, EXPN, HELP, STARTTLS, AUTH,
  /** Postfix's XCLIENT and XFORWARD (only for the host's configured clients). */
  XCLIENT, XFORWARD,
  /** Remote message queue starting (RFC 1985 §5). */
  ETRN,
  /** Authenticated TURN (RFC 2645 §5.2.1). */
  ATRN,
  /** RFC 821 relics: recognised, never implemented (502 5.5.1). */
  SEND, SOML, SAML, TURN,
  /** Anything else (500 5.5.2). */
  UNKNOWN;

  private static final int P_HELO = 'H' << 24 | 'E' << 16 | 'L' << 8 | 'O';
  private static final int P_EHLO = 'E' << 24 | 'H' << 16 | 'L' << 8 | 'O';
  private static final int P_LHLO = 'L' << 24 | 'H' << 16 | 'L' << 8 | 'O';
  private static final int P_MAIL = 'M' << 24 | 'A' << 16 | 'I' << 8 | 'L';
  private static final int P_RCPT = 'R' << 24 | 'C' << 16 | 'P' << 8 | 'T';
  private static final int P_DATA = 'D' << 24 | 'A' << 16 | 'T' << 8 | 'A';
  private static final int P_BDAT = 'B' << 24 | 'D' << 16 | 'A' << 8 | 'T';
  private static final int P_RSET = 'R' << 24 | 'S' << 16 | 'E' << 8 | 'T';
  private static final int P_NOOP = 'N' << 24 | 'O' << 16 | 'O' << 8 | 'P';
  private static final int P_QUIT = 'Q' << 24 | 'U' << 16 | 'I' << 8 | 'T';
  private static final int P_VRFY = 'V' << 24 | 'R' << 16 | 'F' << 8 | 'Y';
  private static final int P_EXPN = 'E' << 24 | 'X' << 16 | 'P' << 8 | 'N';
  private static final int P_HELP = 'H' << 24 | 'E' << 16 | 'L' << 8 | 'P';
  private static final int P_STAR = 'S' << 24 | 'T' << 16 | 'A' << 8 | 'R';
  private static final int P_TTLS = 'T' << 24 | 'T' << 16 | 'L' << 8 | 'S';
  private static final int P_AUTH = 'A' << 24 | 'U' << 16 | 'T' << 8 | 'H';
  private static final int P_SEND = 'S' << 24 | 'E' << 16 | 'N' << 8 | 'D';
  private static final int P_SOML = 'S' << 24 | 'O' << 16 | 'M' << 8 | 'L';
  private static final int P_SAML = 'S' << 24 | 'A' << 16 | 'M' << 8 | 'L';
  private static final int P_TURN = 'T' << 24 | 'U' << 16 | 'R' << 8 | 'N';
  private static final int P_ATRN = 'A' << 24 | 'T' << 16 | 'R' << 8 | 'N';
  private static final int P_ETRN = 'E' << 24 | 'T' << 16 | 'R' << 8 | 'N';
  private static final int P_XCLI = 'X' << 24 | 'C' << 16 | 'L' << 8 | 'I';
  private static final int P_XFOR = 'X' << 24 | 'F' << 16 | 'O' << 8 | 'R';

  /** Octets the verb occupies on the line (the argument starts after them and one space). */
  public int length() {
    return this == STARTTLS || this == XFORWARD ? 8 : this == XCLIENT ? 7 : 4;
  }

  /**
   * Recognises the verb at the start of {@code line} (a command line without CRLF; position to limit). A verb
   * must be followed by a space or the end of the line; case does not matter (RFC 5321 §2.4).
   */
  public static Verb of(ByteBuffer line) {
    int p = line.position();
    int n = line.limit() - p;
    if (n < 4) {
      return UNKNOWN;
    }
    int packed = pack(line, p);
    if (packed == P_STAR) {
      if (n >= 8 && pack(line, p + 4) == P_TTLS && (n == 8 || line.get(p + 8) == ' ')) {
        return STARTTLS;
      }
      return UNKNOWN;
    }
    if (packed == P_XCLI || packed == P_XFOR) {
      Verb verb = packed == P_XCLI ? XCLIENT : XFORWARD;
      return endsAs(line, p, n, verb.length(), verb == XCLIENT ? "ENT" : "WARD") ? verb : UNKNOWN;
    }
    if (n > 4 && line.get(p + 4) != ' ') {
      return UNKNOWN;
    }
    switch (packed) {
      case P_HELO: return HELO;
      case P_EHLO: return EHLO;
      case P_LHLO: return LHLO;
      case P_MAIL: return MAIL;
      case P_RCPT: return RCPT;
      case P_DATA: return DATA;
      case P_BDAT: return BDAT;
      case P_RSET: return RSET;
      case P_NOOP: return NOOP;
      case P_QUIT: return QUIT;
      case P_VRFY: return VRFY;
      case P_EXPN: return EXPN;
      case P_HELP: return HELP;
      case P_AUTH: return AUTH;
      case P_SEND: return SEND;
      case P_SOML: return SOML;
      case P_SAML: return SAML;
      case P_TURN: return TURN;
      case P_ETRN: return ETRN;
      case P_ATRN: return ATRN;
      default: return UNKNOWN;
    }
  }

  /** Whether the verb's letters after its first four are {@code rest} (any case) and a space or the end follows. */
  private static boolean endsAs(ByteBuffer line, int p, int n, int length, String rest) {
    if (n < length || n > length && line.get(p + length) != ' ') {
      return false;
    }
    for (int i = 0; i < rest.length(); i++) {
      if (Character.toUpperCase((char) (line.get(p + 4 + i) & 0xFF)) != rest.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  /** Four octets at {@code at}, ASCII letters upper-cased, packed big-endian; non-letters make it unmatched. */
  private static int pack(ByteBuffer line, int at) {
    int v = 0;
    for (int i = 0; i < 4; i++) {
      int b = line.get(at + i) & 0xFF;
      if (b >= 'a' && b <= 'z') {
        b -= 'a' - 'A';
      } else if (b < 'A' || b > 'Z') {
        return 0;
      }
      v = v << 8 | b;
    }
    return v;
  }
}
