package dev.missive.wire;

/**
 * What the host knows about the confidentiality of a connection when it starts, which decides whether plaintext
 * logins are allowed and whether the engine starts as if TLS were in place (RFC 2595 §2 and §4, RFC 8314 §3;
 * docs/security.md, "Logins before TLS").
 */
public enum ConnectionSecurity {
  /** Plain TCP: secrets are refused until STARTTLS/STLS has completed. */
  PLAINTEXT,
  /**
   * Plain TCP that the host declares confidential, such as a loopback connection (Dovecot's rule): plaintext
   * logins are allowed and STARTTLS/STLS is still offered.
   */
  TRUSTED,
  /** Implicit TLS (ports 465, 993 and 995, RFC 8314 §3): the session starts as if STARTTLS/STLS had completed. */
  IMPLICIT_TLS
}
