package dev.missive.imap.server;

/** The states of an IMAP session as the server sees them (RFC 9051 §3, figure of §3.5). */
public enum ImapState {
  /** Before LOGIN or AUTHENTICATE (RFC 9051 §3.1). */
  NOT_AUTHENTICATED,
  /** Logged in, no mailbox selected (RFC 9051 §3.2). */
  AUTHENTICATED,
  /** A mailbox is selected (RFC 9051 §3.3). */
  SELECTED,
  /** The session is over: after LOGOUT, BYE, a lost connection or the host's shutdown (RFC 9051 §3.4). */
  LOGOUT
}
