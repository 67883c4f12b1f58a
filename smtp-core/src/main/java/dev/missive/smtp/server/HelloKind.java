package dev.missive.smtp.server;

/**
 * How the client greeted: HELO or EHLO (RFC 5321 §4.1.1.1) or LHLO (RFC 2033 §4.1).
 */
public enum HelloKind {
  /** HELO: no service extensions. */
  HELO,
  /** EHLO: extended SMTP. */
  EHLO,
  /** LHLO: LMTP. */
  LHLO
}
