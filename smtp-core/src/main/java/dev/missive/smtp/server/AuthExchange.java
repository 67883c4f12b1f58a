package dev.missive.smtp.server;

import dev.missive.sasl.SaslFailure;
import dev.missive.sasl.SaslServerMechanism;
import dev.missive.sasl.SaslServerStep;
import dev.missive.smtp.Reply;
import java.nio.ByteBuffer;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One AUTH exchange on the server side (RFC 4954 §4): base64 framing of challenges ({@code 334}) and responses,
 * {@code *} to cancel, and the mapping of SASL outcomes to the replies of RFC 4954 §6. Responses are never kept
 * beyond the call and never appear in a message or log (SECURITY.md 18b). A mechanism that fails (its store is
 * down, or it threw: {@link dev.missive.sasl.SaslServerMechanisms#create(String)} turns that into a temporary
 * failure) is answered {@code 454 4.7.0} and logged once, with the session id and the failure's safe detail.
 */
final class AuthExchange {

  private static final Logger LOG = LoggerFactory.getLogger(AuthExchange.class);

  /**
   * What the engine sends next.
   *
   * @param challenge base64 text for a {@code 334} line, or {@code null} when the exchange is over
   * @param reply     the final reply when the exchange is over
   * @param success   the outcome when it succeeded, else {@code null}
   */
  record Step(String challenge, Reply reply, SaslServerStep.Success success) {
    /** Whether the exchange is over. */
    public boolean finished() {
      return challenge == null;
    }
  }

  private final SaslServerMechanism mechanism;
  private final SmtpServerConfig config;
  private final String sessionId;
  private SaslServerStep.Success pendingSuccess;

  /**
   * Starts an exchange with a fresh mechanism; replies are worded as {@code config} says, log lines name
   * {@code sessionId}.
   */
  AuthExchange(SaslServerMechanism mechanism, SmtpServerConfig config, String sessionId) {
    this.mechanism = mechanism;
    this.config = config;
    this.sessionId = sessionId;
  }

  /** The mechanism's name. */
  String mechanismName() {
    return mechanism.name();
  }

  /**
   * Begins with the AUTH command's initial response: {@code null} when absent, {@code "="} for an empty one
   * (RFC 4954 §4).
   */
  Step start(String initialResponse) {
    if (initialResponse == null) {
      return evaluate(null);
    }
    if (initialResponse.equals("=")) {
      return evaluate(new byte[0]);
    }
    byte[] decoded = decode(ByteBuffer.wrap(initialResponse.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)));
    return decoded == null ? failure(SaslFailure.MALFORMED_RESPONSE) : evaluate(decoded);
  }

  /** Continues with a client response line (without CRLF). */
  Step respond(ByteBuffer line) {
    if (line.remaining() == 1 && line.get(line.position()) == '*') {
      return failure(SaslFailure.CANCELLED);
    }
    byte[] decoded = decode(line);
    if (decoded == null) {
      return failure(SaslFailure.MALFORMED_RESPONSE);
    }
    if (pendingSuccess != null) {
      // RFC 4954 §4: the client answers the final server data with an empty response
      return decoded.length == 0 ? success(pendingSuccess) : failure(SaslFailure.MALFORMED_RESPONSE);
    }
    return evaluate(decoded);
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

  private Step evaluate(byte[] response) {
    SaslServerStep step = mechanism.evaluate(response);
    if (step instanceof SaslServerStep.Challenge) {
      return new Step(Base64.getEncoder().encodeToString(((SaslServerStep.Challenge) step).data()), null, null);
    }
    if (step instanceof SaslServerStep.Success) {
      SaslServerStep.Success s = (SaslServerStep.Success) step;
      byte[] extra = s.additionalData();
      if (extra != null) {
        pendingSuccess = s;
        return new Step(Base64.getEncoder().encodeToString(extra), null, null);
      }
      return success(s);
    }
    SaslServerStep.Failure f = (SaslServerStep.Failure) step;
    if (f.reason() == SaslFailure.TEMPORARY_FAILURE) {
      LOG.warn("session {}: AUTH {} failed temporarily: {}", sessionId, mechanism.name(), f.detail());
    }
    return failure(f.reason());
  }

  private Step success(SaslServerStep.Success s) {
    return new Step(null, config.texts().reply(ReplyText.AUTHENTICATION_SUCCEEDED, config.hostname()), s);
  }

  /** Ends the exchange with the reply of RFC 4954 §6 for {@code reason}. */
  Step failure(SaslFailure reason) {
    return new Step(null, config.texts().reply(textFor(reason), config.hostname()), null);
  }

  /** The reply of RFC 4954 §6 (and RFC 3463) for each SASL failure. */
  static ReplyText textFor(SaslFailure reason) {
    switch (reason) {
      case INVALID_CREDENTIALS:
      case AUTHORIZATION_DENIED:
        return ReplyText.CREDENTIALS_INVALID;
      case MALFORMED_RESPONSE:
        return ReplyText.RESPONSE_UNDECODABLE;
      case CANCELLED:
        return ReplyText.AUTHENTICATION_CANCELLED;
      case TEMPORARY_FAILURE:
        return ReplyText.AUTHENTICATION_TEMPORARY_FAILURE;
      case ENCRYPTION_REQUIRED:
        return ReplyText.ENCRYPTION_REQUIRED;
      case UNKNOWN_MECHANISM:
        return ReplyText.MECHANISM_UNRECOGNIZED;
      case RESPONSE_TOO_LONG:
      default:
        return ReplyText.AUTH_LINE_TOO_LONG;
    }
  }

  /** Never shows responses or identities. */
  @Override
  public String toString() {
    return "AuthExchange[" + mechanism.name() + "]";
  }
}
