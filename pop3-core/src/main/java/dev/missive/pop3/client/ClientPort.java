package dev.missive.pop3.client;

import dev.missive.pop3.client.internal.ClientCommand;

/**
 * What the session opening (greeting, CAPA, STLS, UTF8 and the login of RFC 1939 §4, RFC 2449, RFC 2595, RFC 6856,
 * RFC 5034) needs from the engine around it; the opening never touches the command pipeline or the state itself.
 */
interface ClientPort {

  /** Writes {@code command} now and awaits its answer. */
  void send(ClientCommand command);

  /** Reports an event to the host. */
  void event(Pop3ClientEvent event);

  /** Moves the engine to {@code state}. */
  void transition(Pop3ClientState state);

  /** The server answered STLS with {@code +OK}: pause for the TLS handshake (RFC 2595 §4). */
  void startTls();

  /** Reports nothing more and ends the session with QUIT (a failed login, TLS required and missing). */
  void failQuit(String reason);

  /** Ends the session at once, without another command. */
  void abort(String reason);

  /** Logged in: the host's commands may go (RFC 1939 §4, TRANSACTION state). */
  void ready();
}
