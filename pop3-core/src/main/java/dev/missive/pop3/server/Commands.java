package dev.missive.pop3.server;

import dev.missive.pop3.Pop3Response;
import dev.missive.pop3.server.internal.Capabilities;
import dev.missive.pop3.server.internal.CommandLine;
import dev.missive.pop3.server.internal.LanguageCommand;
import dev.missive.pop3.server.internal.Verb;

/**
 * One command line of a session: the checks every command gets (a known verb, allowed in this state by the
 * {@link CommandTable}, arguments that are acceptable text; RFC 1939 §3–§5), the commands of both states (CAPA,
 * RFC 2449 §5; LANG, RFC 6856 §3; QUIT, RFC 1939 §5–§6), and the hand-off to the {@link LoginPhase} in
 * AUTHORIZATION and the {@link RetrievalPhase} in TRANSACTION. It returns a {@link Step}; {@link Pop3Server}
 * applies it.
 */
final class Commands {

  private final Pop3ServerConfig config;
  private final Capabilities capabilities;
  private final LoginPhase login;

  Commands(Pop3ServerConfig config, LoginPhase login) {
    this.config = config;
    this.login = login;
    this.capabilities = new Capabilities(config.stlsAvailable(), config.utf8(), config.implementation(),
        config.expire(), config.loginDelay(), config.lang());
  }

  /**
   * Handles one command line.
   *
   * @param cmd              the parsed line
   * @param state            AUTHORIZATION or TRANSACTION
   * @param retrieval        the TRANSACTION phase, null before
   * @param tlsActive        whether TLS is in place
   * @param plaintextAllowed whether plaintext logins are allowed now (docs/security.md, "Logins before TLS")
   */
  Step handle(CommandLine cmd, Pop3State state, RetrievalPhase retrieval, boolean tlsActive,
      boolean plaintextAllowed) {
    Verb verb = cmd.verb();
    String afterUser = login.lineSeen();
    if (verb == null) {
      return new Step.Bad(Pop3Response.err("unknown command"), "unknown command");
    } else if (!CommandTable.allows(state, verb)) {
      return new Step.Bad(Pop3Response.err(verb + " is not valid in the " + state + " state"), verb + " in " + state);
    } else if (cmd.arguments() == null && verb != Verb.PASS) {
      return new Step.Bad(Pop3Response.err("invalid characters in the arguments"), "invalid argument octets");
    } else if (verb == Verb.CAPA) {
      return cmd.arguments().isEmpty() ? new Step.Listing(Pop3Response.ok("Capability list follows"),
          capabilities.lines(state == Pop3State.AUTHORIZATION, tlsActive, plaintextAllowed,
              login.mechanisms(plaintextAllowed)))
          : new Step.Bad(Pop3Response.err("no arguments expected"), "CAPA with arguments");
    } else if (verb == Verb.LANG) {
      return lang(cmd);
    } else if (verb == Verb.QUIT) {
      return state == Pop3State.AUTHORIZATION
          ? new Step.SignOff(Pop3Response.ok(config.hostname() + " POP3 server signing off"), false)
          : new Step.Ask(retrieval.quit());
    } else if (state == Pop3State.AUTHORIZATION) {
      return login.command(verb, cmd, afterUser, plaintextAllowed, tlsActive);
    }
    return retrieval.command(verb, cmd);
  }

  private Step lang(CommandLine cmd) {
    if (!config.lang()) {
      return new Step.Bad(Pop3Response.err("unknown command"), "LANG while not offered");
    }
    LanguageCommand.Result r = LanguageCommand.handle(cmd.args());
    if (r.syntaxError()) {
      return new Step.Bad(r.response(), "LANG with an invalid language range");
    }
    return r.listing() != null ? new Step.Listing(r.response(), r.listing()) : new Step.Reply(r.response());
  }
}
