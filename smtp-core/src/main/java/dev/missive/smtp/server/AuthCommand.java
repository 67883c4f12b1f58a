package dev.missive.smtp.server;

import dev.missive.sasl.SaslFailure;
import dev.missive.sasl.SaslServerMechanism;
import dev.missive.sasl.SaslServerMechanisms;
import dev.missive.smtp.Reply;
import dev.missive.smtp.SmtpExtension;
import dev.missive.smtp.internal.AuthExchange;
import java.util.Locale;
import java.util.Optional;

/**
 * The AUTH command for {@link CommandProcessor} (RFC 4954 §4 and §6): policy checks (502, 503, 504, 538), then
 * the exchange through the sasl module until 235 or a failure reply.
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
      p.error(CommandProcessor.NOT_IMPLEMENTED);
      return;
    }
    if (session.authenticated() || session.kind == HelloKind.HELO) {
      p.error(session.authenticated() ? Reply.of(503, "5.5.1", "Already authenticated") : CommandProcessor.BAD_SEQUENCE);
      return;
    }
    String[] parts = args.split(" ", -1);
    if (args.isEmpty() || parts.length > 2 || parts[0].isEmpty() || parts[0].length() > 20) {
      p.error(Reply.of(501, "5.5.4", "Syntax: AUTH mechanism [initial-response]"));
      return;
    }
    String name = parts[0].toUpperCase(Locale.ROOT);
    if (parts.length == 2 && parts[1].length() > s.config.limits().authLineLength()) {
      p.error(AuthExchange.replyFor(SaslFailure.RESPONSE_TOO_LONG));
      return;
    }
    Optional<SaslServerMechanism> mechanism = registry.get().create(name);
    if (mechanism.isEmpty()) {
      p.error(Reply.of(504, "5.5.4", "Unrecognized authentication type"));
      return;
    }
    if (!session.tls && (s.config.authRequiresTls()
        || (!s.config.plaintextAuthAllowed() && registry.get().requiresEncryption(name)))) {
      p.error(AuthExchange.replyFor(SaslFailure.ENCRYPTION_REQUIRED));
      return;
    }
    session.auth = new AuthExchange(mechanism.get());
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
    if (step.success() != null) {
      session.mechanism = exchange.mechanismName();
      session.authorizationId = step.success().authorizationId();
      session.authenticationId = step.success().authenticationId();
      s.write(step.reply(), true);
      s.events.add(new SmtpServerEvent.AuthSucceeded(session.mechanism, session.authorizationId,
          session.authenticationId));
    } else {
      p.error(step.reply());
    }
  }
}
