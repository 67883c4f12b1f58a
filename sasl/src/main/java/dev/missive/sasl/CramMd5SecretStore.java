package dev.missive.sasl;

import java.util.Optional;

/**
 * The host's lookup of the shared secret for CRAM-MD5 (RFC 2195 §2), which needs the secret itself (the key of
 * HMAC-MD5, RFC 2104) rather than a one-way hash of it.
 *
 * <p>Some servers store the "precomputed HMAC state" instead (the MD5 state after the inner and outer padded keys,
 * RFC 2104 §4, as Dovecot's {@code CRAM-MD5} password scheme does). That form is not accepted here: the JDK's
 * {@link java.security.MessageDigest} cannot be resumed from a saved MD5 state, and a hand-written MD5 is not worth
 * its risk for a legacy mechanism. A host that has only such states offers SCRAM-SHA-256 instead.
 */
@FunctionalInterface
public interface CramMd5SecretStore {

  /**
   * Looks up a user's secret.
   *
   * @param user the user name the client gave
   * @return the secret's octets (a password is encoded as UTF-8), or empty if the user is unknown; the mechanism
   *         clears the returned array after use, so return a copy
   * @throws CredentialsUnavailableException if the store cannot answer now
   */
  Optional<byte[]> secret(String user) throws CredentialsUnavailableException;
}
