package dev.missive.smtp.server;

import dev.missive.wire.PeerInfo;


/**
 * A host's rule on which SASL mechanism is strong enough for which user and connection (RFC 4954 §6: "534 5.7.9
 * Authentication mechanism is too weak ... weaker than server policy permits for that user"). Asked after the
 * mechanism has verified the credentials, so the user is known; when it refuses, the engine answers 534 5.7.9
 * instead of 235, the session stays unauthenticated and the client may retry with another mechanism.
 *
 * <pre>{@code
 * // administrators must use SCRAM; everyone else any offered mechanism
 * AuthMechanismPolicy policy = (mechanism, user, peer, tls) ->
 *     !admins.contains(user) || mechanism.startsWith("SCRAM-");
 * }</pre>
 *
 * <p>Called on the engine's thread, from {@code receive}; it must not block. An exception it throws is answered
 * as a temporary failure (454 4.7.0).
 */
@FunctionalInterface
public interface AuthMechanismPolicy {

  /**
   * Whether {@code mechanism} may authenticate {@code authenticationId} on this connection.
   *
   * @param mechanism        the mechanism's name, upper case (such as {@code PLAIN})
   * @param authenticationId the identity whose credentials the mechanism verified
   * @param peer             the connection
   * @param tls              whether the connection is under TLS
   * @return whether the login may succeed
   */
  boolean permits(String mechanism, String authenticationId, PeerInfo peer, boolean tls);
}
