package dev.missive.sasl;

import dev.missive.sasl.internal.ScramCrypto;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Objects;

/**
 * The verifiers a SCRAM-SHA-256 server stores for one user (RFC 5802 §2.2 and §3, RFC 7677): the salt, the
 * iteration count, {@code StoredKey = H(HMAC(SaltedPassword, "Client Key"))} and
 * {@code ServerKey = HMAC(SaltedPassword, "Server Key")}. Knowing them does not let anyone log in as the user.
 *
 * @param salt       the salt, at least one byte
 * @param iterations the PBKDF2 iteration count, at least 1 (RFC 7677 §4 recommends at least 4096)
 * @param storedKey  StoredKey, 32 bytes
 * @param serverKey  ServerKey, 32 bytes
 */
public record ScramCredentials(byte[] salt, int iterations, byte[] storedKey, byte[] serverKey) {

  /**
   * Validates and copies the arrays.
   *
   * @param salt       the salt, at least one byte
   * @param iterations the PBKDF2 iteration count, at least 1 (RFC 7677 §4 recommends at least 4096)
   * @param storedKey  StoredKey, 32 bytes
   * @param serverKey  ServerKey, 32 bytes
   */
  public ScramCredentials {
    salt = Objects.requireNonNull(salt, "salt").clone();
    storedKey = Objects.requireNonNull(storedKey, "storedKey").clone();
    serverKey = Objects.requireNonNull(serverKey, "serverKey").clone();
    if (salt.length == 0) {
      throw new IllegalArgumentException("empty salt");
    }
    if (iterations < 1) {
      throw new IllegalArgumentException("iterations must be at least 1: " + iterations);
    }
    if (storedKey.length != ScramCrypto.KEY_LENGTH || serverKey.length != ScramCrypto.KEY_LENGTH) {
      throw new IllegalArgumentException("StoredKey and ServerKey must be " + ScramCrypto.KEY_LENGTH + " bytes");
    }
  }

  /**
   * Derives the verifiers from a password, for hosts that set or change one (RFC 5802 §3): SaltedPassword is
   * {@code Hi(SASLprep(password), salt, iterations)}, PBKDF2 with HMAC-SHA-256.
   *
   * @param password   the password; SASLprep'ed as a stored string (RFC 4013)
   * @param salt       a fresh random salt (16 bytes or more is customary)
   * @param iterations the iteration count, at least 1 (4096 or more recommended, RFC 7677 §4)
   * @return the credentials to store
   * @throws IllegalArgumentException if the password fails SASLprep or the salt or count is invalid
   */
  public static ScramCredentials derive(CharSequence password, byte[] salt, int iterations) {
    String prepared = SaslPrep.stored(password.toString())
        .orElseThrow(() -> new IllegalArgumentException("password is not valid under SASLprep (RFC 4013)"));
    if (iterations < 1) {
      throw new IllegalArgumentException("iterations must be at least 1: " + iterations);
    }
    byte[] salted = ScramCrypto.saltedPassword(prepared, salt, iterations);
    try {
      return new ScramCredentials(salt, iterations, ScramCrypto.storedKey(salted), ScramCrypto.serverKey(salted));
    } finally {
      Arrays.fill(salted, (byte) 0);
    }
  }

  /** {@return a copy of the salt} */
  @Override
  public byte[] salt() {
    return salt.clone();
  }

  /** {@return a copy of StoredKey} */
  @Override
  public byte[] storedKey() {
    return storedKey.clone();
  }

  /** {@return a copy of ServerKey} */
  @Override
  public byte[] serverKey() {
    return serverKey.clone();
  }

  /** Compares all four values, the keys in constant time. */
  @Override
  public boolean equals(Object o) {
    return o instanceof ScramCredentials c
        && iterations == c.iterations
        && Arrays.equals(salt, c.salt)
        && MessageDigest.isEqual(storedKey, c.storedKey)
        && MessageDigest.isEqual(serverKey, c.serverKey);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(salt) + iterations;
  }

  /** Shows the iteration count only; salt and keys stay out of logs. */
  @Override
  public String toString() {
    return "ScramCredentials[iterations=" + iterations + ", salt=***, storedKey=***, serverKey=***]";
  }
}
