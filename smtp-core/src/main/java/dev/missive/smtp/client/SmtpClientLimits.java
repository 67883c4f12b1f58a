package dev.missive.smtp.client;

/**
 * The bounds the client engine keeps on what the server sends and on what it queues (RFC 5321 §4.5.3.1.5 reply
 * lines; docs/architecture.md, "Limits"; docs/security.md, "Hostile server replies"), validated at construction.
 *
 * @param maxReplyLineLength octets of a reply line including CRLF (RFC 5321 §4.5.3.1.5: 512, the minimum here)
 * @param maxReplyLines      lines of one reply (EHLO replies are the longest)
 * @param maxReplySize       octets of one reply, line endings included
 * @param maxUndrainedOutput octets of output not yet drained past which the engine stops taking content and input
 */
public record SmtpClientLimits(int maxReplyLineLength, int maxReplyLines, int maxReplySize, int maxUndrainedOutput) {

  /** RFC 5321 §4.5.3.1.5 reply lines, 100 lines and 64 KiB per reply, 64 KiB of undrained output. */
  public static final SmtpClientLimits DEFAULT = new SmtpClientLimits(512, 100, 64 * 1024, 64 * 1024);

  /** Tighter bounds: 32 lines and 16 KiB per reply, 16 KiB of undrained output. */
  public static final SmtpClientLimits STRICT = new SmtpClientLimits(512, 32, 16 * 1024, 16 * 1024);

  /** Looser bounds for servers that send long lines: 2048-octet lines, 1000 lines and 1 MiB per reply. */
  public static final SmtpClientLimits PERMISSIVE = new SmtpClientLimits(2048, 1000, 1024 * 1024, 1024 * 1024);

  /**
   * Validates every bound.
   *
   * @param maxReplyLineLength octets of a reply line including CRLF (RFC 5321 §4.5.3.1.5: 512, the minimum here)
   * @param maxReplyLines      lines of one reply (EHLO replies are the longest)
   * @param maxReplySize       octets of one reply, line endings included
   * @param maxUndrainedOutput octets of output not yet drained past which the engine stops taking content and input
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
  }
}
