package dev.missive.smtp.server;

import dev.missive.sasl.SaslFailure;
import dev.missive.sasl.SaslServerMechanism;
import dev.missive.sasl.SaslServerMechanisms;
import dev.missive.sasl.SaslServerStep;
import dev.missive.smtp.Reply;
import dev.missive.smtp.SmtpExtension;
import dev.missive.smtp.internal.AuthExchange;
import java.util.Locale;
import java.util.Optional;

/**
 * The AUTH command for {@link CommandProcessor} (RFC 4954 §4 and §6): policy checks (502, 503, 504, 538), then
 * the exchange through the sasl module until 235 or a failure reply, and the host's {@link AuthMechanismPolicy}
 * (534) once the user is known.
 */
final class AuthCommand {

  private final CommandProcessor p;
  private final SmtpServer s;
  private final Session session;

  AuthCommand(CommandProcessor processor, SmtpServer server) {
    this.p = processor;
    this.s = server;
    this.session = server.session;
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
      session.mechanism = exchange.mechanismName();
      session.authorizationId = step.success().authorizationId();
      session.authenticationId = step.success().authenticationId();
      s.write(step.reply(), true);
      s.events.add(new SmtpServerEvent.AuthSucceeded(session.mechanism, session.authorizationId,
          session.authenticationId));
    } else {
      p.error(refusal);
    }
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
