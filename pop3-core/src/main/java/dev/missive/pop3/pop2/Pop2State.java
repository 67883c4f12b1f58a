package dev.missive.pop3.pop2;

/**
 * The states of a POP2 server session, as RFC 937's "Server State Diagram" names them (LSTN, waiting for a
 * connection, is the host's).
 */
public enum Pop2State {
  /** The greeting was sent; only HELO and QUIT are allowed. */
  AUTH,
  /** A folder is selected and its count sent ({@code #nnn}); FOLD, READ and QUIT are allowed. */
  MBOX,
  /** A message's length was sent ({@code =ccc}); FOLD, READ, RETR and QUIT are allowed. */
  ITEM,
  /** A message was sent; only its acknowledgment is allowed: ACKS, ACKD or NACK. */
  NEXT,
  /** The session is over; the host closes the connection once the output is drained. */
  DONE
}
