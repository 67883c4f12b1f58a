package dev.missive.examples.server;

import dev.missive.examples.maildir.Maildir;
import dev.missive.sasl.CramMd5SecretStore;
import dev.missive.sasl.PasswordVerifier;
import dev.missive.sasl.SaslServerMechanisms;
import dev.missive.sasl.ScramCredentialStore;
import dev.missive.sasl.ScramCredentials;
import dev.missive.sasl.ScramDecoys;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The example server's mailboxes and their credentials, in the shapes the SASL mechanisms ask for: a password check
 * for PLAIN and LOGIN, the shared secret for CRAM-MD5 and APOP, and SCRAM-SHA-256 stored keys derived once at start
 * (RFC 5802 §3) so the SCRAM exchange never sees the password.
 *
 * <p>Names are case-insensitive. An unknown user costs what a known one costs and fails the same way: a password is
 * checked as its SHA-256 digest against the user's (or a dummy's) in constant time, and SCRAM answers an unknown
 * name with {@link ScramDecoys} that lower-case it as the lookup does, with the same iteration count and salt length
 * (RFC 5802 §9).
 */
public final class Users implements PasswordVerifier, CramMd5SecretStore, ScramCredentialStore {

  private static final int SCRAM_ITERATIONS = 4096;
  private static final int SCRAM_SALT_LENGTH = 16;
  /** What an unknown user's password is compared with: the digest of nothing anyone can type. */
  private static final byte[] NO_USER = sha256(new byte[] {0});

  private final Map<String, byte[]> passwords = new LinkedHashMap<>();
  private final Map<String, byte[]> digests = new LinkedHashMap<>();
  private final Map<String, ScramCredentials> scram = new LinkedHashMap<>();

  /** Registers the given users (names are case-insensitive and must be valid Maildir names). */
  public Users(Map<String, String> users) {
    SecureRandom random = new SecureRandom();
    users.forEach((name, password) -> {
      if (!Maildir.isValidUser(name)) {
        throw new IllegalArgumentException("not a valid user name: " + name);
      }
      String key = name.toLowerCase(Locale.ROOT);
      passwords.put(key, password.getBytes(StandardCharsets.UTF_8));
      digests.put(key, sha256(password.getBytes(StandardCharsets.UTF_8)));
      byte[] salt = new byte[SCRAM_SALT_LENGTH];
      random.nextBytes(salt);
      scram.put(key, ScramCredentials.derive(password, salt, SCRAM_ITERATIONS));
    });
  }

  /** The canonical (lower-case) name of a known user, if {@code name} is one. */
  public Optional<String> canonical(String name) {
    String key = name.toLowerCase(Locale.ROOT);
    return passwords.containsKey(key) ? Optional.of(key) : Optional.empty();
  }

  /** The known user names. */
  public Set<String> names() {
    return passwords.keySet();
  }

  /** Checks a password in constant time; an unknown user costs and fails the same as a wrong password. */
  public boolean check(String user, byte[] password) {
    byte[] expected = digests.get(user.toLowerCase(Locale.ROOT));
    boolean match = MessageDigest.isEqual(expected == null ? NO_USER : expected, sha256(password));
    return expected != null && match;
  }

  private static byte[] sha256(byte[] octets) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(octets);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  @Override
  public boolean verify(String authenticationId, char[] password) {
    return check(authenticationId, new String(password).getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public Optional<byte[]> secret(String user) {
    return Optional.ofNullable(passwords.get(user.toLowerCase(Locale.ROOT))).map(byte[]::clone);
  }

  @Override
  public Optional<ScramCredentials> lookup(String username) {
    return Optional.ofNullable(scram.get(username.toLowerCase(Locale.ROOT)));
  }

  /**
   * The SASL mechanisms the submission and POP3 ports offer, over these users; one registry serves every port.
   *
   * @param hostname    the server's name, for CRAM-MD5 challenges
   * @param decoySecret the server's SCRAM decoy secret ({@link DecoySecret}), the same on every start
   */
  public SaslServerMechanisms mechanisms(String hostname, byte[] decoySecret) {
    ScramDecoys decoys = ScramDecoys.of(decoySecret, name -> name.toLowerCase(Locale.ROOT), SCRAM_ITERATIONS,
        SCRAM_SALT_LENGTH);
    return SaslServerMechanisms.builder().hostname(hostname)
        .plain(this).login(this).cramMd5(this).scramSha256(this, decoys).build();
  }
}
