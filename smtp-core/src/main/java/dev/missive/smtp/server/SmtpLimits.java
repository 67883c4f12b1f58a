package dev.missive.smtp.server;

import java.time.Duration;

/**
 * The bounds a server engine keeps (RFC 5321 §4.5.3 size limits and §4.5.3.2 timeouts; docs/architecture.md,
 * "Limits"), validated at construction; start from a preset and change what differs:
 * {@code SmtpLimits.DEFAULT.toBuilder().maxMessageSize(50 << 20).build()} or {@code SmtpLimits.builder()}.
 *
 * @param commandLineLength  octets of a command line without extensions, excluding CRLF (RFC 5321 §4.5.3.1.4: 512
 *                           including CRLF, so 510); the engine adds what each advertised extension allows
 * @param textLineLength     octets of a message text line excluding CRLF (RFC 5321 §4.5.3.1.6: 1000 including CRLF)
 * @param authLineLength     octets of an AUTH response or an AUTH command with an initial response (RFC 4954 §4:
 *                           at least 12 288); longer lines get 500 5.5.6
 * @param maxRecipients      recipients per transaction (RFC 5321 §4.5.3.1.8: at least 100); extra ones get 452 4.5.3
 * @param maxMessageSize     octets of message content; advertised with SIZE; larger messages get 552 5.3.4
 * @param maxErrors          error replies before the session ends with 421 4.7.0
 * @param maxJunkCommands    NOOP, RSET, VRFY, EXPN and HELP commands per session before 421 4.7.0
 * @param outputLimit        undrained output octets past which the engine stops consuming input
 * @param commandTimeout     how long the server waits for the next command (RFC 5321 §4.5.3.2.7: at least 5 min)
 * @param dataTimeout        how long the server waits for more message data
 * @param maxAuthFailures    failed AUTH exchanges after which the session ends with 421 4.7.0
 * @param authFailureDelay   how long the reply to a failed AUTH is held back (the host's timer through
 *                           {@link SmtpServer#nextDeadline()}, never a sleep); zero for none
 * @param maxFutureRelease   the longest hold FUTURERELEASE offers when it is advertised (RFC 4865 §3
 *                           {@code max-future-release-interval}): whole seconds, 1 s to 999 999 999 s; longer
 *                           {@code HOLDFOR=} and later {@code HOLDUNTIL=} requests get 501 5.5.4
 * @param maxTransactions    MAIL commands per session, announced as LIMITS {@code MAILMAX} (RFC 9422) when below
 *                           {@link Integer#MAX_VALUE} (no limit, the default); a MAIL past it gets 451 4.5.3
 * @param minDeliverBy       the shortest {@code BY=} time with return mode {@code R} the server accepts, announced
 *                           as DELIVERBY's {@code min-by-time} (RFC 2852 §2) when not zero (the default: none); a
 *                           shorter one gets 555 5.5.4 (§3: a permanent 55z reply)
 * @param maxRecipientDomains distinct recipient domains per session, announced as LIMITS {@code RCPTDOMAINMAX}
 *                           (RFC 9422 §4.3) when below {@link Integer#MAX_VALUE} (no limit, the default); a RCPT
 *                           for a further domain gets 452 4.5.3
 */
