package dev.missive.sasl;

import dev.missive.sasl.internal.Utf8;
import java.nio.charset.StandardCharsets;

/**
 * The server side of LOGIN (draft-murchison-sasl-login-00 §2): challenges {@code Username:} and
 * {@code Password:}, answered by the user name and the password in UTF-8. An initial response, if sent, is the
 * user name (§2.1).
 */
final class LoginServer extends ServerMechanismBase {

  /** The first challenge. */
  public static final String USERNAME_CHALLENGE = "Username:";
  /** The second challenge. */
  public static final String PASSWORD_CHALLENGE = "Password:";

  private final PasswordVerifier verifier;
  private String username;

  /** Creates the mechanism for one exchange. */
  public LoginServer(PasswordVerifier verifier, AuthorizationPolicy authorization, int maxResponseLength) {
    super("LOGIN", maxResponseLength, authorization);
    this.verifier = verifier;
  }

  @Override
  protected SaslServerStep step(byte[] response) {
    if (response == null) {
      return challenge(USERNAME_CHALLENGE);
    }
    if (username == null) {
      username = Utf8.decode(response);
      if (username == null || username.isEmpty()) {
        return failure(SaslFailure.MALFORMED_RESPONSE, "user name is empty or not valid UTF-8");
      }
      return challenge(PASSWORD_CHALLENGE);
    }
    char[] password = Utf8.decodeChars(response, 0, response.length);
    if (password == null) {
      return failure(SaslFailure.MALFORMED_RESPONSE, "password is not valid UTF-8");
    }
    SaslServerStep.Failure failed = PasswordCheck.verify(verifier, username, password);
    return failed != null ? failed : authorize("", username, null);
  }

  private static SaslServerStep challenge(String text) {
    return new SaslServerStep.Challenge(text.getBytes(StandardCharsets.US_ASCII));
  }
}
