package dev.missive.sasl;

/**
 * The host's password check for the PLAIN (RFC 4616 §2) and LOGIN (draft-murchison-sasl-login) mechanisms, so
 * the host keeps its password hashes and compares them itself.
 *
 * <p>The mechanism hands over the identities exactly as the client sent them (decoded from UTF-8, not
 * SASLprep'ed: a host that stores prepared strings applies {@link SaslPrep#query(String)} itself) and clears the
 * password array after the call. Implementations should compare in constant time
 * ({@link java.security.MessageDigest#isEqual}) and must not log the password.
 */
@FunctionalInterface
public interface PasswordVerifier {

  /**
   * Checks a password.
   *
   * @param authenticationId the user name the client gave, never empty
   * @param password         the password the client gave, never empty; cleared after the call
   * @return {@code true} if the user exists and the password is right; {@code false} otherwise
   * @throws CredentialsUnavailableException if the store cannot answer now
   */
  boolean verify(String authenticationId, char[] password) throws CredentialsUnavailableException;
}
