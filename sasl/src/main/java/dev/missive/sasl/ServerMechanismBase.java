package dev.missive.sasl;

import java.util.Objects;

/**
 * What every server mechanism shares (RFC 4422 §3): the name, the response length limit, the end of the exchange
 * and the authorization decision of RFC 4422 §3.4.1.
 */
abstract class ServerMechanismBase implements SaslServerMechanism {

  private static final byte[] EMPTY = new byte[0];

  private final String name;
  private final int maxResponseLength;
  private final AuthorizationPolicy authorization;
  private boolean started;
  private boolean complete;

  /**
   * Creates the base.
   *
   * @param name              the mechanism name
   * @param maxResponseLength the longest response accepted, in octets
   * @param authorization     the host's authorization policy
   */
  protected ServerMechanismBase(String name, int maxResponseLength, AuthorizationPolicy authorization) {
    this.name = name;
    this.maxResponseLength = maxResponseLength;
    this.authorization = Objects.requireNonNull(authorization, "authorization");
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final boolean isComplete() {
    return complete;
  }

  @Override
  public final SaslServerStep evaluate(byte[] response) {
    if (complete) {
      throw new IllegalStateException(name + " exchange has already ended");
    }
    if (response == null && started) {
      throw new IllegalArgumentException("only the first response of an exchange may be absent (null)");
    }
    started = true;
    SaslServerStep step = response != null && response.length > maxResponseLength
        ? failure(SaslFailure.RESPONSE_TOO_LONG, "response of " + response.length + " octets exceeds the limit of "
            + maxResponseLength)
        : step(response);
    complete = !(step instanceof SaslServerStep.Challenge);
    return step;
  }

  @Override
  public final SaslServerStep.Failure cancel() {
    SaslServerStep.Failure cancelled = SaslServerMechanism.super.cancel();
    complete = true;
    return cancelled;
  }

  /**
   * Evaluates one response that is within the length limit.
   *
   * @param response the response, or {@code null} for an absent initial response
   * @return the next step
   */
  protected abstract SaslServerStep step(byte[] response);

  /** A failure with a detail that is safe to log. */
  protected static SaslServerStep.Failure failure(SaslFailure reason, String detail) {
    return new SaslServerStep.Failure(reason, detail);
  }

  /** An empty challenge, sent when the client gave no initial response (RFC 4422 §3.3). */
  protected static SaslServerStep.Challenge emptyChallenge() {
    return new SaslServerStep.Challenge(EMPTY);
  }

  /**
   * Ends an exchange whose credentials were verified: applies the authorization policy to a requested
   * authorization identity (RFC 4422 §3.4.1).
   *
   * @param authorizationId  the requested identity, empty for none
   * @param authenticationId the verified identity
   * @param additionalData   data to send with success, or {@code null}
   * @return a success, or an {@link SaslFailure#AUTHORIZATION_DENIED} failure
   */
  protected final SaslServerStep authorize(String authorizationId, String authenticationId, byte[] additionalData) {
    if (authorizationId.isEmpty()) {
      return new SaslServerStep.Success(authenticationId, authenticationId, additionalData);
    }
    if (!authorization.mayActAs(authenticationId, authorizationId)) {
      return failure(SaslFailure.AUTHORIZATION_DENIED,
          "authentication identity may not act as the requested authorization identity");
    }
    return new SaslServerStep.Success(authorizationId, authenticationId, additionalData);
  }
}
