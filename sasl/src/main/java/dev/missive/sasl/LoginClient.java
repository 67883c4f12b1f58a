package dev.missive.sasl;

/**
 * The client side of LOGIN (draft-murchison-sasl-login-00 §2): no initial response, then the user name and the
 * password, answering the server's two challenges in order whatever their text.
 */
final class LoginClient implements SaslClientMechanism {

  private final byte[] username;
  private final byte[] password;
  private int answered;

  /** Creates the mechanism; the arguments are UTF-8 octets. */
  public LoginClient(byte[] username, byte[] password) {
    this.username = username.clone();
    this.password = password.clone();
  }

  @Override
  public String name() {
    return "LOGIN";
  }

  @Override
  public byte[] initialResponse() {
    return null;
  }

  @Override
  public byte[] evaluateChallenge(byte[] challenge) throws SaslException {
    switch (answered++) {
      case 0:
        return username.clone();
      case 1:
        return password.clone();
      default:
        throw new SaslException("unexpected LOGIN challenge after the password");
    }
  }

  @Override
  public boolean isComplete() {
    return answered >= 2;
  }

  @Override
  public String toString() {
    return "LOGIN client";
  }
}
