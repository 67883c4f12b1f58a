/**
 * A user's module. It requires only the engine modules: the message-format, SASL and wire types it uses too
 * must reach it through their {@code requires transitive}, as they reach any user of the engines' API.
 */
module dev.missive.consumer {
  requires dev.missive.smtp;
  requires dev.missive.pop3;
  requires dev.missive.imap;
}
