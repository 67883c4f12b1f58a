package dev.missive.sasl;

import dev.missive.sasl.internal.ScramCrypto;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * How a SCRAM-SHA-256 server answers a user name its store does not know, so that the answer cannot tell unknown
 * users from real ones (RFC 5802 §9 on user enumeration): a server-first-message whose salt is derived from a
 * secret of the host and the user name, with the iteration count and salt length of the store's real credentials.
 * The exchange then fails at the proof, with the same {@link SaslFailure#INVALID_CREDENTIALS} as a wrong password.
 *
 * <p>For the decoy to match a real user in every respect:
 * <ul>
 *   <li>the <b>secret</b> is kept by the host, the same for every port and across restarts (a decoy that changes
 *   when the server restarts, while a real salt never does, marks the name as unknown); at least 32 random
 *   octets, stored where only the server can read them;</li>
 *   <li>the <b>user name normalization</b> is the one the store's lookup uses: the mechanism normalizes the name the
 *   client sent once and passes the result both to {@link ScramCredentialStore#lookup(String)} and to the decoy,
 *   so {@code carol} and {@code CAROL} get the same decoy exactly when they would find the same real user;</li>
 *   <li>the <b>iteration count</b> and <b>salt length</b> are those of the store's credentials (what
 *   {@link ScramCredentials#derive} was given).</li>
 * </ul>
 *
 * <pre>{@code
 * ScramDecoys decoys = ScramDecoys.of(secretFromDisk, name -> name.toLowerCase(Locale.ROOT), 4096, 16);
 * SaslServerMechanisms sasl = SaslServerMechanisms.builder().scramSha256(users, decoys).build();
 * }</pre>
 *
 * <p>Immutable and thread-safe if the normalization is; {@link #toString()} never shows the secret.
 */
public final class ScramDecoys {

  /** The shortest secret accepted, in octets: one HMAC-SHA-256 key's worth of randomness. */
  public static final int MIN_SECRET_LENGTH = 32;
  private static final byte[] LABEL = "missive SCRAM-SHA-256 decoy\0".getBytes(StandardCharsets.US_ASCII);

  private final byte[] secret;
  private final UnaryOperator<String> normalization;
  private final int iterations;
  private final int saltLength;

  private ScramDecoys(byte[] secret, UnaryOperator<String> normalization, int iterations, int saltLength) {
    this.secret = secret;
    this.normalization = normalization;
    this.iterations = iterations;
    this.saltLength = saltLength;
  }

  /**
   * Decoys keyed by {@code secret}.
   *
   * @param secret        at least {@link #MIN_SECRET_LENGTH} octets the host keeps across restarts and shares by
   *                      every port; copied
   * @param normalization how the store's lookup normalizes a user name (such as lower-casing); pass
   *                      {@link UnaryOperator#identity()} for a store that matches names exactly
   * @param iterations    the iteration count of the store's credentials, at least 1
   * @param saltLength    the salt length of the store's credentials in octets, 1 to 64
   * @return the decoys
   * @throws IllegalArgumentException if the secret is too short or a count is out of range
   */
  public static ScramDecoys of(byte[] secret, UnaryOperator<String> normalization, int iterations,
      int saltLength) {
    Objects.requireNonNull(secret, "secret");
    Objects.requireNonNull(normalization, "normalization");
    if (secret.length < MIN_SECRET_LENGTH) {
      throw new IllegalArgumentException("the decoy secret needs at least " + MIN_SECRET_LENGTH + " octets, not "
          + secret.length);
    }
    if (iterations < 1) {
      throw new IllegalArgumentException("iterations must be at least 1: " + iterations);
    }
    if (saltLength < 1 || saltLength > 2 * ScramCrypto.KEY_LENGTH) {
      throw new IllegalArgumentException("saltLength must be 1 to " + 2 * ScramCrypto.KEY_LENGTH + ": " + saltLength);
    }
    return new ScramDecoys(secret.clone(), normalization, iterations, saltLength);
  }

  /**
   * Normalizes a user name as the store's lookup does.
   *
   * @param username the name the client sent, SASLname-decoded
   * @return the name to look up and to derive a decoy from
   * @throws IllegalStateException if the normalization returns null
   */
  public String normalize(String username) {
    String n = normalization.apply(username);
    if (n == null) {
      throw new IllegalStateException("the user name normalization returned null");
    }
    return n;
  }

  /**
   * The credentials shown for a user the store does not know: the salt is
   * {@code HMAC-SHA-256(secret, label || normalized name)} cut to the salt length (a second block when longer
   * than 32 octets); the keys are derived from it too and match no password anyone knows.
   *
   * @param normalizedName the user name, already {@linkplain #normalize(String) normalized}
   * @return the decoy credentials, the same for the same name and secret
   */
  public ScramCredentials credentials(String normalizedName) {
    byte[] name = normalizedName.getBytes(StandardCharsets.UTF_8);
    byte[] input = Arrays.copyOf(LABEL, LABEL.length + name.length);
    System.arraycopy(name, 0, input, LABEL.length, name.length);
    byte[] seed = ScramCrypto.hmac(secret, input);
    byte[] salt = Arrays.copyOf(seed, saltLength);
    if (saltLength > seed.length) {
      byte[] more = ScramCrypto.hmac(secret, seed);
      System.arraycopy(more, 0, salt, seed.length, saltLength - seed.length);
    }
    return new ScramCredentials(salt, iterations, ScramCrypto.hmac(seed, new byte[] {1}),
        ScramCrypto.hmac(seed, new byte[] {2}));
  }

  /** Shows the iteration count and salt length, never the secret. */
  @Override
  public String toString() {
    return "ScramDecoys[iterations=" + iterations + ", saltLength=" + saltLength + ", secret=***]";
  }
}
