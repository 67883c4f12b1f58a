package dev.missive.pop3.server.internal;

import java.nio.ByteBuffer;

/**
 * The POP3 commands the server knows (RFC 1939 §4–§7, RFC 2449 §5 CAPA, RFC 2595 §4 STLS, RFC 5034 §4 AUTH,
 * RFC 6856 §2 UTF8 and §3 LANG); which state allows which is the server's command table. Verbs are matched
 * case-insensitively as packed ints, never as strings (docs/architecture.md, "Hot paths").
 */
public enum Verb {
  USER,
  PASS,
  APOP,
  AUTH,
  STLS,
  UTF8,
  LANG,
  CAPA,
  QUIT,
  STAT,
  LIST,
  RETR,
  DELE,
  NOOP,
  RSET,
  TOP,
  UIDL;

  private static final Verb[] VALUES = values();

  private final int packed;

  Verb() {
    this.packed = pack(name());
  }

  /** The verb whose packed code is {@code packed}, or null. */
  public static Verb of(int packed) {
    for (Verb v : VALUES) {
      if (v.packed == packed) {
        return v;
      }
    }
    return null;
  }

  /**
   * Packs the first {@code length} octets of {@code line} (1 to 4 ASCII letters or digits, folded to upper case)
   * into an int; returns -1 for anything else, so no verb matches.
   */
  public static int pack(ByteBuffer line, int length) {
    if (length < 1 || length > 4) {
      return -1;
    }
    int code = 0;
    for (int i = 0; i < 4; i++) {
      int c = 0;
      if (i < length) {
        c = line.get(line.position() + i) & 0xFF;
        if (c >= 'a' && c <= 'z') {
          c -= 'a' - 'A';
        } else if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) {
          return -1;
        }
      }
      code = (code << 8) | c;
    }
    return code;
  }

  private static int pack(String name) {
    int code = 0;
    for (int i = 0; i < 4; i++) {
      code = (code << 8) | (i < name.length() ? name.charAt(i) : 0);
    }
    return code;
  }
}
