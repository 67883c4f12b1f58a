package dev.missive.sasl;

import java.util.Optional;

/**
 * The host's lookup of SCRAM-SHA-256 verifiers (RFC 5802 §2.2, RFC 7677), so the host never needs a plaintext
 * password for SCRAM: it stores {@link ScramCredentials} made once by {@link ScramCredentials#derive}.
 */
@FunctionalInterface
public interface ScramCredentialStore {

  /**
   * Looks up a user's verifiers. The name arrives normalized by the {@link ScramDecoys} the mechanism was
   * registered with: find the user by exactly this string. Normalizing it again here (lower-casing, say) would
   * let two spellings find one real user while an unknown name's decoy differs per spelling, which tells real
   * users from unknown ones (RFC 5802 §9); put the normalization in the decoys instead.
   *
   * @param username the user name from the client's {@code n=} attribute, with {@code =2C} and {@code =3D}
   *                 decoded and then normalized; the client was asked to SASLprep it (RFC 5802 §5.1)
   * @return the stored credentials, or empty if the user is unknown
   * @throws CredentialsUnavailableException if the store cannot answer now
   */
  Optional<ScramCredentials> lookup(String username) throws CredentialsUnavailableException;
}
