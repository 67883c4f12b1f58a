package dev.missive.pop3.pop2;

import java.time.Duration;
import java.util.Objects;

/**
 * The limits one POP2 server session enforces (RFC 937, "Sizes" for the command line, "Timeouts" for the server's
 * wait for the next command; docs/architecture.md, "Limits").
 *
 * @param maxCommandLineLength octets of a command line, excluding CRLF (RFC 937 allows 512 including CRLF)
 * @param maxBadCommands       unknown, out-of-sequence or malformed commands before the session is closed; the
 *                             default 1 is RFC 937's rule "if anything goes wrong close the connection", a larger
 *                             value answers {@code -} and lets the client go on
 * @param outputSoftLimit      undrained output octets past which the engine stops consuming input and content
 * @param failedLoginDelay     how long the {@code -} reply to a refused HELO is held back before the connection
 *                             closes (the host's timer, never a sleep)
 * @param inactivityTimeout    how long the server waits for the next command (RFC 937's timeout T2)
 * @param maxMessages          the largest folder listing the engine accepts from the host
 */
public record Pop2Limits(int maxCommandLineLength, int maxBadCommands, int outputSoftLimit,
    Duration failedLoginDelay, Duration inactivityTimeout, int maxMessages) {

  /** RFC 937's sizes: 510 octets of command, the first bad command ends the session, a 2 s failed-login delay. */
  public static final Pop2Limits DEFAULT = new Pop2Limits(510, 1, 64 * 1024, Duration.ofSeconds(2),
      Duration.ofMinutes(10), 1_000_000);

  /**
   * Validates every limit.
   *
   * @param maxCommandLineLength octets of a command line, excluding CRLF, at least 64
   * @param maxBadCommands       bad commands before the session is closed, at least 1
   * @param outputSoftLimit      undrained output octets past which no input is taken, at least 1024
   * @param failedLoginDelay     the hold on a refused HELO's reply, not negative
   * @param inactivityTimeout    the wait for the next command, at least one second
   * @param maxMessages          the largest folder listing accepted, not negative
   */
  public Pop2Limits {
    Objects.requireNonNull(failedLoginDelay, "failedLoginDelay");
    Objects.requireNonNull(inactivityTimeout, "inactivityTimeout");
    if (maxCommandLineLength < 64 || maxBadCommands < 1 || outputSoftLimit < 1024 || maxMessages < 0) {
      throw new IllegalArgumentException("maxCommandLineLength >= 64, maxBadCommands >= 1, outputSoftLimit >= 1024"
          + " and maxMessages >= 0 required");
    }
    if (failedLoginDelay.isNegative() || inactivityTimeout.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new IllegalArgumentException("failedLoginDelay must not be negative, inactivityTimeout at least 1 s");
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

  /** Builds {@link Pop2Limits}; {@link #build()} validates them together. */
  public static final class Builder {
    private int maxCommandLineLength;
    private int maxBadCommands;
    private int outputSoftLimit;
    private Duration failedLoginDelay;
    private Duration inactivityTimeout;
    private int maxMessages;

    private Builder(Pop2Limits from) {
      maxCommandLineLength = from.maxCommandLineLength;
      maxBadCommands = from.maxBadCommands;
      outputSoftLimit = from.outputSoftLimit;
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
     * Bad commands tolerated before the session ends (1: the first one ends it, as RFC 937 says).
     *
     * @param count at least 1
     * @return this builder
     */
    public Builder maxBadCommands(int count) {
      this.maxBadCommands = count;
      return this;
    }

    /**
     * Undrained output octets past which the engine takes no input and no content.
     *
     * @param octets at least 1024
     * @return this builder
     */
    public Builder outputSoftLimit(int octets) {
      this.outputSoftLimit = octets;
      return this;
    }

    /**
     * How long the reply to a refused HELO is held back.
     *
     * @param delay not negative
     * @return this builder
     */
    public Builder failedLoginDelay(Duration delay) {
      this.failedLoginDelay = delay;
      return this;
    }

    /**
     * How long the server waits for the next command (RFC 937's T2).
     *
     * @param timeout at least one second
     * @return this builder
     */
    public Builder inactivityTimeout(Duration timeout) {
      this.inactivityTimeout = timeout;
      return this;
    }

    /**
     * The largest folder listing the engine accepts from the host.
     *
     * @param count not negative
     * @return this builder
     */
    public Builder maxMessages(int count) {
      this.maxMessages = count;
      return this;
    }

    /** {@return the validated limits} */
    public Pop2Limits build() {
      return new Pop2Limits(maxCommandLineLength, maxBadCommands, outputSoftLimit, failedLoginDelay,
          inactivityTimeout, maxMessages);
    }
  }
}
