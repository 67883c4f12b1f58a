package dev.missive.smtp.client;

import dev.missive.smtp.Reply;

/**
 * What the parts of the client engine (the session opening of RFC 5321 §3.1–§3.2 with RFC 3207 and RFC 4954, the
 * transactions of §3.3) need from the engine around them.
 */
interface ClientPort {

  /** Reports an event to the host. */
  void event(SmtpClientEvent event);

  /** Moves the engine to {@code state}. */
  void transition(SmtpClientState state);

  /** Whether commands may be pipelined now (RFC 2920). */
  boolean pipelining();

  /** Reports a fatal reply or condition and ends the session with QUIT. */
  void failQuit(Reply reply, String reason);

  /** The session is ready for the next transaction (or QUIT). */
  void ready();
}
