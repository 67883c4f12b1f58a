package dev.missive.sasl;

/**
 * The server side of one SASL authentication exchange (RFC 4422 §3): client responses in, challenges out, until
 * the exchange ends in a {@link SaslServerStep.Success} or a {@link SaslServerStep.Failure}.
 *
 * <p>One instance serves one authentication attempt and is not thread-safe; obtain a fresh one from
 * {@link SaslServerMechanisms#create(String)} for every {@code AUTH} command. Peer input never makes an unchecked
 * exception escape: malformed, over-long or hostile responses end in a typed {@link SaslServerStep.Failure}.
 * Calling {@link #evaluate(byte[])} again after a success or failure is host misuse and throws
 * {@link IllegalStateException}.
 */
public interface SaslServerMechanism {

  /**
   * The IANA-registered mechanism name in upper case (RFC 4422 §3.1), such as {@code PLAIN} or {@code SCRAM-SHA-256}.
   *
   * @return the mechanism name
   */
  String name();

  /**
   * Evaluates the client's next response.
   *
   * @param response the client's response, already base64-decoded by the engine; {@code null} on the first call
   *                 when the client sent no initial response (RFC 4422 §3.3 distinguishes an absent initial
   *                 response from an empty one, which SMTP sends as {@code =} and POP3 as {@code =} too)
   * @return the next step: a challenge to send, or the outcome
   * @throws IllegalStateException if the exchange has already ended
   */
  SaslServerStep evaluate(byte[] response);

  /** {@return whether the exchange has ended with a success or a failure} */
  boolean isComplete();

  /**
   * Ends the exchange because the client cancelled it (RFC 4422 §3.5: SMTP and POP3 clients send {@code *},
   * RFC 4954 §4, RFC 5034 §4); the engine recognises the {@code *} line and calls this instead of
   * {@link #evaluate(byte[])}.
   *
   * @return a {@link SaslFailure#CANCELLED} failure
   * @throws IllegalStateException if the exchange has already ended
   */
  default SaslServerStep.Failure cancel() {
    if (isComplete()) {
      throw new IllegalStateException(name() + " exchange has already ended");
    }
    return new SaslServerStep.Failure(SaslFailure.CANCELLED, "client cancelled the exchange");
  }
}
