package dev.missive.pop3.client;

/**
 * Whether the POP3 client engine upgrades a plaintext session with STLS (RFC 2595 §4), and what it does when it
 * cannot (RFC 2595 §2.2, RFC 8314 §3; SECURITY.md item 12).
 */
public enum TlsPolicy {
  /** Never send STLS; the session stays as the transport made it. */
  NONE,
  /** Send STLS when CAPA lists it; continue in plaintext when it is missing or refused. */
  OPPORTUNISTIC,
  /** Send STLS; when it is missing or refused, send QUIT: no login and no mail in plaintext. */
  REQUIRED
}
