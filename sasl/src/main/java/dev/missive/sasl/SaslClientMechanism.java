package dev.missive.sasl;

/**
 * The client side of one SASL authentication exchange (RFC 4422 §3): an optional initial response, then one
 * response for each server challenge, until the mechanism is complete.
 *
 * <p>One instance serves one attempt and is not thread-safe. Obtain one from {@link SaslClientMechanisms}.
 * Calling {@link #initialResponse()} counts as sending it: an engine that will not send an initial response
 * (for example because the command line would be too long) does not call it and instead answers the server's
 * first, empty challenge with {@link #evaluateChallenge(byte[])}.
 */
public interface SaslClientMechanism {

  /** {@return the IANA-registered mechanism name in upper case (RFC 4422 §3.1), such as {@code PLAIN}} */
  String name();

  /**
   * The initial response (RFC 4422 §3.3), which the engine sends base64-encoded with the {@code AUTH} command;
   * an empty array is sent as {@code =}.
   *
   * @return the initial response, or {@code null} if this mechanism starts without one (LOGIN, CRAM-MD5)
   */
  byte[] initialResponse();

  /**
   * Computes the response to a server challenge.
   *
   * @param challenge the server's challenge, already base64-decoded by the engine (empty for an empty challenge)
   * @return the response to send, possibly empty
   * @throws SaslException if the server's message is malformed, unexpected, or fails verification (such as a
   *                       SCRAM server signature mismatch, RFC 5802 §5.1); the engine then cancels with {@code *}
   */
  byte[] evaluateChallenge(byte[] challenge) throws SaslException;

  /**
   * Whether the mechanism has finished on the client's side: it has sent its last response and, for a mechanism
   * with mutual authentication (SCRAM, RFC 5802 §5), verified the server. An engine told of success while this is
   * false must treat the server as unverified and fail the exchange.
   *
   * @return whether the client has sent its last response and verified the server where the mechanism can
   */
  boolean isComplete();
}
