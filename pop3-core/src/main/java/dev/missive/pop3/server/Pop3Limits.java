package dev.missive.pop3.server;

import java.time.Duration;
import java.util.Objects;

/**
 * The limits one POP3 server session enforces (RFC 1939 §3 for the inactivity timer, RFC 2449 §4 for the length
 * of command lines, RFC 5034 §4 for AUTH responses; docs/architecture.md, "Limits").
 *
 * @param maxCommandLineLength octets of a command line, excluding CRLF (RFC 2449 §4 allows 255 including CRLF;
 *                             the default is a little lenient)
 * @param maxAuthResponseLength octets of one base64 SASL response line during AUTH, excluding CRLF
 * @param maxBadCommands       unknown, out-of-sequence or malformed commands before the session is closed
 * @param outputSoftLimit      undrained output octets past which the engine stops consuming input
 * @param maxFailedLogins      failed logins (PASS, APOP, AUTH) after which the session is closed
 * @param failedLoginDelay     how long the reply to a failed login is held back (the host's timer, never a sleep)
 * @param inactivityTimeout    the autologout timer; RFC 1939 §3 requires at least 10 minutes
 * @param maxMessages          the largest maildrop listing the engine accepts from the host
 */
public record Pop3Limits(int maxCommandLineLength, int maxAuthResponseLength, int maxBadCommands,
    int outputSoftLimit, int maxFailedLogins, Duration failedLoginDelay, Duration inactivityTimeout,
    int maxMessages) {

  /** The RFC 1939 §3 minimum for the inactivity timer. */
  public static final Duration MIN_INACTIVITY_TIMEOUT = Duration.ofMinutes(10);

  /** Defaults: 255-octet commands, 12 288-octet AUTH responses, 10 bad commands, 3 failed logins, 2 s delay. */
  public static final Pop3Limits DEFAULT = new Pop3Limits(255, 12_288, 10, 64 * 1024, 3,
      Duration.ofSeconds(2), MIN_INACTIVITY_TIMEOUT, 1_000_000);

  /** Strict: RFC 2449 §4's 253 content octets, 5 bad commands, 3 failed logins with a 5 s delay. */
  public static final Pop3Limits STRICT = new Pop3Limits(253, 12_288, 5, 32 * 1024, 3,
      Duration.ofSeconds(5), MIN_INACTIVITY_TIMEOUT, 1_000_000);

  /** Permissive: 1024-octet commands, 50 bad commands, 10 failed logins with no delay, 30-minute timer. */
  public static final Pop3Limits PERMISSIVE = new Pop3Limits(1024, 65_536, 50, 256 * 1024, 10,
      Duration.ZERO, Duration.ofMinutes(30), 10_000_000);

  /**
   * Validates every limit.
   *
   * @param maxCommandLineLength octets of a command line, excluding CRLF (RFC 2449 §4 allows 255 including CRLF;
   *                             the default is a little lenient)
   * @param maxAuthResponseLength octets of one base64 SASL response line during AUTH, excluding CRLF
   * @param maxBadCommands       unknown, out-of-sequence or malformed commands before the session is closed
   * @param outputSoftLimit      undrained output octets past which the engine stops consuming input
   * @param maxFailedLogins      failed logins (PASS, APOP, AUTH) after which the session is closed
   * @param failedLoginDelay     how long the reply to a failed login is held back (the host's timer, never a sleep)
   * @param inactivityTimeout    the autologout timer; RFC 1939 §3 requires at least 10 minutes
   * @param maxMessages          the largest maildrop listing the engine accepts from the host
   */
  public Pop3Limits {
    Objects.requireNonNull(failedLoginDelay, "failedLoginDelay");
    Objects.requireNonNull(inactivityTimeout, "inactivityTimeout");
    if (maxCommandLineLength < 64) {
      throw new IllegalArgumentException("maxCommandLineLength must be at least 64: " + maxCommandLineLength);
    }
    if (maxAuthResponseLength < maxCommandLineLength) {
      throw new IllegalArgumentException("maxAuthResponseLength must be at least maxCommandLineLength");
    }
    if (maxBadCommands < 1 || maxFailedLogins < 1 || maxMessages < 0) {
      throw new IllegalArgumentException("maxBadCommands and maxFailedLogins must be positive, maxMessages >= 0");
    }
    if (outputSoftLimit < 1024) {
      throw new IllegalArgumentException("outputSoftLimit must be at least 1024: " + outputSoftLimit);
    }
    if (failedLoginDelay.isNegative()) {
      throw new IllegalArgumentException("failedLoginDelay must not be negative");
    }
    if (inactivityTimeout.compareTo(MIN_INACTIVITY_TIMEOUT) < 0) {
      throw new IllegalArgumentException("RFC 1939 §3: the inactivity timer must be at least 10 minutes");
    }
  }

  /**
   * A copy with another failed-login delay.
   *
   * @param delay how long the reply to a failed login is held back (the host's timer, never a sleep)
   * @return a copy with that value
   */
  public Pop3Limits withFailedLoginDelay(Duration delay) {
    return new Pop3Limits(maxCommandLineLength, maxAuthResponseLength, maxBadCommands, outputSoftLimit,
        maxFailedLogins, delay, inactivityTimeout, maxMessages);
  }

  /**
   * A copy with another output soft limit.
   *
   * @param limit undrained output octets past which the engine stops consuming input
   * @return a copy with that value
   */
  public Pop3Limits withOutputSoftLimit(int limit) {
    return new Pop3Limits(maxCommandLineLength, maxAuthResponseLength, maxBadCommands, limit,
        maxFailedLogins, failedLoginDelay, inactivityTimeout, maxMessages);
  }

  /**
   * A copy with other counts of bad commands and failed logins.
   *
   * @param badCommands  the bad commands tolerated before the session ends
   * @param failedLogins the failed logins tolerated before the session ends
   * @return a copy with those values
   */
  public Pop3Limits withMaxErrors(int badCommands, int failedLogins) {
    return new Pop3Limits(maxCommandLineLength, maxAuthResponseLength, badCommands, outputSoftLimit,
        failedLogins, failedLoginDelay, inactivityTimeout, maxMessages);
  }
}
