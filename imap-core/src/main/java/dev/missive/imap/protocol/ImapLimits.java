package dev.missive.imap.protocol;

/**
 * The limits the IMAP decoders apply to what a peer sends, in one immutable value validated at construction
 * (bounded everywhere: RFC 9051 §4.3 lets a server refuse a literal it is unwilling to accept; RFC 7888 §4 and
 * RFC 2683 §3.2.1.5 discuss line and literal sizes). Past each limit the decoder answers with the BAD or NO its
 * documentation gives and keeps the framing; memory never grows beyond these numbers.
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

  /**
   * The same limits with another command length.
   *
   * @param length octets of one client command
   * @return the new limits
   */
  public ImapLimits withMaxCommandLength(int length) {
    return new ImapLimits(length, maxResponseLength, maxNestingDepth, maxLiteralsPerCommand, maxAppendSize);
  }

  /**
   * The same limits with another response length.
   *
   * @param length octets of one server response
   * @return the new limits
   */
  public ImapLimits withMaxResponseLength(int length) {
    return new ImapLimits(maxCommandLength, length, maxNestingDepth, maxLiteralsPerCommand, maxAppendSize);
  }

  /**
   * The same limits with another APPEND size.
   *
   * @param size octets of one APPEND message
   * @return the new limits
   */
  public ImapLimits withMaxAppendSize(long size) {
    return new ImapLimits(maxCommandLength, maxResponseLength, maxNestingDepth, maxLiteralsPerCommand, size);
  }
}
