package dev.missive.sasl;

/**
 * Thrown by a host credential interface when it cannot answer now (a database down, a token endpoint
 * unreachable); the mechanism turns it into {@link SaslFailure#TEMPORARY_FAILURE} (RFC 4954 §6: {@code 454 4.7.0}).
 * Its message is never shown to the client.
 */
public final class CredentialsUnavailableException extends Exception {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what failed, safe to log (no secrets)
   * @param cause   the underlying failure, or {@code null}
   */
  public CredentialsUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
