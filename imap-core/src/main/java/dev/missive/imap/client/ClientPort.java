package dev.missive.imap.client;

import dev.missive.imap.command.Command;
import java.util.List;

/**
 * What the session opening (greeting, CAPABILITY, STARTTLS, the login and ENABLE of RFC 9051 §6.1-6.3, RFC 5161)
 * needs from the engine around it; the opening never touches the command flow or the output itself.
 */
interface ClientPort {

  /** {@return a fresh tag} */
  String tag();

  /** Writes {@code command} now and awaits its answer. */
  void send(Command command);

  /** Writes a continuation line (a SASL response) and CRLF. */
  void sendLine(String line);

  /** Reports an event to the host. */
  void event(ImapClientEvent event);

  /** Moves the engine to {@code state}. */
  void transition(ImapClientState state);

  /** The server accepted STARTTLS: pause for the TLS handshake (RFC 9051 §6.2.1). */
  void startTls();

  /** The server accepted COMPRESS DEFLATE: pause for the host to compress the stream (RFC 4978 §3). */
  void compress();

  /** The capabilities changed: the encoder's literals and the host's view follow. */
  void capabilitiesChanged(List<String> capabilities);

  /** Reports nothing more of the host's commands and ends the session with LOGOUT. */
  void failLogout(String reason);

  /** Ends the session at once, without another command. */
  void abort(String reason);

  /** Logged in and opened: the host's commands may go. */
  void ready();
}
