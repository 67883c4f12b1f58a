package dev.missive.pop3.pop2;

/** The states of a POP2 client session, as RFC 937's "Client State Diagram" names them. */
public enum Pop2ClientState {
  /** Connected: waiting for the greeting, then for the answer to HELO. */
  CALL,
  /** A folder's count ({@code #nnn}) is known: the host may FOLD, READ or QUIT. */
  NMBR,
  /** A message's length ({@code =ccc}) is known: the host may RETR (when not zero), READ, FOLD or QUIT. */
  SIZE,
  /** A message is being received, then awaits its acknowledgment: ACKS, ACKD or NACK. */
  XFER,
  /** QUIT was sent or the session failed; closed once the output is drained. */
  EXIT
}
