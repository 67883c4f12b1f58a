package dev.missive.pop3;

/**
 * What the host's storage says about one message of a maildrop when the session opens it: its size for STAT and
 * LIST and its unique id for UIDL (RFC 1939 §5 and §7).
 *
 * <p>The size is the exact number of octets RETR will send before dot-stuffing, counting each line ending as
 * CRLF (RFC 1939 §11): a store that keeps bare-LF files adds one octet per bare LF. The unique id is kept as the
 * storage gave it; the engine checks it against {@link dev.missive.pop3.UniqueId#isValid(CharSequence)} when UIDL
 * asks for it and answers {@code -ERR} rather than writing an invalid one (docs/security.md, "Unique ids from
 * storage").
 *
 * @param size     octets of the message with CRLF line endings
 * @param uniqueId the unique id from storage, possibly invalid, or {@code null} if the store has none
 */
public record MaildropEntry(long size, String uniqueId) {

  /**
   * Validates the size.
   *
   * @param size     octets of the message with CRLF line endings
   * @param uniqueId the unique id from storage, possibly invalid, or {@code null} if the store has none
   */
  public MaildropEntry {
    if (size < 0) {
      throw new IllegalArgumentException("size must not be negative: " + size);
    }
  }
}
