package dev.missive.imap.client;

/** Where an {@link ImapClient} session stands (RFC 9051 §3). */
public enum ImapClientState {
  /** Waiting for the server's greeting. */
  GREETING,
  /** Greeted, not yet authenticated: capabilities, STARTTLS, the login (RFC 9051 §3.1). */
  NOT_AUTHENTICATED,
  /** Authenticated, no mailbox selected (RFC 9051 §3.2). */
  AUTHENTICATED,
  /** A mailbox is selected (RFC 9051 §3.3). */
  SELECTED,
  /** LOGOUT sent (RFC 9051 §3.4). */
  LOGOUT,
  /** The session is over. */
  CLOSED
}
