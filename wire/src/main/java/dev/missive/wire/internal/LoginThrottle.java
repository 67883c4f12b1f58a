package dev.missive.wire.internal;

import dev.missive.wire.ProtocolEngine;
import java.time.Duration;
import java.util.Objects;

/**
 * The failed logins of one session, for a server engine (POP3 USER/PASS, APOP and AUTH, RFC 1939 §4 and RFC 5034;
 * SMTP AUTH, RFC 4954 §4, which leave the policy to the server): each failure's reply is held back for a delay on
 * the engine's monotonic clock — the engine reports the deadline through {@link ProtocolEngine#nextDeadline()} and
 * releases the reply in {@link ProtocolEngine#onTimeout()}; it never sleeps — and the last allowed failure ends the
 * session. While a reply is held the engine reads no further command, so pipelined input waits behind it.
 *
 * <pre>{@code
 * R now = throttle.fail(throttle.nextFailureIsLast() ? tooManyReply : failureReply, env.now());
 * if (now != null) send(now);                       // no delay configured
 * // nextDeadline(): throttle.holding() ? throttle.until() : ...
 * // onTimeout():    R due = throttle.release(env.now()); if (due != null) send(due);
 * }</pre>
 *
 * @param <R> the protocol's reply type
 */
public final class LoginThrottle<R> {

  private final int maxFailures;
  private final long delayNanos;
  private int failures;
  private R held;
  private long until;

  /**
   * A throttle that allows {@code maxFailures} failures and holds each reply back for {@code delay}.
   *
   * @param maxFailures the failures after which the session ends, at least 1
   * @param delay       how long each failure's reply is held back, zero for none
   */
  public LoginThrottle(int maxFailures, Duration delay) {
    if (maxFailures < 1) {
      throw new IllegalArgumentException("maxFailures must be at least 1: " + maxFailures);
    }
    if (delay.isNegative()) {
      throw new IllegalArgumentException("the delay must not be negative: " + delay);
    }
    this.maxFailures = maxFailures;
    this.delayNanos = delay.toNanos();
  }

  /** {@return the failures so far} */
  public int failures() {
    return failures;
  }

  /** {@return whether the session must end after the last failure's reply} */
  public boolean exhausted() {
    return failures >= maxFailures;
  }

  /** {@return whether the next failure is the last one allowed (its reply may say so)} */
  public boolean nextFailureIsLast() {
    return failures + 1 >= maxFailures;
  }

  /**
   * Records a failure answered by {@code reply} at monotonic time {@code now}.
   *
   * @param reply the reply to the failed login
   * @param now   the engine's monotonic time in nanoseconds
   * @return the reply to send now, or null when it is held back until {@link #until()}
   */
  public R fail(R reply, long now) {
    Objects.requireNonNull(reply, "reply");
    failures++;
    if (delayNanos == 0) {
      return reply;
    }
    held = reply;
    until = now + delayNanos;
    return null;
  }

  /** {@return whether a reply is held back} */
  public boolean holding() {
    return held != null;
  }

  /** {@return when the held reply is due, in monotonic nanoseconds} */
  public long until() {
    return until;
  }

  /**
   * The held reply if it is due at {@code now} (then no longer held).
   *
   * @param now the engine's monotonic time in nanoseconds
   * @return the reply to send now, or null if none is held or it is not due yet
   */
  public R release(long now) {
    if (held == null || now - until < 0) {
      return null;
    }
    R r = held;
    held = null;
    return r;
  }

  /** Forgets a held reply (the session ended). */
  public void clear() {
    held = null;
  }
}
