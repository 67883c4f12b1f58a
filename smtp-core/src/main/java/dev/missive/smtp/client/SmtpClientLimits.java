package dev.missive.smtp.client;

import java.time.Duration;

/**
 * The bounds the client engine keeps on what the server sends, on what it queues and on how long it waits for each
 * reply (RFC 5321 §4.5.3.1.5 reply lines, §4.5.3.2 timeouts; docs/architecture.md, "Limits" and "Determinism";
 * docs/security.md, "Hostile server replies"), validated at construction. Timeouts are deadlines in the
 * environment's monotonic time.
 *
 * @param maxReplyLineLength     octets of a reply line including CRLF (RFC 5321 §4.5.3.1.5: 512, the minimum here)
 * @param maxReplyLines          lines of one reply (EHLO replies are the longest)
 * @param maxReplySize           octets of one reply, line endings included
 * @param maxUndrainedOutput     octets of output not yet drained past which the engine stops taking content and
 *                               input
 * @param greetingTimeout        the initial 220 (RFC 5321 §4.5.3.2.1: 5 minutes)
 * @param mailTimeout            the reply to MAIL (§4.5.3.2.2: 5 minutes)
 * @param rcptTimeout            the reply to RCPT (§4.5.3.2.3: 5 minutes)
 * @param dataInitiationTimeout  the 354 to DATA (§4.5.3.2.4: 2 minutes)
 * @param dataBlockTimeout       between two blocks of content while the host streams it (§4.5.3.2.5: 3 minutes)
 * @param dataTerminationTimeout the reply after the end of data or BDAT (§4.5.3.2.6: 10 minutes)
 * @param commandTimeout         replies to other commands (EHLO, STARTTLS, AUTH, RSET, QUIT); RFC 5321 sets none,
 *                               5 minutes
 */
