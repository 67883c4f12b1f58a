package dev.missive.pop3.internal;

import dev.missive.pop3.Pop3Response;
import dev.missive.pop3.ResponseCode;
import java.time.Duration;

/**
 * Failed logins of one session (RFC 1939 §4 and §8 leave the policy to the server; SECURITY.md item 25): each
 * failure's {@code -ERR} is held back for a delay on the engine's monotonic clock (the host's timer, never a
 * sleep), and the last allowed failure ends the session.
 */
public final class LoginThrottle {

  private final int maxFailures;
  private final long delayNanos;
  private int failures;
  private Pop3Response held;
  private long until;

  /** A throttle that allows {@code maxFailures} failures and holds each reply back for {@code delay}. */
  public LoginThrottle(int maxFailures, Duration delay) {
    this.maxFailures = maxFailures;
    this.delayNanos = delay.toNanos();
  }

  /** Failures so far. */
  public int failures() {
    return failures;
  }

  /** Whether the session must end after the last failure's reply. */
  public boolean exhausted() {
    return failures >= maxFailures;
  }

  /**
   * Records a failure answered by {@code reply} at monotonic time {@code now}.
   *
   * @return the reply to send now, or null when it is held back until {@link #until()}
   */
  public Pop3Response fail(Pop3Response reply, long now) {
    failures++;
    Pop3Response answer = exhausted() ? Pop3Response.err(ResponseCode.AUTH, "too many failed logins") : reply;
    if (delayNanos == 0) {
      return answer;
    }
    held = answer;
    until = now + delayNanos;
    return null;
  }

  /** Whether a reply is held back. */
  public boolean holding() {
    return held != null;
  }

  /** When the held reply is due, in monotonic nanoseconds. */
  public long until() {
    return until;
  }

  /** The held reply if it is due at {@code now} (then no longer held), else null. */
  public Pop3Response release(long now) {
    if (held == null || now - until < 0) {
      return null;
    }
    Pop3Response r = held;
    held = null;
    return r;
  }

  /** Forgets a held reply (the session ended). */
  public void clear() {
    held = null;
  }
}
