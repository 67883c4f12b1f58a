package dev.missive.wire;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Objects;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;

/**
 * Everything an engine needs from the world, in one value (docs/architecture.md, "Determinism"): wall-clock time for
 * trace fields and banners, monotonic nanoseconds for deadlines, and a random source for challenges and nonces.
 *
 * <p>Engines read {@link #nanoTime()} on every {@code receive}/{@code drainOutput} to keep their idle deadlines
 * (RFC 5321 §4.5.3.2, RFC 1939 §3). Tests pass a fixed clock, a manual nanosecond counter and a seeded
 * random generator so RFC vectors replay byte for byte.
 *
 * @param clock     wall-clock time (Received dates, APOP banners)
 * @param nanoTime  monotonic nanoseconds, as {@link System#nanoTime()}
 * @param random    the random source for challenges, nonces and identifiers
 */
public record EngineEnvironment(Clock clock, LongSupplier nanoTime, RandomGenerator random) {

  /**
   * Validates that all three are present.
   *
   * @param clock    the wall clock (Received dates, APOP banners)
   * @param nanoTime the monotonic nanoseconds the engine keeps its deadlines in
   * @param random   the source of challenges, nonces and boundaries
   */
  public EngineEnvironment {
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(nanoTime, "nanoTime");
    Objects.requireNonNull(random, "random");
  }

  /**
   * The production environment: {@link Clock#systemUTC()}, {@link System#nanoTime()}, a {@link SecureRandom}.
   *
   * @return an environment over the system clock, {@code System::nanoTime} and a new {@code SecureRandom}
   */
  public static EngineEnvironment system() {
    return new EngineEnvironment(Clock.systemUTC(), System::nanoTime, new SecureRandom());
  }

  /** {@return current monotonic time in nanoseconds} */
  public long now() {
    return nanoTime.getAsLong();
  }

  /**
   * A random token of {@code bytes} random octets as lower-case hex, suitable as the default for
   * challenges, nonces and message-id parts that an RFC example would otherwise fix.
   *
   * @param bytes how many random octets (the token has twice as many hex digits)
   * @return the token, such as {@code 3f9a0c}
   */
  public String randomHex(int bytes) {
    byte[] b = new byte[bytes];
    random.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }
}
