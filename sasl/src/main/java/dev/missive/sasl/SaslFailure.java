package dev.missive.sasl;

/**
 * Why a SASL exchange failed (RFC 4422 §3.6), typed so that each engine maps it to the reply its protocol defines:
 * SMTP replies from RFC 4954 §6 with enhanced codes from RFC 3463, POP3 replies {@code -ERR} with the response
 * codes of RFC 3206 and RFC 5034 §4. The mapping code lives in the engines.
 */
public enum SaslFailure {

  /**
   * The client asked for a mechanism the server does not offer (RFC 4422 §3.1); raised by
   * the engines' exchange when it starts, never by a mechanism, and not a failed login attempt. SMTP:
   * {@code 504 5.5.4 Unrecognized authentication type} (RFC 4954 §4). POP3: {@code -ERR}. IMAP: {@code NO}.
   */
  UNKNOWN_MECHANISM,

  /**
   * The credentials were wrong or the user is unknown (the two are deliberately not told apart).
   * SMTP: {@code 535 5.7.8 Authentication credentials invalid}. POP3: {@code -ERR [AUTH]}.
   */
  INVALID_CREDENTIALS,

  /**
   * A client response could not be parsed (bad syntax, bad UTF-8, missing fields, wrong nonce, bad base64 as
   * detected by the engine). SMTP: {@code 501 5.5.2}. POP3: {@code -ERR}.
   */
  MALFORMED_RESPONSE,

  /**
   * The client cancelled the exchange (RFC 4422 §3.5: {@code *} in SMTP and POP3, detected by the engine, which
   * then stops calling the mechanism). SMTP: {@code 501 5.0.0 Authentication cancelled}. POP3: {@code -ERR}.
   */
  CANCELLED,

  /**
   * The credentials were right but the authentication identity may not act as the requested authorization
   * identity (RFC 4422 §3.4.1). SMTP: {@code 535 5.7.8} (RFC 4954 §6 has no separate code). POP3:
   * {@code -ERR [AUTH]}.
   */
  AUTHORIZATION_DENIED,

  /**
   * The credential store could not answer now ({@link CredentialsUnavailableException}), or the mechanism failed
   * (it threw an unchecked exception or returned no step; see {@link SaslServerMechanisms#create(String)}). SMTP:
   * {@code 454 4.7.0 Temporary authentication failure}. POP3: {@code -ERR [SYS/TEMP]} (RFC 3206 §4).
   */
  TEMPORARY_FAILURE,

  /**
   * The mechanism may only be used over an encrypted connection, which this one is not; raised by
   * the engines' exchange when it starts, from {@link SaslServerMechanisms#requiresEncryption(String)}. SMTP:
   * {@code 538 5.7.11 Encryption required for requested authentication mechanism}. POP3: {@code -ERR [AUTH]}. Not a
   * failed login attempt: no credentials were checked.
   * (A server whose policy refuses a mechanism as too weak, rather than unencrypted, answers
   * {@code 534 5.7.9 Authentication mechanism is too weak} before any mechanism runs.)
   */
  ENCRYPTION_REQUIRED,

  /**
   * A response was longer than the configured limit ({@link SaslServerMechanisms.Builder#maxResponseLength(int)}).
   * SMTP: {@code 500 5.5.6 Authentication Exchange line is too long}. POP3: {@code -ERR}.
   */
  RESPONSE_TOO_LONG;

  /**
   * Whether the failure counts as a login attempt, for failed-login delays and limits: false when the exchange
   * never reached the credentials ({@link #UNKNOWN_MECHANISM}, {@link #ENCRYPTION_REQUIRED}), true otherwise.
   *
   * @return whether a protocol counts this failure as a failed login
   */
  public boolean attempted() {
    return this != UNKNOWN_MECHANISM && this != ENCRYPTION_REQUIRED;
  }
}
