package dev.missive.testkit;

import dev.missive.wire.EngineEnvironment;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.SplittableRandom;
import java.util.function.LongSupplier;

/**
 * A monotonic nanosecond source that only moves when the test says so, with a {@link Clock} that moves with it: the
 * fake clock engines read for their idle deadlines (RFC 5321 §4.5.3.2, RFC 1939 §3; docs/architecture.md,
 * "Determinism"); and the {@link EngineEnvironment}s a test gives its engines over it ({@link #environment(long)}),
 * with a seeded random source so RFC vectors (APOP banners, RFC 1939 §7; CRAM-MD5 challenges, RFC 2195 §2) replay
 * byte for byte.
 *
 * <p>The counter starts at an arbitrary large value, not zero, so engines that wrongly treat 0 as "no time"
 * are caught. Thread-safe.
 * <pre>{@code
 * ManualTime time = new ManualTime();
 * MyServer server = new MyServer(time.environment());
 * time.advance(Duration.ofMinutes(5));    // nothing happens until the host calls onTimeout()
 * }</pre>
 */
public final class ManualTime implements LongSupplier {

  /** The wall-clock start of every manual time unless another is given: 2026-01-01T00:00:00Z. */
  public static final Instant DEFAULT_START = Instant.parse("2026-01-01T00:00:00Z");

  /** The seed of an environment's random source unless another is given. */
  public static final long DEFAULT_SEED = 5321;

  private static final long ORIGIN = 1_000_000_000_000L;

  private final Instant start;
  private long elapsed;

  /** Manual time starting at {@link #DEFAULT_START}. */
  public ManualTime() {
    this(DEFAULT_START);
  }

  /**
   * Manual time whose clock starts at {@code start}.
   *
   * @param start the wall-clock instant at monotonic time 0
   */
  public ManualTime(Instant start) {
    this.start = java.util.Objects.requireNonNull(start, "start");
  }

  /** The current monotonic time in nanoseconds. */
  @Override
  public synchronized long getAsLong() {
    return ORIGIN + elapsed;
  }

  /** {@return the nanoseconds elapsed since construction} */
  public synchronized Duration elapsed() {
    return Duration.ofNanos(elapsed);
  }

  /**
   * Moves time forward by {@code d}.
   *
   * @param d how far, not negative
   */
  public void advance(Duration d) {
    advanceNanos(d.toNanos());
  }

  /**
   * Moves time forward by {@code nanos} ({@code >= 0}).
   *
   * @param nanos how many nanoseconds
   */
  public synchronized void advanceNanos(long nanos) {
    if (nanos < 0) {
      throw new IllegalArgumentException("monotonic time cannot go back: " + nanos);
    }
    elapsed = Math.addExact(elapsed, nanos);
  }

  /**
   * Moves time forward to {@code nanoTime} if that is later than now (a deadline, say); never backwards.
   *
   * @param nanoTime the target, in monotonic nanoseconds
   */
  public synchronized void advanceTo(long nanoTime) {
    long now = ORIGIN + elapsed;
    if (nanoTime > now) {
      elapsed += nanoTime - now;
    }
  }

  /** {@return the wall-clock instant: the start plus the elapsed time} */
  public synchronized Instant instant() {
    return start.plusNanos(elapsed);
  }

  /** {@return a UTC {@link Clock} that shows {@link #instant()}, so it advances with this time} */
  public Clock clock() {
    return new ManualClock(this, ZoneOffset.UTC);
  }

  /** {@return a UTC {@link Clock} fixed at the start instant, for engines whose wall-clock time must not move} */
  public Clock fixedClock() {
    return Clock.fixed(start, ZoneOffset.UTC);
  }

  /**
   * An environment over this time: its clock and monotonic time (both advance together), random seeded with
   * {@link #DEFAULT_SEED}.
   *
   * @return the environment
   */
  public EngineEnvironment environment() {
    return environment(DEFAULT_SEED);
  }

  /**
   * An environment over this time, random seeded with {@code seed} (two engines of one test, e.g. a client and a
   * server, take different seeds).
   *
   * @param seed the random seed
   * @return the environment
   */
  public EngineEnvironment environment(long seed) {
    return environment(clock(), seed);
  }

  /**
   * An environment with a wall clock of the test's choosing over this monotonic time.
   *
   * @param clock the wall clock
   * @param seed  the random seed
   * @return the environment
   */
  public EngineEnvironment environment(Clock clock, long seed) {
    return new EngineEnvironment(clock, this, new SplittableRandom(seed));
  }

  /**
   * An environment whose wall clock stays at this time's start ({@link #fixedClock()}) while the monotonic time
   * still moves when advanced, random seeded with {@link #DEFAULT_SEED}: for engines whose output shows the date.
   *
   * @return the environment
   */
  public EngineEnvironment fixedEnvironment() {
    return environment(fixedClock(), DEFAULT_SEED);
  }

  @Override
  public String toString() {
    return "ManualTime[" + instant() + "]";
  }

  private static final class ManualClock extends Clock {
    private final ManualTime time;
    private final ZoneId zone;

    ManualClock(ManualTime time, ZoneId zone) {
      this.time = time;
      this.zone = zone;
    }

    @Override
    public ZoneId getZone() {
      return zone;
    }

    @Override
    public Clock withZone(ZoneId z) {
      return new ManualClock(time, z);
    }

    @Override
    public Instant instant() {
      return time.instant();
    }
  }
}
