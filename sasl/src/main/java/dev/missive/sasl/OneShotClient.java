package dev.missive.sasl;

/**
 * A client mechanism that sends one message: PLAIN (RFC 4616 §2), OAUTHBEARER (RFC 7628 §3.1) and XOAUTH2. The
 * OAuth mechanisms answer a JSON error challenge with a fixed acknowledgement that ends the exchange
 * (RFC 7628 §3.2.3: {@code %x01}; XOAUTH2: an empty response).
 */
final class OneShotClient implements SaslClientMechanism {

  private final String name;
  private final byte[] message;
  private final byte[] acknowledgement;
  private boolean sent;
  private boolean acknowledged;

  /**
   * Creates the mechanism.
   *
   * @param acknowledgement the response to an error challenge, or {@code null} if the mechanism has none
   */
  public OneShotClient(String name, byte[] message, byte[] acknowledgement) {
    this.name = name;
    this.message = message.clone();
    this.acknowledgement = acknowledgement == null ? null : acknowledgement.clone();
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public byte[] initialResponse() {
    if (sent) {
      throw new IllegalStateException(name + " response already sent");
    }
    sent = true;
    return message.clone();
  }

  @Override
  public byte[] evaluateChallenge(byte[] challenge) throws SaslException {
    if (!sent) {
      if (challenge.length != 0) {
        throw new SaslException(name + " expects an empty first challenge");
      }
      sent = true;
      return message.clone();
    }
    if (acknowledgement != null && !acknowledged) {
      acknowledged = true;
      return acknowledgement.clone();
    }
    throw new SaslException("unexpected " + name + " challenge after the exchange ended");
  }

  @Override
  public boolean isComplete() {
    return sent;
  }

  /** Shows the name only: the message holds credentials. */
  @Override
  public String toString() {
    return name + " client";
  }
}
