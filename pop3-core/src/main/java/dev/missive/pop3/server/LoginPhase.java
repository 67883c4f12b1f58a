package dev.missive.pop3.server;

import dev.missive.pop3.Password;
import dev.missive.pop3.Pop3Response;
import dev.missive.pop3.ResponseCode;
import dev.missive.pop3.internal.ApopDigest;
import dev.missive.pop3.server.internal.AuthReplies;
import dev.missive.pop3.server.internal.AuthorizationCommands;
import dev.missive.pop3.server.internal.CommandLine;
import dev.missive.pop3.server.internal.Verb;
import dev.missive.sasl.Authentication;
import dev.missive.sasl.SaslFailure;
import dev.missive.sasl.exchange.internal.SaslServerExchange;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The AUTHORIZATION state's logins: USER and PASS (RFC 1939 §7, PASS only right after a successful USER), APOP
 * (§7, the digest checked here in constant time), AUTH over the shared {@link SaslServerExchange} (RFC 5034 §4,
 * with POP3's {@code + } prefix and {@link AuthReplies}), STLS (RFC 2595 §4) and UTF8 (RFC 6856 §2), and the count
 * of failed logins (docs/security.md, "Password guessing"). It never writes output: each step returns a
 * {@link Step} that {@link Pop3Server} alone applies.
 */
final class LoginPhase {

  private static final Logger LOG = LoggerFactory.getLogger(LoginPhase.class);

  private final String sessionId;
  private final String apopTimestamp;
  private final AuthorizationCommands commands;
  private final SaslServerExchange sasl;
  private final int maxFailures;
  private final Duration failureDelay;
  private int failures;
  private String user;
  private String mechanism;

  LoginPhase(Pop3ServerConfig config, String apopTimestamp, String sessionId) {
    this.sessionId = sessionId;
    this.apopTimestamp = apopTimestamp;
    this.commands = new AuthorizationCommands(apopTimestamp != null, config.stlsAvailable(), config.utf8());
    this.sasl = new SaslServerExchange(config.sasl());
    this.maxFailures = config.limits().maxFailedLogins();
    this.failureDelay = config.limits().failedLoginDelay();
  }

  /** {@return the SASL mechanisms to advertise now (RFC 5034 §3)} */
  List<String> mechanisms(boolean plaintextAllowed) {
    return sasl.advertised(plaintextAllowed);
  }

  /** {@return whether a SASL exchange runs: the next line is a response, not a command} */
  boolean inExchange() {
    return sasl.inProgress();
  }

  /**
   * Handles one AUTHORIZATION command.
   *
   * @param verb             an AUTHORIZATION command other than CAPA, LANG and QUIT
   * @param cmd              the parsed line
   * @param afterUser        the name of a USER on the line before ({@link #lineSeen()}), or null
   * @param plaintextAllowed whether plaintext logins are allowed now (docs/security.md, "Logins before TLS")
   * @param tlsActive        whether TLS is in place
   */
  Step command(Verb verb, CommandLine cmd, String afterUser, boolean plaintextAllowed, boolean tlsActive) {
    AuthorizationCommands.Result r = commands.handle(verb, cmd, afterUser, plaintextAllowed, tlsActive);
    if (r instanceof AuthorizationCommands.Result.Bad bad) {
      return new Step.Bad(bad.response(), bad.description());
    } else if (r instanceof AuthorizationCommands.Result.User u) {
      user = u.name();
      return new Step.Reply(Pop3Response.ok("send PASS"));
    } else if (r instanceof AuthorizationCommands.Result.Pass p) {
      byte[] octets = p.password();
      Step ask = new Step.Ask(new Pending.Login(
          new Pop3ServerEvent.LoginRequested(p.user(), Password.ofBytes(octets))));
      Arrays.fill(octets, (byte) 0);
      return ask;
    } else if (r instanceof AuthorizationCommands.Result.Apop a) {
      return new Step.Ask(new Pending.ApopSecret(new Pop3ServerEvent.ApopSecretRequested(a.user()), a.digest()));
    } else if (r instanceof AuthorizationCommands.Result.Auth a) {
      mechanism = a.mechanism();
      return step(sasl.start(a.mechanism(), a.initialResponse(), plaintextAllowed));
    } else if (r instanceof AuthorizationCommands.Result.ListMechanisms) {
      return new Step.Listing(Pop3Response.ok("SASL mechanisms follow"), sasl.advertised(plaintextAllowed));
    } else if (r instanceof AuthorizationCommands.Result.StartTls) {
      return new Step.StartTls();
    }
    return new Step.EnableUtf8();
  }

  /**
   * Forgets the name of a USER: PASS must follow a successful USER immediately (RFC 1939 §7).
   *
   * @return the name of the USER the line before, or null
   */
  String lineSeen() {
    String previous = user;
    user = null;
    return previous;
  }

  /**
   * The client's next line during a SASL exchange.
   *
   * @param line     the line without its ending, when it was whole and ended in CRLF
   * @param tooLong  whether it was over the response limit (then {@code line} is ignored)
   * @param bareEnd  whether it ended in a bare CR or LF
   */
  Step respond(ByteBuffer line, boolean tooLong, boolean bareEnd) {
    if (tooLong) {
      return step(sasl.abort(SaslFailure.RESPONSE_TOO_LONG));
    }
    return step(bareEnd ? sasl.abort(SaslFailure.MALFORMED_RESPONSE) : sasl.respond(line));
  }

  /** The host accepted the password of {@code p}. */
  Step accepted(Pending.Login p) {
    return succeeded(new Authentication("USER", p.event().user(), p.event().user()));
  }

  /** The host gave the APOP secret for {@code p}: compare the digest in constant time (RFC 1939 §7). */
  Step apop(Pending.ApopSecret p, Password secret) {
    byte[] octets = secret.toBytes();
    boolean ok = ApopDigest.matches(apopTimestamp, octets, p.digest());
    Arrays.fill(octets, (byte) 0);
    return ok ? succeeded(new Authentication("APOP", p.event().user(), p.event().user()))
        : failed(p.event().user(), p.standardRejection());
  }

  /** The host refused the login of {@code p} (a {@link Pending.Login} or {@link Pending.ApopSecret}). */
  Step rejected(Pending p, Pop3Response response) {
    if (p instanceof Pending.ApopSecret a) {
      // the host knows no such user: spend what checking a known user's digest costs, so that the time of the
      // answer does not tell unknown users from real ones
      ApopDigest.matches(apopTimestamp, new byte[0], a.digest());
      return failed(a.event().user(), response);
    }
    return failed(((Pending.Login) p).event().user(), response);
  }

  /** STLS completed or the session ended: forget a USER given before and a running exchange (RFC 2595 §4). */
  void reset() {
    user = null;
    sasl.cancel();
  }

  private Step step(SaslServerExchange.Step step) {
    if (step instanceof SaslServerExchange.Step.Challenge c) {
      return new Step.Challenge("+ " + c.base64());
    }
    if (step instanceof SaslServerExchange.Step.Succeeded s) {
      return succeeded(s.who());
    }
    SaslServerExchange.Step.Failed f = (SaslServerExchange.Step.Failed) step;
    if (f.reason() == SaslFailure.TEMPORARY_FAILURE) {
      LOG.warn("[{}] AUTH {} failed temporarily: {}", sessionId, mechanism, f.detail());
    }
    Pop3Response response = AuthReplies.reply(f.reason());
    return f.reason().attempted() ? failed("", response) : new Step.Bad(response, "unusable AUTH mechanism");
  }

  private Step succeeded(Authentication who) {
    LOG.debug("[{}] authenticated with {}", sessionId, who.mechanism());
    return new Step.Ask(new Pending.OpenMaildrop(new Pop3ServerEvent.MaildropOpenRequested(who.authorizationId(),
        who.authenticationId()), who));
  }

  private Step failed(String name, Pop3Response response) {
    failures++;
    boolean last = failures >= maxFailures;
    LOG.info("[{}] failed login {} of {}", sessionId, failures, maxFailures);
    return new Step.Failed(new Pop3ServerEvent.LoginFailed(name, failures, failureDelay),
        last ? Pop3Response.err(ResponseCode.AUTH, "too many failed logins") : response, last);
  }
}
