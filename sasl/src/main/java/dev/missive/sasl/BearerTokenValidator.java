package dev.missive.sasl;

/**
 * The host's check of an OAuth 2.0 bearer token (RFC 6750) for the OAUTHBEARER (RFC 7628) and XOAUTH2
 * mechanisms: introspection, JWT verification or a cache, whatever the host's authorization server needs.
 */
@FunctionalInterface
public interface BearerTokenValidator {

  /**
   * Validates a token. The identity a {@link BearerTokenVerdict.Valid} names is the authentication identity; when the
   * client also named a user ({@link BearerTokenRequest#user()}) that differs from it, the registry's
   * {@link AuthorizationPolicy} decides, and by default refuses with {@link SaslFailure#AUTHORIZATION_DENIED}. The token is empty when an OAUTHBEARER client sent an empty {@code auth=} to learn the scope
   * it needs (RFC 7628 §4.3); answer it with {@link BearerTokenVerdict.Invalid} carrying that scope.
   *
   * @param request what the client presented
   * @return whether the token is valid, and for whom
   * @throws CredentialsUnavailableException if the token cannot be checked now
   */
  BearerTokenVerdict validate(BearerTokenRequest request) throws CredentialsUnavailableException;
}
