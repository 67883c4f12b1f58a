package dev.missive.sasl;

import dev.missive.sasl.internal.Utf8;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * What OAUTHBEARER (RFC 7628 §3.2) and XOAUTH2 share on the server: one client response carrying a bearer token,
 * checked by the host's {@link BearerTokenValidator}; a rejected token gets a JSON error challenge, which the
 * client must acknowledge with a fixed response before the exchange fails.
 */
abstract class BearerServerBase extends ServerMechanismBase {

  private final BearerTokenValidator validator;
  private final byte[] acknowledgement;
  private String rejectedStatus;

  BearerServerBase(String name, BearerTokenValidator validator, byte[] acknowledgement,
      AuthorizationPolicy authorization, int maxResponseLength) {
    super(name, maxResponseLength, authorization);
    this.validator = validator;
    this.acknowledgement = acknowledgement;
  }

  /** Parses the client response, or returns {@code null} if it is malformed. */
  abstract BearerTokenRequest parse(String response);

  /** The JSON error challenge for a rejected token. */
  abstract String errorChallenge(BearerTokenVerdict.Invalid invalid);

  @Override
  protected final SaslServerStep step(byte[] response) {
    if (response == null) {
      return emptyChallenge();
    }
    if (rejectedStatus != null) {
      return Arrays.equals(response, acknowledgement)
          ? failure(SaslFailure.INVALID_CREDENTIALS, "bearer token rejected: " + rejectedStatus)
          : failure(SaslFailure.MALFORMED_RESPONSE, "expected the client's acknowledgement of the error");
    }
    String text = Utf8.decode(response);
    BearerTokenRequest request = text == null ? null : parse(text);
    if (request == null) {
      return failure(SaslFailure.MALFORMED_RESPONSE, name() + " client response is malformed");
    }
    BearerTokenVerdict verdict;
    try {
      verdict = validator.validate(request);
    } catch (CredentialsUnavailableException e) {
      return failure(SaslFailure.TEMPORARY_FAILURE, "bearer token validator unavailable");
    }
    if (verdict instanceof BearerTokenVerdict.Valid) {
      return authorize(request.user(), ((BearerTokenVerdict.Valid) verdict).authenticationId(), null);
    }
    BearerTokenVerdict.Invalid invalid = (BearerTokenVerdict.Invalid) verdict;
    rejectedStatus = invalid.status();
    return new SaslServerStep.Challenge(errorChallenge(invalid).getBytes(StandardCharsets.UTF_8));
  }
}
