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

  /** {@return a builder starting from {@link #DEFAULT}} */
  public static Builder builder() {
    return DEFAULT.toBuilder();
  }

  /** {@return a builder starting from these limits, to change some of them} */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Builds {@link Pop3Limits}; {@link #build()} validates them together. */
  public static final class Builder {
    private int maxCommandLineLength;
    private int maxAuthResponseLength;
    private int maxBadCommands;
    private int outputSoftLimit;
    private int maxFailedLogins;
    private Duration failedLoginDelay;
    private Duration inactivityTimeout;
    private int maxMessages;

    private Builder(Pop3Limits from) {
      maxCommandLineLength = from.maxCommandLineLength;
      maxAuthResponseLength = from.maxAuthResponseLength;
      maxBadCommands = from.maxBadCommands;
      outputSoftLimit = from.outputSoftLimit;
      maxFailedLogins = from.maxFailedLogins;
      failedLoginDelay = from.failedLoginDelay;
      inactivityTimeout = from.inactivityTimeout;
      maxMessages = from.maxMessages;
    }

    /**
     * Octets of a command line, excluding CRLF.
     *
     * @param octets at least 64
     * @return this builder
     */
    public Builder maxCommandLineLength(int octets) {
      this.maxCommandLineLength = octets;
      return this;
    }

    /**
     * Octets of one base64 SASL response line during AUTH, excluding CRLF.
     *
     * @param octets at least the command line limit
     * @return this builder
     */
    public Builder maxAuthResponseLength(int octets) {
      this.maxAuthResponseLength = octets;
      return this;
    }

    /**
     * Bad commands tolerated before the session ends.
     *
     * @param count at least 1
     * @return this builder
     */
    public Builder maxBadCommands(int count) {
      this.maxBadCommands = count;
      return this;
    }

    /**
     * Undrained output octets past which the engine stops consuming input.
     *
     * @param octets at least 1024
     * @return this builder
     */
    public Builder outputSoftLimit(int octets) {
      this.outputSoftLimit = octets;
      return this;
    }

    /**
     * Failed logins (PASS, APOP, AUTH) after which the session ends.
     *
     * @param count at least 1
     * @return this builder
     */
    public Builder maxFailedLogins(int count) {
      this.maxFailedLogins = count;
      return this;
    }

    /**
     * How long the reply to a failed login is held back (the host's timer, never a sleep).
     *
     * @param delay zero or more
     * @return this builder
     */
    public Builder failedLoginDelay(Duration delay) {
      this.failedLoginDelay = delay;
      return this;
    }

    /**
     * The autologout timer (RFC 1939 §3: at least 10 minutes).
     *
     * @param timeout at least {@link #MIN_INACTIVITY_TIMEOUT}
     * @return this builder
     */
    public Builder inactivityTimeout(Duration timeout) {
      this.inactivityTimeout = timeout;
      return this;
    }

    /**
     * The largest maildrop listing the engine accepts from the host.
     *
     * @param count zero or more
     * @return this builder
     */
    public Builder maxMessages(int count) {
      this.maxMessages = count;
      return this;
    }

    /**
     * The limits.
     *
     * @return the limits
     * @throws IllegalArgumentException if a limit is out of range
     */
    public Pop3Limits build() {
      return new Pop3Limits(maxCommandLineLength, maxAuthResponseLength, maxBadCommands, outputSoftLimit,
          maxFailedLogins, failedLoginDelay, inactivityTimeout, maxMessages);
    }
  }
}
