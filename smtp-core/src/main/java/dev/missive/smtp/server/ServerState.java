package dev.missive.smtp.server;

/**
 * Where an SMTP server session stands (RFC 5321 §4.1.4 and §4.3.2, RFC 3030 §2, RFC 3207 §4.2, RFC 4954 §4); each
 * state allows a fixed set of commands (docs/architecture.md, "State machines").
 */
public enum ServerState {
  /** The greeting was sent; no HELO/EHLO/LHLO yet (again after STARTTLS). */
  CONNECTED,
  /** The client greeted; no transaction. */
  GREETED,
  /** MAIL FROM accepted; no recipient yet. */
  MAIL,
  /** At least one recipient accepted. */
  RCPT,
  /** Receiving DATA content up to {@code CRLF.CRLF}. */
  DATA,
  /** Receiving the octets of a BDAT chunk. */
  BDAT,
  /** Between BDAT chunks: only BDAT, RSET, NOOP, QUIT and HELO/EHLO may follow. */
  CHUNKING,
  /** In an AUTH exchange: lines are SASL responses. */
  AUTH,
  /** STARTTLS answered; waiting for the handshake. */
  TLS_PENDING,
  /**
   * ATRN answered 250 (RFC 2645 §5.3): the roles are reversed and the host's successor engine drives the
   * connection; this engine stays paused for good.
   */
  REVERSED,
  /** The session is over. */
  CLOSED
}
