package dev.missive.pop3.server.internal;

import dev.missive.pop3.Pop3Response;
import dev.missive.pop3.ResponseCode;
import dev.missive.sasl.SaslFailure;
import dev.missive.sasl.SaslServerMechanism;
import dev.missive.sasl.SaslServerMechanisms;
import dev.missive.sasl.SaslServerStep;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The POP3 framing of one SASL exchange (RFC 5034 §4): the AUTH command with its optional initial response
 * ({@code =} for an empty one), {@code + base64} challenges, base64 responses, {@code *} to cancel, and a
 * success's additional data sent as one more challenge that the client answers with an empty line. The
 * mechanisms themselves come from the sasl module; payloads are never logged or kept after use. A mechanism that
 * fails (its store is down, or it threw: {@link SaslServerMechanisms#create(String)} turns that into a temporary
 * failure) is answered {@code -ERR [SYS/TEMP]} (RFC 3206 §4) and logged once, with the session id and the
 * failure's safe detail.
 */
public final class AuthExchange {

  private static final Logger LOG = LoggerFactory.getLogger(AuthExchange.class);

  /** What the engine does next. */
  public sealed interface Outcome {
    /** Send {@code line} (a {@code +} challenge) and pass the client's next line to {@link #respond}. */
    record Continue(String line) implements Outcome {
    }

    /** The client authenticated as these identities. */
    record Authenticated(String authorizationId, String authenticationId) implements Outcome {
    }

    /**
     * The exchange ended without success.
     *
     * @param response    the reply to send
     * @param failedLogin whether it counts as a failed login (false for an unusable AUTH command)
     */
    record Refused(Pop3Response response, boolean failedLogin) implements Outcome {
    }
  }

  private final SaslServerMechanisms mechanisms;
  private final String sessionId;
  private SaslServerMechanism current;
  private SaslServerStep.Success awaitingEmpty;

  /** An exchange over {@code mechanisms}, which may be null for none; log lines name {@code sessionId}. */
  public AuthExchange(SaslServerMechanisms mechanisms, String sessionId) {
    this.mechanisms = mechanisms;
    this.sessionId = sessionId;
  }

  /** The mechanisms to advertise now (RFC 5034 §3; plaintext ones only where plaintext logins are allowed). */
  public List<String> names(boolean plaintextAllowed) {
    return mechanisms == null ? List.of() : mechanisms.names(plaintextAllowed);
  }

  /** Whether an exchange is running: the next line is a SASL response, not a command. */
  public boolean inProgress() {
    return current != null;
  }

  /**
   * Starts an exchange for {@code AUTH name [initialResponse]}.
   *
   * @param initialResponse the second argument as sent, or null when there was none
   */
  public Outcome start(String name, String initialResponse, boolean plaintextAllowed) {
    Optional<SaslServerMechanism> m = mechanisms == null ? Optional.empty() : mechanisms.create(name);
    if (m.isEmpty()) {
      return new Outcome.Refused(Pop3Response.err("unrecognized authentication type"), false);
    }
    if (!plaintextAllowed && mechanisms.requiresEncryption(name)) {
      return new Outcome.Refused(Pop3Response.err(ResponseCode.AUTH,
          "encryption required for this mechanism; use STLS first"), false);
    }
    current = m.get();
    if (initialResponse == null) {
      return step(current.evaluate(null));
    }
    return evaluate(initialResponse.equals("=") ? "" : initialResponse, initialResponse.equals("="));
  }

  /**
   * Handles the client's next line: base64, empty, or {@code *}.
   *
   * @param line the line's content, or null if it was too long or had a bare line ending
   */
  public Outcome respond(ByteBuffer line) {
    if (line == null) {
      return end(Pop3Response.err("authentication response too long or malformed"));
    }
    String text = CommandLine.text(line, false);
    if (text == null) {
      return end(Pop3Response.err("authentication response is not base64"));
    }
    if (text.equals("*")) {
      return end(Pop3Response.err("authentication cancelled"));
    }
    if (awaitingEmpty != null) {
      SaslServerStep.Success s = awaitingEmpty;
      awaitingEmpty = null;
      if (!text.isEmpty()) {
        return end(Pop3Response.err(ResponseCode.AUTH, "authentication failed"));
      }
      current = null;
      return new Outcome.Authenticated(s.authorizationId(), s.authenticationId());
    }
    return evaluate(text, true);
  }

  /** Abandons a running exchange (the session ended or TLS started). */
  public void cancel() {
    current = null;
    awaitingEmpty = null;
  }

  private Outcome evaluate(String base64, boolean allowEmpty) {
    byte[] decoded;
    try {
      decoded = Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      return end(Pop3Response.err("authentication response is not base64"));
    }
    if (decoded.length == 0 && !allowEmpty) {
      return end(Pop3Response.err("authentication response is not base64"));
    }
    return step(current.evaluate(decoded));
  }

  private Outcome step(SaslServerStep step) {
    if (step instanceof SaslServerStep.Challenge c) {
      return new Outcome.Continue(challenge(c.data()));
    }
    if (step instanceof SaslServerStep.Success s) {
      byte[] extra = s.additionalData();
      if (extra != null) {
        awaitingEmpty = s;
        return new Outcome.Continue(challenge(extra));
      }
      current = null;
      return new Outcome.Authenticated(s.authorizationId(), s.authenticationId());
    }
    SaslServerStep.Failure f = (SaslServerStep.Failure) step;
    if (f.reason() == SaslFailure.TEMPORARY_FAILURE) {
      LOG.warn("[{}] AUTH {} failed temporarily: {}", sessionId, current.name(), f.detail());
    }
    return end(reply(f.reason()));
  }

  private static String challenge(byte[] data) {
    return "+ " + Base64.getEncoder().encodeToString(data);
  }

  private Outcome end(Pop3Response response) {
    cancel();
    return new Outcome.Refused(response, true);
  }

  /** The POP3 answer for each failure (RFC 5034 §4, RFC 3206 §4–§5; see {@link SaslFailure}). */
  static Pop3Response reply(SaslFailure reason) {
    switch (reason) {
      case INVALID_CREDENTIALS:
      case AUTHORIZATION_DENIED:
      case ENCRYPTION_REQUIRED:
        return Pop3Response.err(ResponseCode.AUTH, "authentication failed");
      case TEMPORARY_FAILURE:
        return Pop3Response.err(ResponseCode.SYS_TEMP, "authentication is not possible now");
      case CANCELLED:
        return Pop3Response.err("authentication cancelled");
      case RESPONSE_TOO_LONG:
        return Pop3Response.err("authentication response too long");
      case UNKNOWN_MECHANISM:
        return Pop3Response.err("unrecognized authentication type");
      default:
        return Pop3Response.err("malformed authentication response");
    }
  }
}
