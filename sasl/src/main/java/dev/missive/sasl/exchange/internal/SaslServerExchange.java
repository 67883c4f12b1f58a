package dev.missive.sasl.exchange.internal;

import dev.missive.sasl.Authentication;
import dev.missive.sasl.SaslFailure;
import dev.missive.sasl.SaslServerMechanism;
import dev.missive.sasl.SaslServerMechanisms;
import dev.missive.sasl.SaslServerStep;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The server side of SASL exchanges framed for a line protocol (RFC 4422 §3; SMTP RFC 4954 §4, POP3 RFC 5034 §4,
 * IMAP RFC 9051 §6.2.2): the AUTH command's mechanism and optional initial response, base64 challenges and
 * responses, {@code *} to cancel, and a success's additional data sent as one more challenge that the client
 * answers with an empty line. One per session; it runs one exchange at a time.
 *
 * <p>Each protocol keeps only its own framing: the continuation prefix ({@code 334 } in SMTP, {@code + } in POP3
 * and IMAP) written before {@link Step.Challenge#base64()}, the limit on a response line, and the map from
 * {@link SaslFailure} to its reply. The exception policy is the registry's (see
 * {@link SaslServerMechanisms#create(String)}): a mechanism that throws ends in {@link SaslFailure#TEMPORARY_FAILURE}
 * whose {@link Step.Failed#detail() detail} the engine logs once with its session id. Responses are decoded,
 * handed to the mechanism and dropped: no step, detail or {@code toString()} holds what the client sent.
 *
 * <pre>{@code
 * SaslServerExchange.Step step = sasl.start(name, initialResponseOrNull, tlsActive);
 * ... later, for each client line while sasl.inProgress():
 * step = sasl.respond(line);
 * if (step instanceof SaslServerExchange.Step.Challenge c)      write("334 " + c.base64());
 * else if (step instanceof SaslServerExchange.Step.Succeeded s) authenticated(s.who());
 * else                                                          refuse(((SaslServerExchange.Step.Failed) step).reason());
 * }</pre>
 */
public final class SaslServerExchange {

  /** What the engine sends next (RFC 4422 §3.5, §3.6). */
  public sealed interface Step permits Step.Challenge, Step.Succeeded, Step.Failed {

    /**
     * Send a continuation line with this challenge and pass the client's next line to
     * {@link SaslServerExchange#respond(ByteBuffer)}.
     *
     * @param base64 the challenge in base64, possibly empty (an empty challenge: {@code 334 } or {@code + })
     */
    record Challenge(String base64) implements Step {

      /**
       * Checks the text is present.
       *
       * @param base64 the challenge in base64, possibly empty
       */
      public Challenge {
        Objects.requireNonNull(base64, "base64");
      }
    }

    /**
     * The client authenticated; any additional data of the mechanism was already delivered as one more challenge
     * and answered with an empty response (RFC 4954 §4, RFC 5034 §4).
     *
     * @param who the authenticated identities and the mechanism
     */
    record Succeeded(Authentication who) implements Step {

      /**
       * Checks the identity is present.
       *
       * @param who the authenticated identities and the mechanism
       */
      public Succeeded {
        Objects.requireNonNull(who, "who");
      }
    }

    /**
     * The exchange ended without success; the engine answers with its protocol's reply for {@code reason}.
     * Whether it counts as a failed login is {@link SaslFailure#attempted()}.
     *
     * @param reason why, mapped by each protocol to its reply
     * @param detail a short explanation safe to log (never what the client sent); the engine logs it, with its
     *               session id, for {@link SaslFailure#TEMPORARY_FAILURE}
     */
    record Failed(SaslFailure reason, String detail) implements Step {

      /**
       * Checks both are present.
       *
       * @param reason why, mapped by each protocol to its reply
       * @param detail a short explanation safe to log
       */
      public Failed {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(detail, "detail");
      }
    }
  }

  private final SaslServerMechanisms mechanisms;
  private SaslServerMechanism current;
  /** A success whose additional data was sent as a challenge; the client's empty response completes it. */
  private SaslServerStep.Success awaitingEmpty;

  /**
   * Exchanges over the host's registry.
   *
   * @param mechanisms the mechanisms offered, or {@code null} when the server offers none (every AUTH is then
   *                   {@link SaslFailure#UNKNOWN_MECHANISM})
   */
  public SaslServerExchange(SaslServerMechanisms mechanisms) {
    this.mechanisms = mechanisms;
  }

  /**
   * The mechanism names to advertise now (the EHLO {@code AUTH} keyword, the CAPA {@code SASL} line, IMAP's
   * {@code AUTH=} capabilities), in the host's order of preference.
   *
   * @param confidential whether the connection is encrypted or trusted; when false, mechanisms that send a secret
   *                     in the clear are left out
   * @return the names of the mechanisms that may run now
   */
  public List<String> advertised(boolean confidential) {
    return mechanisms == null ? List.of() : mechanisms.names(confidential);
  }

  /** {@return whether an exchange runs: the client's next line is a SASL response, not a command} */
  public boolean inProgress() {
    return current != null;
  }

  /**
   * Starts an exchange for the AUTH command.
   *
   * @param mechanism       the mechanism name as the client sent it, in any case
   * @param initialResponse the initial response argument as sent (base64, or {@code =} for an empty one, RFC 4954
   *                        §4, RFC 5034 §4, RFC 4959 §3), or {@code null} when there was none; an empty string is
   *                        not valid base64 framing and fails as {@link SaslFailure#MALFORMED_RESPONSE}
   * @param confidential    whether the connection is encrypted or trusted
   * @return the first step: {@link SaslFailure#UNKNOWN_MECHANISM} or {@link SaslFailure#ENCRYPTION_REQUIRED}
   *     before any mechanism runs, else the mechanism's first answer
   * @throws IllegalStateException if an exchange is already in progress
   */
  public Step start(String mechanism, String initialResponse, boolean confidential) {
    Objects.requireNonNull(mechanism, "mechanism");
    if (current != null) {
      throw new IllegalStateException("an AUTH exchange is already in progress (" + current.name() + ")");
    }
    Optional<SaslServerMechanism> m = mechanisms == null ? Optional.empty() : mechanisms.create(mechanism);
    if (m.isEmpty()) {
      return new Step.Failed(SaslFailure.UNKNOWN_MECHANISM, "the requested mechanism is not offered");
    }
    if (!confidential && mechanisms.requiresEncryption(mechanism)) {
      return new Step.Failed(SaslFailure.ENCRYPTION_REQUIRED, m.get().name() + " needs an encrypted connection");
    }
    current = m.get();
    if (initialResponse == null) {
      return step(current.evaluate(null));
    }
    if (initialResponse.equals("=")) {
      return step(current.evaluate(new byte[0]));
    }
    byte[] decoded = initialResponse.isEmpty() ? null
        : decode(ByteBuffer.wrap(initialResponse.getBytes(StandardCharsets.ISO_8859_1)));
    return decoded == null ? end(SaslFailure.MALFORMED_RESPONSE, "the initial response is not base64")
        : step(current.evaluate(decoded));
  }

  /**
   * Continues with the client's next line.
   *
   * @param line the line without its line ending: base64, empty, or {@code *} to cancel (RFC 4422 §3.5); read,
   *             not consumed
   * @return the next step
   * @throws IllegalStateException if no exchange is in progress
   */
  public Step respond(ByteBuffer line) {
    requireInProgress("respond");
    if (line.remaining() == 1 && line.get(line.position()) == '*') {
      awaitingEmpty = null;
      SaslServerStep.Failure cancelled = current.isComplete()
          ? new SaslServerStep.Failure(SaslFailure.CANCELLED, "client cancelled the exchange") : current.cancel();
      return end(cancelled.reason(), cancelled.detail());
    }
    byte[] decoded = decode(line);
    if (decoded == null) {
      return end(SaslFailure.MALFORMED_RESPONSE, "the response is not base64");
    }
    if (awaitingEmpty != null) {
      SaslServerStep.Success s = awaitingEmpty;
      awaitingEmpty = null;
      return decoded.length == 0 ? succeeded(s)
          : end(SaslFailure.MALFORMED_RESPONSE, "the response to the server's final data was not empty");
    }
    return step(current.evaluate(decoded));
  }

  /**
   * Ends the running exchange because of the protocol's framing, for example a response line over the limit
   * ({@link SaslFailure#RESPONSE_TOO_LONG}) or one with a bare line ending ({@link SaslFailure#MALFORMED_RESPONSE}).
   *
   * @param reason why the engine ends it
   * @return the failure to answer
   * @throws IllegalStateException if no exchange is in progress
   */
  public Step abort(SaslFailure reason) {
    Objects.requireNonNull(reason, "reason");
    requireInProgress("abort");
    return end(reason, "the engine ended the exchange: " + reason);
  }

  /** Forgets a running exchange without a reply: the session ended, or TLS started (RFC 3207 §4.2). */
  public void cancel() {
    current = null;
    awaitingEmpty = null;
  }

  private void requireInProgress(String what) {
    if (current == null) {
      throw new IllegalStateException(what + " without an AUTH exchange in progress");
    }
  }

  private Step step(SaslServerStep step) {
    if (step instanceof SaslServerStep.Challenge c) {
      return new Step.Challenge(Base64.getEncoder().encodeToString(c.data()));
    }
    if (step instanceof SaslServerStep.Success s) {
      byte[] extra = s.additionalData();
      if (extra != null) {
        awaitingEmpty = s;
        return new Step.Challenge(Base64.getEncoder().encodeToString(extra));
      }
      return succeeded(s);
    }
    SaslServerStep.Failure f = (SaslServerStep.Failure) step;
    return end(f.reason(), f.detail());
  }

  private Step succeeded(SaslServerStep.Success s) {
    String name = current.name();
    cancel();
    return new Step.Succeeded(new Authentication(name, s.authorizationId(), s.authenticationId()));
  }

  private Step end(SaslFailure reason, String detail) {
    String name = current.name();
    cancel();
    return new Step.Failed(reason, name + ": " + detail);
  }

  private static byte[] decode(ByteBuffer line) {
    try {
      ByteBuffer decoded = Base64.getDecoder().decode(line.duplicate());
      byte[] bytes = new byte[decoded.remaining()];
      decoded.get(bytes);
      return bytes;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** Names the running mechanism only. */
  @Override
  public String toString() {
    return "SaslServerExchange[" + (current == null ? "idle" : current.name()) + "]";
  }
}
