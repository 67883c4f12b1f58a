package dev.missive.smtp.server;

import dev.missive.sasl.SaslFailure;
import dev.missive.sasl.SaslServerMechanism;
import dev.missive.sasl.SaslServerMechanisms;
import dev.missive.sasl.SaslServerStep;
import dev.missive.smtp.Reply;
import dev.missive.smtp.SmtpExtension;

import dev.missive.wire.LoginThrottle;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The AUTH command for {@link CommandProcessor} (RFC 4954 §4 and §6): policy checks (502, 503, 504, 538), then
 * the exchange through the sasl module until 235 or a failure reply, and the host's {@link AuthMechanismPolicy}
 * (534) once the user is known. An exchange that ends without success is a failed authentication: its reply is
 * held back for {@link SmtpLimits#authFailureDelay()} on the engine's clock, and the last one allowed by
 * {@link SmtpLimits#maxAuthFailures()} ends the session with {@code 421 4.7.0}.
 */
final class AuthCommand {

  private static final Logger LOG = LoggerFactory.getLogger(AuthCommand.class);

  private final CommandProcessor p;
  private final SmtpServer s;
  private final Session session;
  private final LoginThrottle<Reply> throttle;

  AuthCommand(CommandProcessor processor, SmtpServer server) {
    this.p = processor;
    this.s = server;
    this.session = server.session;
    SmtpLimits limits = server.config.limits();
    this.throttle = new LoginThrottle<>(limits.maxAuthFailures(), limits.authFailureDelay());
  }

  void auth(String args) {
    Optional<SaslServerMechanisms> registry = s.config.authMechanisms();
    if (registry.isEmpty() || !s.config.extensions().contains(SmtpExtension.AUTH)) {
      p.error(s.reply(ReplyText.COMMAND_NOT_IMPLEMENTED));
      return;
    }
    if (session.authenticated() || session.kind == HelloKind.HELO) {
      p.error(s.reply(session.authenticated() ? ReplyText.ALREADY_AUTHENTICATED : ReplyText.BAD_SEQUENCE));
      return;
    }
    String[] parts = args.split(" ", -1);
    if (args.isEmpty() || parts.length > 2 || parts[0].isEmpty() || parts[0].length() > 20) {
      p.error(s.reply(ReplyText.AUTH_SYNTAX));
      return;
    }
    String name = parts[0].toUpperCase(Locale.ROOT);
    if (parts.length == 2 && parts[1].length() > s.config.limits().authLineLength()) {
      p.error(s.reply(AuthExchange.textFor(SaslFailure.RESPONSE_TOO_LONG)));
      return;
    }
    Optional<SaslServerMechanism> mechanism = registry.get().create(name);
    if (mechanism.isEmpty()) {
      p.error(s.reply(ReplyText.MECHANISM_UNRECOGNIZED));
      return;
    }
    if (!session.tls && (s.config.authRequiresTls()
        || (!s.config.plaintextAuthAllowed() && registry.get().requiresEncryption(name)))) {
      p.error(s.reply(ReplyText.ENCRYPTION_REQUIRED));
      return;
    }
    session.auth = new AuthExchange(mechanism.get(), s.config, s.peer.sessionId());
    authStep(session.auth.start(parts.length == 2 ? parts[1] : null));
  }

  void authStep(AuthExchange.Step step) {
    if (!step.finished()) {
      s.writeRaw("334 " + step.challenge() + "\r\n");
      s.transition(ServerState.AUTH);
      return;
    }
    AuthExchange exchange = session.auth;
    session.auth = null;
    s.transition(ServerState.GREETED);
    Reply refusal = step.success() == null ? step.reply() : policyRefusal(exchange.mechanismName(), step.success());
    if (refusal == null) {
      Authentication a = new Authentication(exchange.mechanismName(), step.success().authorizationId(),
          step.success().authenticationId());
      session.authentication = a;
      s.write(step.reply(), true);
      s.events.add(new SmtpServerEvent.AuthSucceeded(a.mechanism(), a.authorizationId(), a.authenticationId()));
    } else {
      failed(exchange.mechanismName(), refusal);
    }
  }

  private void failed(String mechanism, Reply refusal) {
    Reply now = throttle.fail(refusal, s.env.now());
    SmtpLimits limits = s.config.limits();
    s.events.add(new SmtpServerEvent.AuthFailed(mechanism, throttle.failures(), limits.authFailureDelay()));
    LOG.info("session {}: failed AUTH {} of {} ({})", s.peer.sessionId(), throttle.failures(),
        limits.maxAuthFailures(), mechanism);
    if (now != null) {
      answer(now);
    }
  }

  /** Sends a failed AUTH's reply; after the last failure allowed, {@code 421 4.7.0} and the end of the session. */
  private void answer(Reply refusal) {
    p.error(refusal);
    if (!s.closed && throttle.exhausted()) {
      p.fatal(s.reply(ReplyText.TOO_MANY_AUTH_FAILURES), "too many failed AUTH exchanges");
    }
  }

  /** {@return whether a failed AUTH's reply is held back: the engine reads no further command meanwhile} */
  boolean holding() {
    return throttle.holding();
  }

  /** {@return when the held reply is due, in the engine's monotonic nanoseconds} */
  long heldUntil() {
    return throttle.until();
  }

  /** Sends the held reply if its delay has passed at {@code now}. */
  void release(long now) {
    Reply due = throttle.release(now);
    if (due != null) {
      answer(due);
    }
  }

  /** Forgets a held reply (the session ended). */
  void clear() {
    throttle.clear();
  }

  /** The host's verdict on the mechanism for the user just verified (RFC 4954 §6): null, 534 or 454. */
  private Reply policyRefusal(String mechanism, SaslServerStep.Success success) {
    Optional<AuthMechanismPolicy> policy = s.config.authMechanismPolicy();
    if (policy.isEmpty()) {
      return null;
    }
    try {
      return policy.get().permits(mechanism, success.authenticationId(), s.peer, session.tls) ? null
          : s.reply(ReplyText.MECHANISM_TOO_WEAK);
    } catch (RuntimeException e) {
      return s.reply(ReplyText.AUTHENTICATION_TEMPORARY_FAILURE);
    }
  }
}
