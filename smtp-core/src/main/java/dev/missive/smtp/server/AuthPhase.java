package dev.missive.smtp.server;

import dev.missive.sasl.Authentication;
import dev.missive.sasl.SaslFailure;
import dev.missive.sasl.SaslServerMechanisms;
import dev.missive.sasl.exchange.internal.SaslServerExchange;
import dev.missive.smtp.Reply;
import dev.missive.wire.LineFramer;
import dev.missive.wire.PeerInfo;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The AUTH exchange (RFC 4954 §4 and §6) over sasl's {@link SaslServerExchange}: SMTP's {@code 334} prefix, the
 * response line limit, the failure replies ({@link AuthReplies}) and the host's {@link AuthMechanismPolicy} (534)
 * once the user is known. Responses never appear in a reply or a log line (docs/security.md, "Secrets"). Returns
 * what {@link SmtpServer} applies; the throttle on failed exchanges is the engine's.
 */
final class AuthPhase {

  private static final Logger LOG = LoggerFactory.getLogger(AuthPhase.class);

  /** What an AUTH step asks of the session. */
  sealed interface Result {

    /** Send {@code 334 <base64>} and read the next line as a response. */
    record Challenge(String base64) implements Result {
    }

    /** The client authenticated: {@code 235} and an {@link SmtpServerEvent.AuthSucceeded}. */
    record Succeeded(Authentication who, Reply reply) implements Result {
    }

    /** A failed exchange (it reached the credentials): throttled, reported as {@link SmtpServerEvent.AuthFailed}. */
    record Failed(String mechanism, Reply reply) implements Result {
    }

    /** AUTH refused before any mechanism ran (504, 538): an ordinary counted error. */
    record Refused(Reply reply) implements Result {
    }
  }

  private final SmtpServerConfig config;
  private final PeerInfo peer;
  /** Made at the session's first AUTH (most sessions send none). */
  private SaslServerExchange exchange;
  private String mechanism;

  AuthPhase(SmtpServerConfig config, PeerInfo peer) {
    this.config = config;
    this.peer = peer;
  }

  /** {@return whether an exchange runs: the next line is a response} */
  boolean inProgress() {
    return exchange != null && exchange.inProgress();
  }

  /** Starts the exchange for {@code AUTH mechanism [initial-response]} (syntax already checked). */
  Result start(String mechanism, String initialResponse, boolean tls) {
    Optional<SaslServerMechanisms> registry = config.authMechanisms();
    String name = mechanism.toUpperCase(Locale.ROOT);
    if (registry.isEmpty() || !registry.get().names().contains(name)) {
      return new Result.Refused(reply(ReplyText.MECHANISM_UNRECOGNIZED));
    }
    if (!tls && config.authRequiresTls()) {
      return new Result.Refused(reply(ReplyText.ENCRYPTION_REQUIRED));
    }
    this.mechanism = name;
    if (exchange == null) {
      exchange = new SaslServerExchange(registry.get());
    }
    return outcome(exchange.start(name, initialResponse, tls || config.plaintextAuthAllowed()), tls);
  }

  /** Reads the framer's line (its status not {@code NEED_MORE}) as the client's response. */
  Result respond(LineFramer.Status status, LineFramer framer, boolean tls) {
    SaslServerExchange.Step step;
    if (status == LineFramer.Status.LINE_TOO_LONG || framer.line().remaining() > config.limits().authLineLength()) {
      step = exchange.abort(SaslFailure.RESPONSE_TOO_LONG);
    } else if (framer.lineHasBareLineEnding()) {
      step = exchange.abort(SaslFailure.MALFORMED_RESPONSE);
    } else {
      step = exchange.respond(framer.line());
    }
    return outcome(step, tls);
  }

  /** Forgets a running exchange: the session ended or TLS started. */
  void cancel() {
    if (exchange != null) {
      exchange.cancel();
    }
  }

  private Result outcome(SaslServerExchange.Step step, boolean tls) {
    if (step instanceof SaslServerExchange.Step.Challenge c) {
      return new Result.Challenge(c.base64());
    }
    if (step instanceof SaslServerExchange.Step.Failed f) {
      if (f.reason() == SaslFailure.TEMPORARY_FAILURE) {
        LOG.warn("[{}] AUTH {} failed temporarily: {}", peer.sessionId(), mechanism, f.detail());
      }
      Reply reply = reply(AuthReplies.of(f.reason()));
      return f.reason().attempted() ? new Result.Failed(mechanism, reply) : new Result.Refused(reply);
    }
    Authentication who = ((SaslServerExchange.Step.Succeeded) step).who();
    Reply refusal = policyRefusal(who, tls);
    if (refusal != null) {
      return new Result.Failed(mechanism, refusal);
    }
    return new Result.Succeeded(who, reply(ReplyText.AUTHENTICATION_SUCCEEDED));
  }

  /** The host's verdict on the mechanism for the user just verified (RFC 4954 §6): null, 534 or 454. */
  private Reply policyRefusal(Authentication who, boolean tls) {
    Optional<AuthMechanismPolicy> policy = config.authMechanismPolicy();
    if (policy.isEmpty()) {
      return null;
    }
    try {
      return policy.get().permits(who.mechanism(), who.authenticationId(), peer, tls) ? null
          : reply(ReplyText.MECHANISM_TOO_WEAK);
    } catch (RuntimeException e) {
      return reply(ReplyText.AUTHENTICATION_TEMPORARY_FAILURE);
    }
  }

  private Reply reply(ReplyText which) {
    return config.texts().reply(which, config.hostname());
  }
}
