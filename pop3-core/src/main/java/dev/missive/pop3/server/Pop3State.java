package dev.missive.pop3.server;

/**
 * The states of a POP3 session (RFC 1939 §3): AUTHORIZATION after the greeting, TRANSACTION once the maildrop is
 * open and locked, UPDATE after QUIT in TRANSACTION while the host commits deletions, and CLOSED at the end.
 */
public enum Pop3State {
  /** The client identifies itself; only USER, PASS, APOP, AUTH, CAPA, STLS, UTF8 and QUIT are allowed (§4). */
  AUTHORIZATION,
  /** The maildrop is open and locked; the message commands are allowed (§5). */
  TRANSACTION,
  /** QUIT was received in TRANSACTION; the host removes the deleted messages and releases the lock (§6). */
  UPDATE,
  /** The session is over; the host closes the connection once the output is drained. */
  CLOSED
}
