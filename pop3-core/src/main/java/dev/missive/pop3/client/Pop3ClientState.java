package dev.missive.pop3.client;

/**
 * Where a POP3 client session stands (RFC 1939 §3: the AUTHORIZATION and TRANSACTION states seen from the client,
 * with the CAPA and STLS steps of RFC 2449 §5 and RFC 2595 §4).
 */
public enum Pop3ClientState {
  /** Waiting for the server's greeting. */
  GREETING,
  /** CAPA sent, waiting for the capability list. */
  CAPABILITIES,
  /** STLS sent, or its {@code +OK} received and the host performing the handshake. */
  STLS,
  /** Logging in (USER/PASS, APOP or AUTH). */
  AUTHORIZATION,
  /** Logged in: the host's commands run. */
  TRANSACTION,
  /** QUIT sent, waiting for its answer (the server's UPDATE state, RFC 1939 §6). */
  QUITTING,
  /** The session is over. */
  CLOSED;

  /** {@return whether the host may still queue commands} */
  public boolean acceptsCommands() {
    return this != QUITTING && this != CLOSED;
  }
}