public record SmtpClientLimits(int maxReplyLineLength, int maxReplyLines, int maxReplySize, int maxUndrainedOutput,
    Duration greetingTimeout, Duration mailTimeout, Duration rcptTimeout, Duration dataInitiationTimeout,
    Duration dataBlockTimeout, Duration dataTerminationTimeout, Duration commandTimeout) {

  /** RFC 5321 §4.5.3.1.5 reply lines, 100 lines and 64 KiB per reply, 64 KiB of undrained output, RFC 5321 timeouts. */
  public static final SmtpClientLimits DEFAULT = builder().build();

  /** Tighter bounds: 32 lines and 16 KiB per reply, 16 KiB of undrained output, RFC 5321 timeouts. */
  public static final SmtpClientLimits STRICT = builder().maxReplyLines(32).maxReplySize(16 * 1024)
      .maxUndrainedOutput(16 * 1024).build();

  /** Looser bounds for servers that send long lines: 2048-octet lines, 1000 lines and 1 MiB per reply. */
  public static final SmtpClientLimits PERMISSIVE = builder().maxReplyLineLength(2048).maxReplyLines(1000)
      .maxReplySize(1024 * 1024).maxUndrainedOutput(1024 * 1024).build();

  /**
   * Validates every bound.
   *
   * @param maxReplyLineLength     octets of a reply line including CRLF (RFC 5321 §4.5.3.1.5: 512, the minimum here)
   * @param maxReplyLines          lines of one reply (EHLO replies are the longest)
   * @param maxReplySize           octets of one reply, line endings included
   * @param maxUndrainedOutput     octets of output not yet drained past which the engine stops taking content and
   *                               input
   * @param greetingTimeout        the initial 220 (RFC 5321 §4.5.3.2.1: 5 minutes)
   * @param mailTimeout            the reply to MAIL (§4.5.3.2.2: 5 minutes)
   * @param rcptTimeout            the reply to RCPT (§4.5.3.2.3: 5 minutes)
   * @param dataInitiationTimeout  the 354 to DATA (§4.5.3.2.4: 2 minutes)
   * @param dataBlockTimeout       between two blocks of content while the host streams it (§4.5.3.2.5: 3 minutes)
   * @param dataTerminationTimeout the reply after the end of data or BDAT (§4.5.3.2.6: 10 minutes)
   * @param commandTimeout         replies to other commands (EHLO, STARTTLS, AUTH, RSET, QUIT); RFC 5321 sets none,
   *                               5 minutes
   */
  public SmtpClientLimits {
    if (maxReplyLineLength < 512) {
      throw new IllegalArgumentException("maxReplyLineLength must be at least 512 (RFC 5321 §4.5.3.1.5)");
    }
    if (maxReplyLines < 1) {
      throw new IllegalArgumentException("maxReplyLines must be positive");
    }
    if (maxReplySize < maxReplyLineLength) {
      throw new IllegalArgumentException("maxReplySize must hold at least one line");
    }
    if (maxUndrainedOutput < 1024) {
      throw new IllegalArgumentException("maxUndrainedOutput must be at least 1024");
    }
    for (Duration d : new Duration[] {greetingTimeout, mailTimeout, rcptTimeout, dataInitiationTimeout,
        dataBlockTimeout, dataTerminationTimeout, commandTimeout}) {
      if (d == null || d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException("timeouts must be positive");
      }
    }
  }

  /**
   * A builder with the {@link #DEFAULT} values.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /** {@return a builder holding these limits' values} */
  public Builder toBuilder() {
    return new Builder().maxReplyLineLength(maxReplyLineLength).maxReplyLines(maxReplyLines)
        .maxReplySize(maxReplySize).maxUndrainedOutput(maxUndrainedOutput).greetingTimeout(greetingTimeout)
        .mailTimeout(mailTimeout).rcptTimeout(rcptTimeout).dataInitiationTimeout(dataInitiationTimeout)
        .dataBlockTimeout(dataBlockTimeout).dataTerminationTimeout(dataTerminationTimeout)
        .commandTimeout(commandTimeout);
  }

  /** Builds {@link SmtpClientLimits}; {@link #build()} validates the values. */
  public static final class Builder {
    private int maxReplyLineLength = 512;
    private int maxReplyLines = 100;
    private int maxReplySize = 64 * 1024;
    private int maxUndrainedOutput = 64 * 1024;
    private Duration greetingTimeout = Duration.ofMinutes(5);
    private Duration mailTimeout = Duration.ofMinutes(5);
    private Duration rcptTimeout = Duration.ofMinutes(5);
    private Duration dataInitiationTimeout = Duration.ofMinutes(2);
    private Duration dataBlockTimeout = Duration.ofMinutes(3);
    private Duration dataTerminationTimeout = Duration.ofMinutes(10);
    private Duration commandTimeout = Duration.ofMinutes(5);

    private Builder() {
    }

    /**
     * See {@link SmtpClientLimits#maxReplyLineLength()}.
     *
     * @param octets octets of a reply line including CRLF, at least 512
     * @return this builder
     */
    public Builder maxReplyLineLength(int octets) {
      maxReplyLineLength = octets;
      return this;
    }

    /**
     * See {@link SmtpClientLimits#maxReplyLines()}.
     *
     * @param lines lines of one reply
     * @return this builder
     */
    public Builder maxReplyLines(int lines) {
      maxReplyLines = lines;
      return this;
    }

    /**
     * See {@link SmtpClientLimits#maxReplySize()}.
     *
     * @param octets octets of one reply
     * @return this builder
     */
    public Builder maxReplySize(int octets) {
      maxReplySize = octets;
      return this;
    }

    /**
     * See {@link SmtpClientLimits#maxUndrainedOutput()}.
     *
     * @param octets octets of output not yet drained
     * @return this builder
     */
    public Builder maxUndrainedOutput(int octets) {
      maxUndrainedOutput = octets;
      return this;
    }

    /**
     * See {@link SmtpClientLimits#greetingTimeout()}.
     *
     * @param timeout how long to wait for the greeting
     * @return this builder
     */
    public Builder greetingTimeout(Duration timeout) {
      greetingTimeout = timeout;
      return this;
    }

    /**
     * See {@link SmtpClientLimits#mailTimeout()}.
     *
     * @param timeout how long to wait for the reply to MAIL
     * @return this builder
     */
    public Builder mailTimeout(Duration timeout) {
      mailTimeout = timeout;
      return this;
    }

    /**
     * See {@link SmtpClientLimits#rcptTimeout()}.
     *
     * @param timeout how long to wait for the reply to RCPT
     * @return this builder
     */
    public Builder rcptTimeout(Duration timeout) {
      rcptTimeout = timeout;
      return this;
    }

    /**
     * See {@link SmtpClientLimits#dataInitiationTimeout()}.
     *
     * @param timeout how long to wait for the 354
     * @return this builder
     */
    public Builder dataInitiationTimeout(Duration timeout) {
      dataInitiationTimeout = timeout;
      return this;
    }

    /**
     * See {@link SmtpClientLimits#dataBlockTimeout()}.
     *
     * @param timeout how long the host may take between two blocks of content
     * @return this builder
     */
    public Builder dataBlockTimeout(Duration timeout) {
      dataBlockTimeout = timeout;
      return this;
    }

    /**
     * See {@link SmtpClientLimits#dataTerminationTimeout()}.
     *
     * @param timeout how long to wait for the reply after the end of data or BDAT
     * @return this builder
     */
    public Builder dataTerminationTimeout(Duration timeout) {
      dataTerminationTimeout = timeout;
      return this;
    }

    /**
     * See {@link SmtpClientLimits#commandTimeout()}.
     *
     * @param timeout how long to wait for the reply to any other command
     * @return this builder
     */
    public Builder commandTimeout(Duration timeout) {
      commandTimeout = timeout;
      return this;
    }

    /**
     * Validates the values.
     *
     * @return the limits
     * @throws IllegalArgumentException if a value is out of range
     */
    public SmtpClientLimits build() {
      return new SmtpClientLimits(maxReplyLineLength, maxReplyLines, maxReplySize, maxUndrainedOutput,
          greetingTimeout, mailTimeout, rcptTimeout, dataInitiationTimeout, dataBlockTimeout, dataTerminationTimeout,
          commandTimeout);
    }
  }
}
