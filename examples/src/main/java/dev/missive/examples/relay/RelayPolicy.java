package dev.missive.examples.relay;

import java.time.Duration;
import java.util.Objects;

/**
 * How long the relay keeps trying a message (RFC 5321 §4.5.4.1): after {@code warnAfter} without delivery the sender
 * gets a "delayed" report (RFC 3464 §2.3.3), after {@code expireAfter} the message is given up with a "failed" one.
 * Both count from the time the relay may first send the message: its arrival, or the end of its hold (RFC 4865 §4);
 * the SMTP side offers holds of up to {@code maxHold} (FUTURERELEASE's {@code max-future-release-interval}, §3).
 *
 * @param warnAfter   when the "delayed" report goes out
 * @param expireAfter when the message is given up
 * @param maxHold     the longest HOLDFOR/HOLDUNTIL the SMTP side accepts, whole seconds
 */
public record RelayPolicy(Duration warnAfter, Duration expireAfter, Duration maxHold) {

  /** The longest hold offered unless configured: 7 days. */
  public static final Duration DEFAULT_MAX_HOLD = Duration.ofDays(7);

  /** RFC 5321 §4.5.4.1's "4-5 days" as five days, with a warning after four hours; holds of up to 7 days. */
  public static final RelayPolicy DEFAULT = new RelayPolicy(Duration.ofHours(4), Duration.ofDays(5));

  /**
   * A policy offering holds of up to {@link #DEFAULT_MAX_HOLD}.
   *
   * @param warnAfter   when the "delayed" report goes out
   * @param expireAfter when the message is given up
   */
  public RelayPolicy(Duration warnAfter, Duration expireAfter) {
    this(warnAfter, expireAfter, DEFAULT_MAX_HOLD);
  }

  /**
   * Requires {@code 0 < warnAfter < expireAfter} and a hold of 1 to 999 999 999 whole seconds.
   *
   * @param warnAfter   when the "delayed" report goes out
   * @param expireAfter when the message is given up
   * @param maxHold     the longest hold the SMTP side accepts
   */
  public RelayPolicy {
    Objects.requireNonNull(maxHold, "maxHold");
    if (maxHold.getSeconds() < 1 || maxHold.getSeconds() > 999_999_999L || maxHold.getNano() != 0) {
      throw new IllegalArgumentException("maxHold is 1 to 999999999 whole seconds (RFC 4865 §3), got " + maxHold);
    }
    Objects.requireNonNull(warnAfter, "warnAfter");
    Objects.requireNonNull(expireAfter, "expireAfter");
    if (warnAfter.isNegative() || warnAfter.isZero() || expireAfter.compareTo(warnAfter) <= 0) {
      throw new IllegalArgumentException("need 0 < warnAfter < expireAfter, got " + warnAfter + " and "
          + expireAfter);
    }
  }
}
