package dev.missive.sasl;

/**
 * A SASL client mechanism's refusal of a server message (RFC 4422 §3.5): malformed, out of order, or failing
 * verification. Its message never holds credentials or protocol secrets.
 */
public final class SaslException extends Exception {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what was wrong, safe to log
   */
  public SaslException(String message) {
    super(message);
  }
}
