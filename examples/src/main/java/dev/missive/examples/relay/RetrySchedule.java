package dev.missive.examples.relay;

import java.time.Duration;
import java.util.Objects;

/**
 * How long a relay waits before trying a deferred message again (RFC 5321 §4.5.4.1): the first retry after
 * {@code initial}, each later one twice as long as the one before, never more than {@code maximum}.
 *
 * <p>RFC 5321 §4.5.4.1 asks for at least 30 minutes between tries and for giving up after 4–5 days; the examples
 * and their tests use much shorter values, which is why the schedule is a parameter.
 *
 * @param initial the wait after the first failure
 * @param maximum the longest wait
 */
public record RetrySchedule(Duration initial, Duration maximum) {

  /** The RFC's values: 30 minutes doubling up to 4 hours. */
  public static final RetrySchedule RFC_5321 = new RetrySchedule(Duration.ofMinutes(30), Duration.ofHours(4));

  /** Requires positive durations with {@code initial <= maximum}. */
  public RetrySchedule {
    Objects.requireNonNull(initial, "initial");
    Objects.requireNonNull(maximum, "maximum");
    if (initial.isNegative() || initial.isZero() || maximum.compareTo(initial) < 0) {
      throw new IllegalArgumentException("need 0 < initial <= maximum, got " + initial + " and " + maximum);
    }
  }

  /** The wait after the {@code failures}-th consecutive failure (1 for the first). */
  public Duration delayAfter(int failures) {
    if (failures < 1) {
      throw new IllegalArgumentException("failures must be at least 1: " + failures);
    }
    Duration delay = initial;
    for (int i = 1; i < failures && delay.compareTo(maximum) < 0; i++) {
      delay = delay.multipliedBy(2);
    }
    return delay.compareTo(maximum) > 0 ? maximum : delay;
  }
}
