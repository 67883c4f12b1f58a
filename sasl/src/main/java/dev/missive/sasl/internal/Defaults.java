package dev.missive.sasl.internal;

import java.time.Clock;
import java.util.Base64;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * The default CRAM-MD5 challenges (RFC 2195 §2) and SCRAM nonces (RFC 5802 §5.1), built from the host's
 * {@link Clock} and {@link RandomGenerator} (the design's rule 1).
 */
public final class Defaults {

  private static final int NONCE_BYTES = 18;

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
}
