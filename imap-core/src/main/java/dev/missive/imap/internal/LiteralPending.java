package dev.missive.imap.internal;

/**
 * Thrown by the {@link Lexer} when it reaches a literal whose octets are not in the buffer yet: the literal header
 * {@code {n}} (RFC 9051 §4.3), {@code {n+}} (RFC 7888) or {@code ~{n}} (RFC 3516 literal8) ends the bytes read so
 * far. A decoder parses a command or response that is still arriving to find out what the literal is for.
 */
public final class LiteralPending extends SyntaxException {

  private static final long serialVersionUID = 1L;

  /** Offset of the literal header (the open brace, or {@code ~}) in the lexer's buffer. */
  public final int headerOffset;
  /** Announced octet count. */
  public final long size;
  /** Whether the header carried {@code +} (no continuation request, RFC 7888 §3). */
  public final boolean nonSynchronizing;
  /** Whether it is a literal8 ({@code ~{n}}), which may carry NUL (RFC 3516 §4.2). */
  public final boolean binary;

  /**
   * A literal whose octets are still to come.
   *
   * @param headerOffset     offset of the header in the buffer
   * @param size             announced octet count
   * @param nonSynchronizing whether the header carried {@code +}
   * @param binary           whether it is a literal8
   */
  public LiteralPending(int headerOffset, long size, boolean nonSynchronizing, boolean binary) {
    super("literal data missing");
    this.headerOffset = headerOffset;
    this.size = size;
    this.nonSynchronizing = nonSynchronizing;
    this.binary = binary;
  }
}
