package dev.missive.imap.server;

import dev.missive.imap.ResponseCode;
import dev.missive.imap.ResponseStatus;
import dev.missive.imap.command.NotAuthenticatedCommand;
import dev.missive.imap.mailbox.UpdatePolicy;
import dev.missive.imap.response.Response;
import dev.missive.imap.response.UntaggedResponse;
import dev.missive.sasl.SaslFailure;
import dev.missive.sasl.exchange.internal.SaslServerExchange;
import java.util.Optional;

/**
 * The not-authenticated state's commands (RFC 9051 §6.2: STARTTLS, AUTHENTICATE, LOGIN) and what a login's outcome
 * does to the session: the OK that carries the new capabilities, and failed logins counted, slowed and finally
 * answered with BYE.
 */
final class Logins {

  private final ServerSession s;
  private final Commands commands;

  Logins(ServerSession server, Commands commands) {
    this.s = server;
    this.commands = commands;
  }

  /**
   * Runs a command of the not-authenticated state (RFC 9051 §6.2).
   *
   * @param c the command
   */
  void command(NotAuthenticatedCommand c) {
    if (c instanceof NotAuthenticatedCommand.StartTls) {
      if (!s.config.startTls() || s.tlsActive) {
        commands.bad(c.tag(), s.tlsActive ? "TLS is already active" : "STARTTLS is not available");
        return;
      }
      s.enc.write(new Response.Tagged(c.tag(), ResponseStatus.OK, Optional.empty(), "Proceed with TLS negotiation"));
      s.startTls(); // RFC 9051 §6.2.1: nothing the client sent after the command is used
    } else if (c instanceof NotAuthenticatedCommand.Login l) {
      if (!s.plaintextLoginAllowed()) {
        commands.no(l.tag(), ResponseCode.PRIVACYREQUIRED, "LOGIN is disabled before TLS"); // RFC 9051 §6.2.3
        return;
      }
      char[] password = l.password();
      s.ask(new Pending(Pending.Kind.LOGIN, new ImapServerEvent.LoginRequested(l.tag(), l.userId(), password),
          "LOGIN", UpdatePolicy.ALL));
      java.util.Arrays.fill(password, '\0');
    } else {
      NotAuthenticatedCommand.Authenticate a = (NotAuthenticatedCommand.Authenticate) c;
      s.authTag = a.tag();
      saslStep(s.sasl.start(a.mechanism(), a.initialResponse().orElse(null), s.plaintextLoginAllowed()));
    }
  }

  /** RFC 9051 §6.2.2: a challenge is {@code + base64}; the outcome completes the AUTHENTICATE command. */
  void saslStep(SaslServerExchange.Step step) {
    String tag = s.authTag;
    if (step instanceof SaslServerExchange.Step.Challenge c) {
      s.enc.write(new Response.Continuation(c.base64().isEmpty() ? "" : c.base64()));
      s.decoder.expectLine();
      return;
    }
    s.authTag = null;
    if (step instanceof SaslServerExchange.Step.Succeeded ok) {
      authenticated(tag, ok.who().authorizationId(), ok.who().mechanism());
      return;
    }
    SaslServerExchange.Step.Failed f = (SaslServerExchange.Step.Failed) step;
    if (f.reason() == SaslFailure.TEMPORARY_FAILURE) {
      ImapServer.LOG.warn("[{}] AUTHENTICATE failed: {}", s.sessionId, f.detail());
    }
    switch (f.reason()) {
      case CANCELLED -> commands.bad(tag, "AUTHENTICATE cancelled");
      case MALFORMED_RESPONSE, RESPONSE_TOO_LONG -> commands.bad(tag, "Malformed AUTHENTICATE response");
      case UNKNOWN_MECHANISM -> commands.no(tag, ResponseCode.CANNOT, "Unsupported authentication mechanism");
      case ENCRYPTION_REQUIRED -> commands.no(tag, ResponseCode.PRIVACYREQUIRED, "This mechanism needs TLS");
      case TEMPORARY_FAILURE -> commands.no(tag, ResponseCode.UNAVAILABLE, "Authentication is unavailable now");
      case AUTHORIZATION_DENIED -> loginFailed("", new Response.Tagged(tag, ResponseStatus.NO,
          Optional.of(ResponseCode.AUTHORIZATIONFAILED), "Authorization failed"));
      default -> loginFailed("", new Response.Tagged(tag, ResponseStatus.NO,
          Optional.of(ResponseCode.AUTHENTICATIONFAILED), "Authentication failed"));
    }
  }

  /** The login succeeded: the capabilities change, so the OK carries them (RFC 9051 §6.2.2, §6.2.3). */
  void authenticated(String tag, String user, String mechanism) {
    s.state = ImapState.AUTHENTICATED;
    s.events.add(new ImapServerEvent.Authenticated(user, mechanism));
    ImapServer.LOG.debug("[{}] authenticated with {}", s.sessionId, mechanism);
    s.enc.write(new Response.Tagged(tag, ResponseStatus.OK, s.capabilityCode(), mechanism.equals("LOGIN")
            ? "LOGIN completed" : mechanism + " authentication successful"));
  }

  void loginFailed(String user, Response.Tagged answer) {
    Response now = s.throttle.fail(s.throttle.nextFailureIsLast() ? new Response.Tagged(answer.tag(),
        ResponseStatus.NO, answer.code(), "Too many failed logins") : answer, s.env.now());
    s.events.add(new ImapServerEvent.LoginFailed(user, s.throttle.failures()));
    ImapServer.LOG.info("[{}] failed login {} of {}", s.sessionId, s.throttle.failures(), s.config.maxFailedLogins());
    if (now != null) {
      failedLoginReply(now);
    }
  }

  void failedLoginReply(Response r) {
    s.enc.write(r);
    if (s.throttle.exhausted()) {
      s.enc.write(new UntaggedResponse.Condition(ResponseStatus.BYE, Optional.empty(), "Too many failed logins"));
      s.close();
    }
  }
}
