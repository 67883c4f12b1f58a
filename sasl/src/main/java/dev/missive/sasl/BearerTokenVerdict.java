package dev.missive.sasl;

import java.util.Objects;

/**
 * A {@link BearerTokenValidator}'s answer about one bearer token (RFC 7628 §3.2): valid for an identity, or
 * invalid with the error details the server reports in its JSON challenge (RFC 7628 §3.2.2).
 */
public sealed interface BearerTokenVerdict permits BearerTokenVerdict.Valid, BearerTokenVerdict.Invalid {

  /**
   * The token is valid.
   *
   * @param authenticationId the identity the token was issued to, never empty
   */
  record Valid(String authenticationId) implements BearerTokenVerdict {

    /**
     * Validates the identity.
     *
     * @param authenticationId the identity the token was issued to, never empty
     */
    public Valid {
      if (Objects.requireNonNull(authenticationId, "authenticationId").isEmpty()) {
        throw new IllegalArgumentException("empty authenticationId");
      }
    }
  }

  /**
   * The token is not valid. The values go into the JSON error challenge (RFC 7628 §3.2.2); they must hold no
   * control characters.
   *
   * @param status               the RFC 6750 §3.1 error code, such as {@code invalid_token}
   * @param scope                the scope the client needs, or empty for none
   * @param openIdConfiguration  the URL of the OpenID configuration document, or empty for none
   */
  record Invalid(String status, String scope, String openIdConfiguration) implements BearerTokenVerdict {

    /**
     * Validates the values.
     *
     * @param status               the RFC 6750 §3.1 error code, such as {@code invalid_token}
     * @param scope                the scope the client needs, or empty for none
     * @param openIdConfiguration  the URL of the OpenID configuration document, or empty for none
     */
    public Invalid {
      for (String value : new String[] {status, scope, openIdConfiguration}) {
        Objects.requireNonNull(value, "status, scope and openIdConfiguration must not be null");
        if (value.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
          throw new IllegalArgumentException("control character in an OAuth error value");
        }
      }
      if (status.isEmpty()) {
        throw new IllegalArgumentException("empty status");
      }
    }

    /** {@return the common answer: {@code invalid_token} with no scope or configuration hint} */
    public static Invalid invalidToken() {
      return new Invalid("invalid_token", "", "");
    }
  }
}
