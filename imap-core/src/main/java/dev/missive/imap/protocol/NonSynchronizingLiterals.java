package dev.missive.imap.protocol;

/**
 * Which non-synchronizing literals ({@code {n+}}, RFC 7888) a server takes, matching the capability it
 * advertises.
 */
public enum NonSynchronizingLiterals {
  /**
   * Neither LITERAL+ nor LITERAL- advertised: a {@code {n+}} literal is refused with BAD (and skipped). A server
   * refusing them offers IMAP4rev1 only, since IMAP4rev2 includes LITERAL- (RFC 9051 Appendix E).
   */
  REFUSED,
  /** LITERAL+ (RFC 7888 §3): non-synchronizing literals of any size within the limits. */
  LITERAL_PLUS,
  /**
   * LITERAL- (RFC 7888 §5): non-synchronizing literals of at most 4096 octets; a larger one is refused with
   * {@code BAD [TOOBIG]} and skipped.
   */
  LITERAL_MINUS;

  /** The largest non-synchronizing literal LITERAL- allows (RFC 7888 §5). */
  public static final int LITERAL_MINUS_MAX = 4096;
}
