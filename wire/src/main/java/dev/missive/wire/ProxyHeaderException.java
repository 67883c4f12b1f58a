package dev.missive.wire;

import java.util.Objects;

/**
 * A PROXY protocol header that does not match HAProxy's specification ("The PROXY protocol", versions 1 and 2): the
 * connection it began must be closed (§2.1: "Any sequence which does not exactly match the protocol must be
 * discarded and cause the receiver to abort the connection"). {@link #reason()} says what was wrong; the message
 * never quotes the peer's octets.
 */
public final class ProxyHeaderException extends Exception {

  private static final long serialVersionUID = 1L;

  /** What was wrong with the header. */
  public enum Reason {
    /** The connection did not begin with {@code "PROXY "} (version 1) or the 12-octet signature (version 2, §2.2). */
    WRONG_SIGNATURE,
    /** The input ended before the header did (§2.2: partial headers are rejected). */
    TRUNCATED,
    /** No CRLF within the 107 octets a version 1 line may take (§2.1). */
    LINE_TOO_LONG,
    /** A version 1 line that is not the protocol's grammar: a bare CR or LF, a missing or doubled space (§2.1). */
    MALFORMED_LINE,
    /** A version 1 protocol other than TCP4, TCP6 and UNKNOWN, or a version 2 family or transport nibble that
     * the specification does not assign (§2.2). */
    UNKNOWN_FAMILY,
    /** An address that is not its family's canonical form (§2.1), or a version 2 block shorter than its family's
     * addresses (§2.2). */
    BAD_ADDRESS,
    /** A version 1 port outside 0–65535 or with a leading zero (§2.1). */
    BAD_PORT,
    /** A version 2 header whose version nibble is not 2 (§2.2). */
    UNSUPPORTED_VERSION,
    /** A version 2 command other than LOCAL and PROXY (§2.2: "Receivers must drop connections presenting
     * unexpected values here"). */
    UNKNOWN_COMMAND,
    /** A version 2 header longer than the decoder's configured maximum. */
    HEADER_TOO_LONG,
    /** A TLV that runs past the end of the header, or whose value breaks its type's rules (§2.2.3, §2.2.5,
     * §2.2.6). */
    BAD_TLV,
    /** A PP2_TYPE_CRC32C TLV whose checksum does not match the header (§2.2.3). */
    CHECKSUM_MISMATCH
  }

  /** What was wrong with the header. */
  private final Reason reason;

  /**
   * A failure for a reason.
   *
   * @param reason what was wrong
   * @param detail a sentence for logs, without the peer's octets
   */
  public ProxyHeaderException(Reason reason, String detail) {
    super(Objects.requireNonNull(reason, "reason") + ": " + detail);
    this.reason = reason;
  }

  /** {@return what was wrong with the header} */
  public Reason reason() {
    return reason;
  }
}
