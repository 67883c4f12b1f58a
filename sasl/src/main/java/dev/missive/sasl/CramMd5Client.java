package dev.missive.sasl;

import dev.missive.sasl.internal.CramMd5;
import java.nio.charset.StandardCharsets;

/**
 * The client side of CRAM-MD5 (RFC 2195 §2): answers the server's challenge with the user name, a space and the
 * lower-case hexadecimal HMAC-MD5 of the challenge keyed with the shared secret.
 */
final class CramMd5Client implements SaslClientMechanism {

  private final String user;
  private final byte[] secret;
  private boolean answered;

  /** Creates the mechanism; the secret is the password's UTF-8 octets. */
  public CramMd5Client(String user, byte[] secret) {
    this.user = user;
    this.secret = secret.clone();
  }

  @Override
  public String name() {
    return "CRAM-MD5";
  }

  @Override
  public byte[] initialResponse() {
    return null;
  }

  @Override
  public byte[] evaluateChallenge(byte[] challenge) throws SaslException {
    if (answered) {
      throw new SaslException("unexpected CRAM-MD5 challenge after the response");
    }
    if (challenge.length == 0) {
      throw new SaslException("empty CRAM-MD5 challenge");
    }
    answered = true;
    return (user + " " + CramMd5.hex(CramMd5.digest(secret, challenge))).getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public boolean isComplete() {
    return answered;
  }

  @Override
  public String toString() {
    return "CRAM-MD5 client for " + user;
  }
}
