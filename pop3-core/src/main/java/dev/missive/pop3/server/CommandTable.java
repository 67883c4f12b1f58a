package dev.missive.pop3.server;

import dev.missive.pop3.server.internal.Verb;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Which command each state allows: the state machine's table (RFC 1939 §4–§7; CAPA in both states, RFC 2449 §5;
 * STLS, AUTH and UTF8 before login, RFC 2595 §4, RFC 5034 §4, RFC 6856 §2; LANG in both, RFC 6856 §3;
 * docs/architecture.md, "State machines"). UPDATE and CLOSED take no commands.
 */
final class CommandTable {

  private static final Map<Verb, Set<Pop3State>> ALLOWED = new EnumMap<>(Verb.class);

  static {
    for (Verb v : EnumSet.of(Verb.USER, Verb.PASS, Verb.APOP, Verb.AUTH, Verb.STLS, Verb.UTF8)) {
      ALLOWED.put(v, EnumSet.of(Pop3State.AUTHORIZATION));
    }
    for (Verb v : EnumSet.of(Verb.LANG, Verb.CAPA, Verb.QUIT)) {
      ALLOWED.put(v, EnumSet.of(Pop3State.AUTHORIZATION, Pop3State.TRANSACTION));
    }
    for (Verb v : EnumSet.of(Verb.STAT, Verb.LIST, Verb.RETR, Verb.DELE, Verb.NOOP, Verb.RSET, Verb.TOP,
        Verb.UIDL)) {
      ALLOWED.put(v, EnumSet.of(Pop3State.TRANSACTION));
    }
  }

  private CommandTable() {
  }

  /** {@return whether {@code verb} is allowed in {@code state}} */
  static boolean allows(Pop3State state, Verb verb) {
    return ALLOWED.get(verb).contains(state);
  }
}
