package dev.missive.smtp.server;

import dev.missive.smtp.server.internal.Verb;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Which commands each server state allows (docs/architecture.md, "State machines"; RFC 5321 §4.1.4 and §4.3.2, RFC 3030 §2, RFC 4954
 * §4, RFC 3207 §4). A recognised command outside its states gets 503 5.5.1. The engine's tests of sequencing are
 * written from the RFC, not from this table.
 */
final class CommandTable {

  private static final Set<Verb> ANY_TIME = EnumSet.of(Verb.HELO, Verb.EHLO, Verb.LHLO, Verb.RSET, Verb.NOOP,
      Verb.QUIT, Verb.VRFY, Verb.EXPN, Verb.HELP);
  private static final Map<ServerState, Set<Verb>> ALLOWED = new EnumMap<>(ServerState.class);

  static {
    // Postfix's XCLIENT and XFORWARD: "at any time, except in the middle of a mail delivery transaction"
    ALLOWED.put(ServerState.CONNECTED, union(Verb.XCLIENT, Verb.XFORWARD));
    // RFC 1985 §5, RFC 2645 §5.2: ETRN and ATRN between transactions, after the client greeted
    ALLOWED.put(ServerState.GREETED, union(Verb.MAIL, Verb.STARTTLS, Verb.AUTH, Verb.XCLIENT, Verb.XFORWARD,
        Verb.ETRN, Verb.ATRN));
    ALLOWED.put(ServerState.MAIL, union(Verb.RCPT));
    ALLOWED.put(ServerState.RCPT, union(Verb.RCPT, Verb.DATA, Verb.BDAT));
    ALLOWED.put(ServerState.CHUNKING, union(Verb.BDAT));
  }

  private CommandTable() {
  }

  private static Set<Verb> union(Verb... more) {
    Set<Verb> s = EnumSet.copyOf(ANY_TIME);
    s.addAll(EnumSet.of(more[0], more));
    return s;
  }

  /** Whether {@code verb} may be given in {@code state}; false in states that do not read commands. */
  static boolean allows(ServerState state, Verb verb) {
    Set<Verb> s = ALLOWED.get(state);
    return s != null && s.contains(verb);
  }
}
