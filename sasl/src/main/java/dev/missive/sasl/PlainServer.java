package dev.missive.sasl;

import dev.missive.sasl.internal.Utf8;

/**
 * The server side of PLAIN (RFC 4616 §2): one message {@code [authzid] NUL authcid NUL passwd} in UTF-8, checked
 * through the host's {@link PasswordVerifier}.
 */
final class PlainServer extends ServerMechanismBase {

  private final PasswordVerifier verifier;

  /** Creates the mechanism for one exchange. */
  public PlainServer(PasswordVerifier verifier, AuthorizationPolicy authorization, int maxResponseLength) {
    super("PLAIN", maxResponseLength, authorization);
    this.verifier = verifier;
  }

  @Override
  protected SaslServerStep step(byte[] response) {
    if (response == null) {
      return emptyChallenge();
    }
    int first = indexOf(response, 0);
    int second = first < 0 ? -1 : indexOf(response, first + 1);
    if (second < 0 || indexOf(response, second + 1) >= 0) {
      return failure(SaslFailure.MALFORMED_RESPONSE, "PLAIN message needs exactly two NUL separators");
    }
    String authzid = Utf8.decode(response, 0, first);
    String authcid = Utf8.decode(response, first + 1, second);
    if (authzid == null || authcid == null) {
      return failure(SaslFailure.MALFORMED_RESPONSE, "identity is not valid UTF-8");
    }
    char[] password = Utf8.decodeChars(response, second + 1, response.length);
    if (password == null) {
      return failure(SaslFailure.MALFORMED_RESPONSE, "password is not valid UTF-8");
    }
    SaslServerStep.Failure failed = PasswordCheck.verify(verifier, authcid, password);
    return failed != null ? failed : authorize(authzid, authcid, null);
  }

  private static int indexOf(byte[] bytes, int from) {
    for (int i = from; i < bytes.length; i++) {
      if (bytes[i] == 0) {
        return i;
      }
    }
    return -1;
  }
}
