package dev.missive.wire;

/**
 * Whether a client engine upgrades a plaintext session with STARTTLS or STLS, and what it does when it cannot
 * (RFC 3207 §4 and §6, RFC 2595 §2.2 and §4, RFC 8314 §3; docs/security.md, "A client that requires TLS").
 */
public enum TlsPolicy {
  /** Never ask for TLS; the session stays as the transport made it. */
  NONE,
  /** Ask for TLS when the server offers it; continue in plaintext when it is missing or refused. */
  OPPORTUNISTIC,
  /** Ask for TLS; when it is missing or refused, end the session with QUIT: no login and no mail in plaintext. */
  REQUIRED
}
