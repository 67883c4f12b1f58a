package dev.missive.sasl;

/**
 * The host's decision whether an authenticated identity may act as another, requested authorization identity
 * (RFC 4422 §3.4.1; the {@code authzid} of PLAIN, SCRAM and OAUTHBEARER).
 */
@FunctionalInterface
public interface AuthorizationPolicy {

  /** The default: a client may only act as itself (an empty or identical authorization identity). */
  AuthorizationPolicy SELF_ONLY = (authenticationId, authorizationId) -> authorizationId.equals(authenticationId);

  /**
   * Decides whether {@code authenticationId} may act as {@code authorizationId}. Not called when the client
   * requested no authorization identity.
   *
   * @param authenticationId the identity whose credentials were verified
   * @param authorizationId  the non-empty identity the client asked to act as
   * @return whether to allow it
   */
  boolean mayActAs(String authenticationId, String authorizationId);
}
