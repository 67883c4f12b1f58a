package dev.missive.imap.protocol;

/**
 * The limits the IMAP decoders apply to what a peer sends, in one immutable value validated at construction
 * (bounded everywhere: RFC 9051 §4.3 lets a server refuse a literal it is unwilling to accept; RFC 7888 §4 and
 * RFC 2683 §3.2.1.5 discuss line and literal sizes). Past each limit the decoder answers with the BAD or NO its
 * documentation gives and keeps the framing; memory never grows beyond these numbers. Start from a preset and change
 * what differs: {@code ImapLimits.STRICT.toBuilder().maxAppendSize(1 << 20).build()} or {@code ImapLimits.builder()}.
 *
 * @param maxCommandLength      octets of one client command the server decoder buffers: every line and every
 *                              literal argument, but not APPEND message data, which is streamed
 * @param maxResponseLength     octets of one server response the client decoder buffers, body sections (which are
 *                              streamed) excluded
 * @param maxNestingDepth       how deeply parentheses (lists, body structures) and search keys ({@code NOT},
 *                              {@code OR}, parenthesised keys) may nest
 * @param maxLiteralsPerCommand literals in one command or response (each makes the decoder look at what came before)
 * @param maxAppendSize         octets of one APPEND message (RFC 7889 APPENDLIMIT); a larger message is refused with
 *                              {@code TOOBIG} (RFC 4469 §4) before its data is accepted
 */
public record ImapLimits(int maxCommandLength, int maxResponseLength, int maxNestingDepth,
                         int maxLiteralsPerCommand, long maxAppendSize) {

  /**
   * Limits for public servers and clients: 64 KiB commands (Dovecot's {@code imap_max_line_length}), 4 MiB
   * responses (a SEARCH result over 100 000 messages fits), nesting 100 (message-format's MIME depth), 1 000
   * literals, 64 MiB messages.
   */
  public static final ImapLimits DEFAULT = new ImapLimits(64 * 1024, 4 << 20, 100, 1_000, 64L << 20);
  /** Tight limits for untrusted peers: 16 KiB commands, 1 MiB responses, nesting 32, 100 literals, 16 MiB messages. */
  public static final ImapLimits STRICT = new ImapLimits(16 * 1024, 1 << 20, 32, 100, 16L << 20);
  /** Generous limits for archives: 1 MiB commands, 64 MiB responses, nesting 250, 100 000 literals, 1 GiB messages. */
  public static final ImapLimits PERMISSIVE = new ImapLimits(1 << 20, 64 << 20, 250, 100_000, 1L << 30);

  /**
   * Rejects limits too small to carry the RFC examples.
   *
   * @param maxCommandLength      octets of one client command the server decoder buffers: every line and every
   *                              literal argument, but not APPEND message data, which is streamed
   * @param maxResponseLength     octets of one server response the client decoder buffers, body sections (which are
   *                              streamed) excluded
   * @param maxNestingDepth       how deeply parentheses (lists, body structures) and search keys ({@code NOT},
   *                              {@code OR}, parenthesised keys) may nest
   * @param maxLiteralsPerCommand literals in one command or response (each makes the decoder look at what came
   *                              before)
   * @param maxAppendSize         octets of one APPEND message (RFC 7889 APPENDLIMIT); a larger message is refused
   *                              with {@code TOOBIG} (RFC 4469 §4) before its data is accepted
   */
  public ImapLimits {
    // RFC 2683 §3.2.1.5: servers should accept command lines of at least 8 000 octets
    requireAtLeast("maxCommandLength", maxCommandLength, 8_000);
    requireAtLeast("maxResponseLength", maxResponseLength, 8_000);
    requireAtLeast("maxNestingDepth", maxNestingDepth, 8);
    requireAtLeast("maxLiteralsPerCommand", maxLiteralsPerCommand, 8);
    if (maxAppendSize < 0) {
      throw new IllegalArgumentException("maxAppendSize must not be negative: " + maxAppendSize);
    }
    if (maxCommandLength > (1 << 30) || maxResponseLength > (1 << 30)) {
      throw new IllegalArgumentException("buffered lengths are limited to 1 GiB");
    }
  }

  private static void requireAtLeast(String name, int value, int min) {
    if (value < min) {
      throw new IllegalArgumentException(name + " must be at least " + min + ": " + value);
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

  /**
   * Builds {@link ImapLimits}; {@link #build()} validates them together:
   * {@code ImapLimits.STRICT.toBuilder().maxAppendSize(1 << 20).build()}.
   */
  public static final class Builder {
    private int maxCommandLength;
    private int maxResponseLength;
    private int maxNestingDepth;
    private int maxLiteralsPerCommand;
    private long maxAppendSize;

    private Builder(ImapLimits from) {
      maxCommandLength = from.maxCommandLength;
      maxResponseLength = from.maxResponseLength;
      maxNestingDepth = from.maxNestingDepth;
      maxLiteralsPerCommand = from.maxLiteralsPerCommand;
      maxAppendSize = from.maxAppendSize;
    }

    /**
     * Octets of one client command the server decoder buffers (every line and literal argument, not APPEND data).
     *
     * @param octets at least 8 000 (RFC 2683 §3.2.1.5), at most 1 GiB
     * @return this builder
     */
    public Builder maxCommandLength(int octets) {
      this.maxCommandLength = octets;
      return this;
    }

    /**
     * Octets of one server response the client decoder buffers, streamed body sections excluded.
     *
     * @param octets at least 8 000, at most 1 GiB
     * @return this builder
     */
    public Builder maxResponseLength(int octets) {
      this.maxResponseLength = octets;
      return this;
    }

    /**
     * How deeply parentheses and search keys may nest.
     *
     * @param depth at least 8
     * @return this builder
     */
    public Builder maxNestingDepth(int depth) {
      this.maxNestingDepth = depth;
      return this;
    }

    /**
     * Literals in one command or response.
     *
     * @param count at least 8
     * @return this builder
     */
    public Builder maxLiteralsPerCommand(int count) {
      this.maxLiteralsPerCommand = count;
      return this;
    }

    /**
     * Octets of one APPEND message (RFC 7889 APPENDLIMIT); larger ones are refused with {@code TOOBIG} (RFC 4469 §4).
     *
     * @param octets not negative
     * @return this builder
     */
    public Builder maxAppendSize(long octets) {
      this.maxAppendSize = octets;
      return this;
    }

    /**
     * Validates and builds.
     *
     * @return the limits
     * @throws IllegalArgumentException if a value is out of its range
     */
    public ImapLimits build() {
      return new ImapLimits(maxCommandLength, maxResponseLength, maxNestingDepth, maxLiteralsPerCommand,
          maxAppendSize);
    }
  }
}
