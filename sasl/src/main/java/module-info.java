/**
 * SASL (RFC 4422) for Missive's SMTP (RFC 4954), POP3 (RFC 5034) and IMAP engines and for hosts: server and client
 * mechanisms that turn response bytes into challenge bytes and back ({@code dev.missive.sasl}), and the line framing
 * the protocols share (base64, {@code =}, {@code *}) in one server and one client exchange
 * ({@code dev.missive.sasl.exchange.internal}, exported only to the engine modules). Depends on nothing but the JDK.
 */
// the engine modules are built after this one, so javac cannot see them yet (its "module not found" lint)
@SuppressWarnings("module")
module dev.missive.sasl {
  exports dev.missive.sasl;
  exports dev.missive.sasl.exchange.internal to dev.missive.smtp, dev.missive.pop3, dev.missive.imap;
}
