package dev.missive.wire;

/**
 * What a receiver does with line endings that are not CRLF (RFC 5321 §2.3.8, §4.1.1.4; RFC 5322 §2.3).
 *
 * <p>Bare line endings are how SMTP smuggling works (CVE-2023-51764 and friends): a receiver that ends data on
 * {@code LF.LF} while the next hop waits for {@code CRLF.CRLF} lets a sender hide a second message. Under either
 * policy only a real {@code CRLF.CRLF} ends message data, and a bare CR is never a line ending.
 */
public enum BareLineEndingPolicy {
  /**
   * The default: a bare LF still ends the line (so framing stays in sync) but the line is flagged, and a bare CR
   * is kept as content and flagged; the engine refuses the command or, for message data, the whole message after
   * its real end (Postfix {@code smtpd_forbid_bare_newline = reject}).
   */
  REJECT,
  /**
   * A bare LF counts as CRLF (message data receives CRLF in its place); a bare CR is still kept and flagged
   * (Postfix {@code smtpd_forbid_bare_newline = normalize}).
   */
  NORMALIZE
}
