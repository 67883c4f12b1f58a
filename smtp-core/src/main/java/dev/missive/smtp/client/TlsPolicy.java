package dev.missive.smtp.client;

/**
 * Whether the client engine upgrades a plaintext session with STARTTLS (RFC 3207 §4), and what it does when it
 * cannot (RFC 3207 §6, RFC 8314 §3).
 */
public enum TlsPolicy {
  /** Never send STARTTLS; the session stays as the transport made it. */
  NONE,
  /** Send STARTTLS when the server offers it; continue in plaintext when it is missing or refused. */
  OPPORTUNISTIC,
  /** Send STARTTLS; when it is missing or refused (454, 502), send QUIT: no AUTH and no mail in plaintext. */
  REQUIRED
}
