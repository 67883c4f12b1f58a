package dev.missive.examples.relay;

import java.time.Duration;
import java.util.Objects;

/**
 * How long the relay keeps trying a message (RFC 5321 §4.5.4.1): after {@code warnAfter} without delivery the sender
 * gets a "delayed" report (RFC 3464 §2.3.3), after {@code expireAfter} the message is given up with a "failed" one.
 * Both count from the time the relay may first send the message: its arrival, or the end of its hold (RFC 4865 §4).
 *
 * @param warnAfter   when the "delayed" report goes out
 * @param expireAfter when the message is given up
 */
public record RelayPolicy(Duration warnAfter, Duration expireAfter) {

  /** RFC 5321 §4.5.4.1's "4-5 days" as five days, with a warning after four hours. */
  public static final RelayPolicy DEFAULT = new RelayPolicy(Duration.ofHours(4), Duration.ofDays(5));

  /**
   * Requires {@code 0 < warnAfter < expireAfter}.
   *
   * @param warnAfter   when the "delayed" report goes out
   * @param expireAfter when the message is given up
   */
  public RelayPolicy {
    Objects.requireNonNull(warnAfter, "warnAfter");
    Objects.requireNonNull(expireAfter, "expireAfter");
    if (warnAfter.isNegative() || warnAfter.isZero() || expireAfter.compareTo(warnAfter) <= 0) {
      throw new IllegalArgumentException("need 0 < warnAfter < expireAfter, got " + warnAfter + " and "
          + expireAfter);
    }
  }
}
