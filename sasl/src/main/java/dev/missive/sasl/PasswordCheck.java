package dev.missive.sasl;

import java.util.Arrays;

/** The password check PLAIN (RFC 4616 §2) and LOGIN share: call the host's verifier, then clear the password. */
final class PasswordCheck {

  private PasswordCheck() {}

  /**
   * Verifies a password and clears it.
   *
   * @return {@code null} when the password is right, otherwise the failure to answer
   */
  static SaslServerStep.Failure verify(PasswordVerifier verifier, String authenticationId, char[] password) {
    try {
      if (authenticationId.isEmpty()) {
        return new SaslServerStep.Failure(SaslFailure.MALFORMED_RESPONSE, "empty authentication identity");
      }
      if (password.length == 0) {
        return new SaslServerStep.Failure(SaslFailure.MALFORMED_RESPONSE, "empty password");
      }
      if (!verifier.verify(authenticationId, password)) {
        return new SaslServerStep.Failure(SaslFailure.INVALID_CREDENTIALS, "wrong password or unknown user");
      }
      return null;
    } catch (CredentialsUnavailableException e) {
      return new SaslServerStep.Failure(SaslFailure.TEMPORARY_FAILURE, "password store unavailable");
    } finally {
      Arrays.fill(password, '\0');
    }
  }
}
