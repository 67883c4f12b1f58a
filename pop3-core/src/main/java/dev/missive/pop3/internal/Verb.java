package dev.missive.pop3.internal;

import dev.missive.pop3.server.Pop3State;
import java.nio.ByteBuffer;
import java.util.EnumSet;
import java.util.Set;

/**
 * The POP3 commands the server knows, each with the states that allow it: the state machine's table
 * (RFC 1939 §4–§7, RFC 2449 §5 CAPA, RFC 2595 §4 STLS, RFC 5034 §4 AUTH, RFC 6856 §2 UTF8 and §3 LANG; DESIGN.md rule 11).
 * Verbs are matched case-insensitively as packed ints, never as strings (rule 12).
 */
public enum Verb {
  USER(Pop3State.AUTHORIZATION),
  PASS(Pop3State.AUTHORIZATION),
  APOP(Pop3State.AUTHORIZATION),
  AUTH(Pop3State.AUTHORIZATION),
  STLS(Pop3State.AUTHORIZATION),
  UTF8(Pop3State.AUTHORIZATION),
  LANG(Pop3State.AUTHORIZATION, Pop3State.TRANSACTION),
  CAPA(Pop3State.AUTHORIZATION, Pop3State.TRANSACTION),
  QUIT(Pop3State.AUTHORIZATION, Pop3State.TRANSACTION),
  STAT(Pop3State.TRANSACTION),
  LIST(Pop3State.TRANSACTION),
  RETR(Pop3State.TRANSACTION),
  DELE(Pop3State.TRANSACTION),
  NOOP(Pop3State.TRANSACTION),
  RSET(Pop3State.TRANSACTION),
  TOP(Pop3State.TRANSACTION),
  UIDL(Pop3State.TRANSACTION);

  private static final Verb[] VALUES = values();

  private final int packed;
  private final Set<Pop3State> allowedIn;

  Verb(Pop3State first, Pop3State... more) {
    this.packed = pack(name());
    this.allowedIn = EnumSet.of(first, more);
  }

  /** Whether the command is allowed in {@code state}. */
  public boolean allowedIn(Pop3State state) {
    return allowedIn.contains(state);
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
