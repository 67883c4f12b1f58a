package dev.missive.pop3.client;

/**
 * The bounds the POP3 client engine keeps on what the server sends and on what it queues (RFC 2449 §4 response
 * lengths; docs/architecture.md, "Limits"), validated at construction.
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
 */
public record Pop3ClientLimits(int maxLineLength, int maxListingLines, int maxUndrainedOutput,
    int maxPipelinedCommands, int maxContentLineLength) {

  /** 1000-octet lines, 100 000 listing lines, 64 KiB undrained output, 32 pipelined commands. */
  public static final Pop3ClientLimits DEFAULT = new Pop3ClientLimits(1000, 100_000, 64 * 1024, 32, 998);

  /** RFC 2449 §4 status lines (510 octets), 10 000 listing lines, 16 KiB output, 8 pipelined commands. */
  public static final Pop3ClientLimits STRICT = new Pop3ClientLimits(510, 10_000, 16 * 1024, 8, 998);

  /** 8 KiB lines, a million listing lines, 1 MiB output, 128 pipelined commands. */
  public static final Pop3ClientLimits PERMISSIVE = new Pop3ClientLimits(8192, 1_000_000, 1024 * 1024, 128, 998);

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
  }

  /**
   * These limits with another maximum number of listing lines.
   *
   * @param lines lines of one multi-line CAPA, LIST or UIDL response; more and the command fails
   *              once the response has ended, having kept only this many
   * @return a copy with that value
   */
  public Pop3ClientLimits withMaxListingLines(int lines) {
    return new Pop3ClientLimits(maxLineLength, lines, maxUndrainedOutput, maxPipelinedCommands,
        maxContentLineLength);
  }
}