public record SmtpLimits(int commandLineLength, int textLineLength, int authLineLength, int maxRecipients,
    long maxMessageSize, int maxErrors, int maxJunkCommands, int outputLimit,
    Duration commandTimeout, Duration dataTimeout, int maxAuthFailures, Duration authFailureDelay,
    Duration maxFutureRelease, int maxTransactions, Duration minDeliverBy, int maxRecipientDomains) {

  /**
   * RFC 5321 §4.5.3 minimums and the defaults of widely deployed servers (Postfix): 10 MiB messages; 3 failed AUTH
   * exchanges per session, each answered after 2 s (Dovecot's {@code auth_failure_delay}, as POP3's default); a
   * future release of up to 7 days when FUTURERELEASE is advertised.
   */
  public static final SmtpLimits DEFAULT = new SmtpLimits(510, 998, 12_288, 100, 10L * 1024 * 1024, 10, 100,
      64 * 1024, Duration.ofMinutes(5), Duration.ofMinutes(5), 3, Duration.ofSeconds(2), Duration.ofDays(7),
      Integer.MAX_VALUE, Duration.ZERO, Integer.MAX_VALUE);

  /**
   * Tighter bounds for exposed listeners: fewer errors, smaller buffers, 1-minute timeouts, 5 s AUTH delay, holds of
   * at most a day.
   */
  public static final SmtpLimits STRICT = new SmtpLimits(510, 998, 12_288, 100, 10L * 1024 * 1024, 5, 20,
      16 * 1024, Duration.ofMinutes(1), Duration.ofMinutes(1), 3, Duration.ofSeconds(5), Duration.ofDays(1),
      Integer.MAX_VALUE, Duration.ZERO, Integer.MAX_VALUE);

  /**
   * Looser bounds for trusted peers: 1000 recipients, 100 MiB messages, 10-minute timeouts, 10 failed AUTH
   * exchanges answered at once, holds of up to 30 days.
   */
  public static final SmtpLimits PERMISSIVE = new SmtpLimits(510, 998, 12_288, 1000, 100L * 1024 * 1024, 50,
      1000, 1024 * 1024, Duration.ofMinutes(10), Duration.ofMinutes(10), 10, Duration.ZERO,
      Duration.ofDays(30), Integer.MAX_VALUE, Duration.ZERO, Integer.MAX_VALUE);

  /**
   * Validates every bound against the RFC minimums where the RFC sets one.
   *
   * @param commandLineLength  octets of a command line without extensions, excluding CRLF (RFC 5321 §4.5.3.1.4: 512
   *                           including CRLF, so 510); the engine adds what each advertised extension allows
   * @param textLineLength     octets of a message text line excluding CRLF (RFC 5321 §4.5.3.1.6: 1000 including CRLF)
   * @param authLineLength     octets of an AUTH response or an AUTH command with an initial response (RFC 4954 §4:
   *                           at least 12 288); longer lines get 500 5.5.6
   * @param maxRecipients      recipients per transaction (RFC 5321 §4.5.3.1.8: at least 100); extra ones get 452 4.5.3
   * @param maxMessageSize     octets of message content; advertised with SIZE; larger messages get 552 5.3.4
   * @param maxErrors          error replies before the session ends with 421 4.7.0
   * @param maxJunkCommands    NOOP, RSET, VRFY, EXPN and HELP commands per session before 421 4.7.0
   * @param outputLimit        undrained output octets past which the engine stops consuming input
   * @param commandTimeout     how long the server waits for the next command (RFC 5321 §4.5.3.2.7: at least 5 min)
   * @param dataTimeout        how long the server waits for more message data
   * @param maxAuthFailures    failed AUTH exchanges after which the session ends with 421 4.7.0
   * @param authFailureDelay   how long the reply to a failed AUTH is held back (the host's timer through
   *                           {@link SmtpServer#nextDeadline()}, never a sleep); zero for none
   * @param maxFutureRelease   the longest hold FUTURERELEASE offers when it is advertised (RFC 4865 §3
   *                           {@code max-future-release-interval}): whole seconds, 1 s to 999 999 999 s
   * @param maxTransactions    MAIL commands per session (RFC 9422 {@code MAILMAX}), {@link Integer#MAX_VALUE} for
   *                           no limit
   * @param minDeliverBy       the shortest {@code BY=} time with mode {@code R} (RFC 2852 §2 {@code min-by-time}),
   *                           whole seconds, zero for none
   * @param maxRecipientDomains distinct recipient domains per session (RFC 9422 §4.3 {@code RCPTDOMAINMAX})
   */
  public SmtpLimits {
    if (commandLineLength < 510) {
      throw new IllegalArgumentException("commandLineLength must be at least 510 (RFC 5321 §4.5.3.1.4)");
    }
    if (textLineLength < 998) {
      throw new IllegalArgumentException("textLineLength must be at least 998 (RFC 5321 §4.5.3.1.6)");
    }
    if (authLineLength < 12_288) {
      throw new IllegalArgumentException("authLineLength must be at least 12288 (RFC 4954 §4)");
    }
    if (maxRecipients < 1 || maxMessageSize < 1 || maxErrors < 1 || maxJunkCommands < 1) {
      throw new IllegalArgumentException("counts and sizes must be positive");
    }
    if (outputLimit < 1024) {
      throw new IllegalArgumentException("outputLimit must be at least 1024");
    }
    if (commandTimeout == null || dataTimeout == null || commandTimeout.isNegative() || commandTimeout.isZero()
        || dataTimeout.isNegative() || dataTimeout.isZero()) {
      throw new IllegalArgumentException("timeouts must be positive");
    }
    if (maxAuthFailures < 1) {
      throw new IllegalArgumentException("maxAuthFailures must be positive");
    }
    if (authFailureDelay == null || authFailureDelay.isNegative()) {
      throw new IllegalArgumentException("authFailureDelay must not be negative");
    }
    if (maxFutureRelease == null || maxFutureRelease.getSeconds() < 1 || maxFutureRelease.getNano() != 0
        || maxFutureRelease.getSeconds() > 999_999_999L) {
      throw new IllegalArgumentException("maxFutureRelease is whole seconds, 1 to 999999999 (RFC 4865 §3)");
    }
    if (maxTransactions < 1 || maxRecipientDomains < 1) {
      throw new IllegalArgumentException("maxTransactions and maxRecipientDomains must be positive");
    }
    if (minDeliverBy == null || minDeliverBy.isNegative() || minDeliverBy.getNano() != 0
        || minDeliverBy.getSeconds() > 999_999_999L) {
      throw new IllegalArgumentException("minDeliverBy is whole seconds, 0 to 999999999 (RFC 2852 §2)");
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

  /** Builds {@link SmtpLimits}; {@link #build()} validates them together. */
  public static final class Builder {
    private int commandLineLength;
    private int textLineLength;
    private int authLineLength;
    private int maxRecipients;
    private long maxMessageSize;
    private int maxErrors;
    private int maxJunkCommands;
    private int outputLimit;
    private Duration commandTimeout;
    private Duration dataTimeout;
    private int maxAuthFailures;
    private Duration authFailureDelay;
    private Duration maxFutureRelease;
    private int maxTransactions;
    private Duration minDeliverBy;
    private int maxRecipientDomains;

    private Builder(SmtpLimits from) {
      commandLineLength = from.commandLineLength;
      textLineLength = from.textLineLength;
      authLineLength = from.authLineLength;
      maxRecipients = from.maxRecipients;
      maxMessageSize = from.maxMessageSize;
      maxErrors = from.maxErrors;
      maxJunkCommands = from.maxJunkCommands;
      outputLimit = from.outputLimit;
      commandTimeout = from.commandTimeout;
      dataTimeout = from.dataTimeout;
      maxAuthFailures = from.maxAuthFailures;
      authFailureDelay = from.authFailureDelay;
      maxFutureRelease = from.maxFutureRelease;
      maxTransactions = from.maxTransactions;
      minDeliverBy = from.minDeliverBy;
      maxRecipientDomains = from.maxRecipientDomains;
    }

    /**
     * Octets of a command line without extensions, excluding CRLF (RFC 5321 §4.5.3.1.4).
     *
     * @param octets at least 510
     * @return this builder
     */
    public Builder commandLineLength(int octets) {
      this.commandLineLength = octets;
      return this;
    }

    /**
     * Octets of a message text line, excluding CRLF (RFC 5321 §4.5.3.1.6).
     *
     * @param octets at least 998
     * @return this builder
     */
    public Builder textLineLength(int octets) {
      this.textLineLength = octets;
      return this;
    }

    /**
     * Octets of an AUTH response or an AUTH command with an initial response (RFC 4954 §4).
     *
     * @param octets at least 12 288
     * @return this builder
     */
    public Builder authLineLength(int octets) {
      this.authLineLength = octets;
      return this;
    }

    /**
     * Recipients per transaction (RFC 5321 §4.5.3.1.8); extra ones get {@code 452 4.5.3}.
     *
     * @param count at least 1 (the RFC asks servers to take 100)
     * @return this builder
     */
    public Builder maxRecipients(int count) {
      this.maxRecipients = count;
      return this;
    }

    /**
     * Octets of message content, advertised with SIZE; larger messages get {@code 552 5.3.4}.
     *
     * @param octets at least 1
     * @return this builder
     */
    public Builder maxMessageSize(long octets) {
      this.maxMessageSize = octets;
      return this;
    }

    /**
     * Error replies before the session ends with {@code 421 4.7.0}.
     *
     * @param count at least 1
     * @return this builder
     */
    public Builder maxErrors(int count) {
      this.maxErrors = count;
      return this;
    }

    /**
     * NOOP, RSET, VRFY, EXPN and HELP commands per session before {@code 421 4.7.0}.
     *
     * @param count at least 1
     * @return this builder
     */
    public Builder maxJunkCommands(int count) {
      this.maxJunkCommands = count;
      return this;
    }

    /**
     * Undrained output octets past which the engine stops consuming input.
     *
     * @param octets at least 1024
     * @return this builder
     */
    public Builder outputLimit(int octets) {
      this.outputLimit = octets;
      return this;
    }

    /**
     * How long the server waits for the next command (RFC 5321 §4.5.3.2.7: at least 5 minutes).
     *
     * @param timeout positive
     * @return this builder
     */
    public Builder commandTimeout(Duration timeout) {
      this.commandTimeout = timeout;
      return this;
    }

    /**
     * How long the server waits for more message data.
     *
     * @param timeout positive
     * @return this builder
     */
    public Builder dataTimeout(Duration timeout) {
      this.dataTimeout = timeout;
      return this;
    }

    /**
     * Failed AUTH exchanges after which the session ends with {@code 421 4.7.0} (RFC 4954 §4 leaves it to the server).
     *
     * @param count at least 1
     * @return this builder
     */
    public Builder maxAuthFailures(int count) {
      this.maxAuthFailures = count;
      return this;
    }

    /**
     * How long the reply to a failed AUTH is held back (the host's timer, never a sleep).
     *
     * @param delay zero for none, never negative
     * @return this builder
     */
    public Builder authFailureDelay(Duration delay) {
      this.authFailureDelay = delay;
      return this;
    }

    /**
     * The longest hold FUTURERELEASE offers (RFC 4865 §3 {@code max-future-release-interval}).
     *
     * @param hold whole seconds, 1 s to 999 999 999 s
     * @return this builder
     */
    public Builder maxFutureRelease(Duration hold) {
      this.maxFutureRelease = hold;
      return this;
    }

    /**
     * MAIL commands per session, announced as LIMITS {@code MAILMAX} (RFC 9422); further ones get 451 4.5.3.
     *
     * @param count at least 1; {@link Integer#MAX_VALUE} for no limit
     * @return this builder
     */
    public Builder maxTransactions(int count) {
      this.maxTransactions = count;
      return this;
    }

    /**
     * The shortest {@code BY=} time with return mode {@code R} accepted, announced as DELIVERBY's
     * {@code min-by-time} (RFC 2852 §2); shorter ones get 555 5.5.4 (§3).
     *
     * @param time whole seconds, zero for none
     * @return this builder
     */
    public Builder minDeliverBy(Duration time) {
      this.minDeliverBy = time;
      return this;
    }

    /**
     * Distinct recipient domains per session, announced as LIMITS {@code RCPTDOMAINMAX} (RFC 9422 §4.3); a RCPT
     * for a further domain gets 452 4.5.3.
     *
     * @param count at least 1; {@link Integer#MAX_VALUE} for no limit
     * @return this builder
     */
    public Builder maxRecipientDomains(int count) {
      this.maxRecipientDomains = count;
      return this;
    }

    /**
     * The limits.
     *
     * @return the limits
     * @throws IllegalArgumentException if a limit is out of range
     */
    public SmtpLimits build() {
      return new SmtpLimits(commandLineLength, textLineLength, authLineLength, maxRecipients, maxMessageSize,
          maxErrors, maxJunkCommands, outputLimit, commandTimeout, dataTimeout, maxAuthFailures, authFailureDelay,
          maxFutureRelease, maxTransactions, minDeliverBy, maxRecipientDomains);
    }
  }
}
