package dev.missive.sasl;

/**
 * The host's check of an OAuth 2.0 bearer token (RFC 6750) for the OAUTHBEARER (RFC 7628) and XOAUTH2
 * mechanisms: introspection, JWT verification or a cache, whatever the host's authorization server needs.
 */
@FunctionalInterface
public interface BearerTokenValidator {

  /**
   * Validates a token.
   *
   * @param request what the client presented
   * @return whether the token is valid, and for whom
   * @throws CredentialsUnavailableException if the token cannot be checked now
   */
  BearerTokenVerdict validate(BearerTokenRequest request) throws CredentialsUnavailableException;
}
