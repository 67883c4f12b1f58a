package dev.missive.sasl;

/**
 * The host's check of an OAuth 2.0 bearer token (RFC 6750) for the OAUTHBEARER (RFC 7628) and XOAUTH2
 * mechanisms: introspection, JWT verification or a cache, whatever the host's authorization server needs.
 */
@FunctionalInterface
public interface BearerTokenValidator {

  /**
   * Validates a token. The token is empty when an OAUTHBEARER client sent an empty {@code auth=} to learn the scope
   * it needs (RFC 7628 §4.3); answer it with {@link BearerTokenVerdict.Invalid} carrying that scope.
   *
   * @param request what the client presented
   * @return whether the token is valid, and for whom
   * @throws CredentialsUnavailableException if the token cannot be checked now
   */
  BearerTokenVerdict validate(BearerTokenRequest request) throws CredentialsUnavailableException;
}
