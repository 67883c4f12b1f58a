package dev.missive.pop3.server;

/**
 * What the host knows about the confidentiality of one POP3 connection when it starts, which decides whether
 * plaintext logins are allowed (RFC 2595 §2 and §4, RFC 8314 §3.3; SECURITY.md item 10).
 */
public enum ConnectionSecurity {
  /** Plain TCP: USER/PASS, APOP and plaintext SASL mechanisms are refused with {@code -ERR [AUTH]} until STLS. */
  PLAINTEXT,
  /**
   * Plain TCP that the host declares confidential, such as a loopback connection (Dovecot's rule):
   * plaintext logins are allowed and STLS is still offered.
   */
  TRUSTED,
  /** Implicit TLS (port 995, RFC 8314 §3.3): the session starts as if STLS had completed. */
  IMPLICIT_TLS
}
