package dev.missive.pop3.client;

import java.time.Duration;

/**
 * The bounds the POP3 client engine keeps on what the server sends, on what it queues and on how long it waits
 * (RFC 2449 §4 response lengths, RFC 1939 §3 autologout; docs/architecture.md, "Limits"), validated at
 * construction.
 *
 * @param maxLineLength         octets of a status or listing line, excluding CRLF (RFC 2449 §4 allows 512 with
 *                              CRLF for status lines; longer lines end the session as a protocol error)
 * @param maxListingLines       lines of one multi-line CAPA, LIST or UIDL response; more and the command fails
 *                              once the response has ended, having kept only this many
 * @param maxUndrainedOutput    octets of output not yet drained past which the engine stops taking input and
 *                              stops sending pipelined commands
 * @param maxPipelinedCommands  commands in flight at once when the server advertises PIPELINING (RFC 2449 §6.6)
 * @param maxContentLineLength  octets of a RETR/TOP content line past which {@code MessageEnd} reports a long
 *                              line (RFC 5322 §2.1.1 says 998); nothing is ever cut
 * @param responseTimeout       how long to wait for the server's next octets before giving up (a deadline in the
 *                              environment's time)
 */
public record Pop3ClientLimits(int maxLineLength, int maxListingLines, int maxUndrainedOutput,
    int maxPipelinedCommands, int maxContentLineLength, Duration responseTimeout) {

  /** 1000-octet lines, 100 000 listing lines, 64 KiB undrained output, 32 pipelined commands, 10 minutes. */
  public static final Pop3ClientLimits DEFAULT = builder().build();

  /** RFC 2449 §4 status lines (510 octets), 10 000 listing lines, 16 KiB output, 8 pipelined commands. */
  public static final Pop3ClientLimits STRICT = builder().maxLineLength(510).maxListingLines(10_000)
      .maxUndrainedOutput(16 * 1024).maxPipelinedCommands(8).build();

  /** 8 KiB lines, a million listing lines, 1 MiB output, 128 pipelined commands. */
  public static final Pop3ClientLimits PERMISSIVE = builder().maxLineLength(8192).maxListingLines(1_000_000)
      .maxUndrainedOutput(1024 * 1024).maxPipelinedCommands(128).build();

  /**
   * Validates every bound.
   *
   * @param maxLineLength         octets of a status or listing line, excluding CRLF (RFC 2449 §4 allows 512 with
   *                              CRLF for status lines; longer lines end the session as a protocol error)
   * @param maxListingLines       lines of one multi-line CAPA, LIST or UIDL response; more and the command fails
   *                              once the response has ended, having kept only this many
   * @param maxUndrainedOutput    octets of output not yet drained past which the engine stops taking input and
   *                              stops sending pipelined commands
   * @param maxPipelinedCommands  commands in flight at once when the server advertises PIPELINING (RFC 2449 §6.6)
   * @param maxContentLineLength  octets of a RETR/TOP content line past which {@code MessageEnd} reports a long
   *                              line (RFC 5322 §2.1.1 says 998); nothing is ever cut
   * @param responseTimeout       how long to wait for the server's next octets before giving up (a deadline in the
   *                              environment's time)
   */
  public Pop3ClientLimits {
    if (maxLineLength < 510) {
      throw new IllegalArgumentException("maxLineLength must be at least 510 (RFC 2449 §4)");
    }
    if (maxListingLines < 1) {
      throw new IllegalArgumentException("maxListingLines must be positive");
    }
    if (maxUndrainedOutput < 1024) {
      throw new IllegalArgumentException("maxUndrainedOutput must be at least 1024");
    }
    if (maxPipelinedCommands < 1) {
      throw new IllegalArgumentException("maxPipelinedCommands must be positive");
    }
    if (maxContentLineLength < 1) {
      throw new IllegalArgumentException("maxContentLineLength must be positive");
    }
    if (responseTimeout == null || responseTimeout.isNegative() || responseTimeout.isZero()) {
      throw new IllegalArgumentException("responseTimeout must be positive");
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
    return new Builder().maxLineLength(maxLineLength).maxListingLines(maxListingLines)
        .maxUndrainedOutput(maxUndrainedOutput).maxPipelinedCommands(maxPipelinedCommands)
        .maxContentLineLength(maxContentLineLength).responseTimeout(responseTimeout);
  }

  /** Builds {@link Pop3ClientLimits}; {@link #build()} validates the values. */
  public static final class Builder {
    private int maxLineLength = 1000;
    private int maxListingLines = 100_000;
    private int maxUndrainedOutput = 64 * 1024;
    private int maxPipelinedCommands = 32;
    private int maxContentLineLength = 998;
    private Duration responseTimeout = Duration.ofMinutes(10);

    private Builder() {
    }

    /**
     * See {@link Pop3ClientLimits#maxLineLength()}.
     *
     * @param octets octets of a status or listing line, at least 510
     * @return this builder
     */
    public Builder maxLineLength(int octets) {
      maxLineLength = octets;
      return this;
    }

    /**
     * See {@link Pop3ClientLimits#maxListingLines()}.
     *
     * @param lines lines of one multi-line response
     * @return this builder
     */
    public Builder maxListingLines(int lines) {
      maxListingLines = lines;
      return this;
    }

    /**
     * See {@link Pop3ClientLimits#maxUndrainedOutput()}.
     *
     * @param octets octets of output not yet drained
     * @return this builder
     */
    public Builder maxUndrainedOutput(int octets) {
      maxUndrainedOutput = octets;
      return this;
    }

    /**
     * See {@link Pop3ClientLimits#maxPipelinedCommands()}.
     *
     * @param count commands in flight at once
     * @return this builder
     */
    public Builder maxPipelinedCommands(int count) {
      maxPipelinedCommands = count;
      return this;
    }

    /**
     * See {@link Pop3ClientLimits#maxContentLineLength()}.
     *
     * @param octets octets of a content line past which a long line is reported
     * @return this builder
     */
    public Builder maxContentLineLength(int octets) {
      maxContentLineLength = octets;
      return this;
    }

    /**
     * See {@link Pop3ClientLimits#responseTimeout()}.
     *
     * @param timeout how long to wait for the server's next octets
     * @return this builder
     */
    public Builder responseTimeout(Duration timeout) {
      responseTimeout = timeout;
      return this;
    }

    /**
     * Validates the values.
     *
     * @return the limits
     * @throws IllegalArgumentException if a value is out of range
     */
    public Pop3ClientLimits build() {
      return new Pop3ClientLimits(maxLineLength, maxListingLines, maxUndrainedOutput, maxPipelinedCommands,
          maxContentLineLength, responseTimeout);
    }
  }
}
