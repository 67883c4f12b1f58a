package dev.missive.smtp.client;

/**
 * Where an {@link SmtpClient} session stands (RFC 5321 §3 and §4.1.4; RFC 3207 §4; RFC 4954 §4), the
 * level-triggered counterpart of its events (docs/architecture.md, "State machines").
 */
public enum SmtpClientState {
  /** Waiting for the server's 220 greeting (RFC 5321 §3.1). */
  GREETING,
  /** EHLO sent, waiting for the capabilities (RFC 5321 §4.1.1.1). */
  EHLO,
  /** EHLO was refused; HELO sent (RFC 5321 §3.2). */
  HELO,
  /** STARTTLS sent, waiting for 220 (RFC 3207 §4). */
  STARTTLS,
  /** 220 to STARTTLS received: the host performs the TLS handshake. */
  TLS_HANDSHAKE,
  /** An AUTH exchange is in progress (RFC 4954 §4). */
  AUTH,
  /** Idle between transactions. */
  READY,
  /** VRFY sent, waiting for its reply (RFC 5321 §4.1.1.6). */
  VERIFY,
  /** ETRN sent, waiting for its reply (RFC 1985 §5). */
  QUEUE_RUN,
  /** ATRN sent, waiting for its reply (RFC 2645 §5.2.1). */
  ATRN,
  /**
   * ATRN answered 250 (RFC 2645 §5.3): the roles are reversed, the host's successor server engine drives the
   * connection and this engine stays paused for good.
   */
  REVERSED,
  /** RSET, MAIL, RCPT (and DATA) sent or queued; waiting for their replies. */
  ENVELOPE,
  /** The host streams the message content. */
  CONTENT,
  /** The content is complete; waiting for the final reply (RFC 5321 §4.1.1.4, RFC 3030 §2). */
  DATA_END,
  /** QUIT sent, waiting for 221 (RFC 5321 §4.1.1.10). */
  QUIT,
  /** The session is over. */
  CLOSED
}
