package dev.missive.sasl.internal;

import dev.missive.sasl.ScramCredentials;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;
import java.util.Base64;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * The default CRAM-MD5 challenges (RFC 2195 §2) and SCRAM nonces (RFC 5802 §5.1), built from the host's
 * {@link Clock} and {@link RandomGenerator} (the design's rule 1), and SCRAM decoy credentials for unknown users.
 */
public final class Defaults {

  private static final int NONCE_BYTES = 18;
  private static final int DECOY_ITERATIONS = 4096;

  private Defaults() {}

  /** CRAM-MD5 challenges {@code <random.seconds@hostname>} in the form of RFC 2195 §2's example. */
  public static Supplier<String> cramMd5Challenges(Clock clock, RandomGenerator random, String hostname) {
    return () -> "<" + random.nextLong(1, Long.MAX_VALUE) + "." + clock.instant().getEpochSecond() + "@"
        + hostname + ">";
  }

  /** SCRAM nonces: 18 random bytes in base64, 24 printable characters without commas (RFC 5802 §5.1). */
  public static Supplier<String> nonces(RandomGenerator random) {
    return () -> {
      byte[] bytes = new byte[NONCE_BYTES];
      random.nextBytes(bytes);
      return Base64.getEncoder().encodeToString(bytes);
    };
  }

  /**
   * Decoy SCRAM credentials, derived from a secret key and the user name so the same unknown name always shows the
   * same salt.
   */
  public static Function<String, ScramCredentials> scramDecoys(RandomGenerator random) {
    byte[] key = new byte[ScramCrypto.KEY_LENGTH];
    random.nextBytes(key);
    return user -> {
      byte[] seed = ScramCrypto.hmac(key, user.getBytes(StandardCharsets.UTF_8));
      return new ScramCredentials(Arrays.copyOf(seed, 16), DECOY_ITERATIONS,
          ScramCrypto.hmac(seed, new byte[] {1}), ScramCrypto.hmac(seed, new byte[] {2}));
    };
  }
}
