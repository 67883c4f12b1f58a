package dev.missive.testkit;

import dev.missive.wire.EngineEnvironment;
import java.time.Clock;
import java.util.SplittableRandom;

/**
 * Ready-made {@link EngineEnvironment}s for tests (docs/architecture.md, "Determinism"): a fixed or manual clock,
 * {@link ManualTime} for deadlines and a seeded random source, so RFC vectors (APOP banners, RFC 1939 §7; CRAM-MD5
 * challenges, RFC 2195 §2) replay byte for byte.
 * <pre>{@code
 * ManualTime time = new ManualTime();
 * MyPop3Server server = new MyPop3Server(TestEnvironments.of(time, 42));
 * }</pre>
 */
public final class TestEnvironments {

  /** The seed of the random source unless another is given. */
  public static final long DEFAULT_SEED = 5321;

  private TestEnvironments() {}

  /**
   * A clock fixed at {@link ManualTime#DEFAULT_START}, a manual time nobody advances and a random source seeded
   * with {@link #DEFAULT_SEED}.
   *
   * @return the environment
   */
  public static EngineEnvironment fixed() {
    ManualTime time = new ManualTime();
    return of(time.fixedClock(), time, DEFAULT_SEED);
  }

  /**
   * The clock and monotonic time of {@code time} (both advance together), random seeded with {@link #DEFAULT_SEED}.
   *
   * @param time the clock and monotonic time
   * @return the environment
   */
  public static EngineEnvironment of(ManualTime time) {
    return of(time, DEFAULT_SEED);
  }

  /**
   * The clock and monotonic time of {@code time}, random seeded with {@code seed}.
   *
   * @param time the clock and monotonic time
   * @param seed the random seed
   * @return the environment
   */
  public static EngineEnvironment of(ManualTime time, long seed) {
    return of(time.clock(), time, seed);
  }

  /**
   * Everything explicit: a wall clock, manual monotonic time and the seed of a {@link SplittableRandom}.
   *
   * @param clock the wall clock
   * @param time  the monotonic time
   * @param seed  the random seed
   * @return the environment
   */
  public static EngineEnvironment of(Clock clock, ManualTime time, long seed) {
    return new EngineEnvironment(clock, time, new SplittableRandom(seed));
  }
}
