/**
 * SASL (RFC 4422) for Missive's SMTP (RFC 4954), POP3 (RFC 5034) and IMAP engines and for hosts: server and client
 * mechanisms that turn response bytes into challenge bytes and back, and the line framing the protocols share
 * (base64, {@code =}, {@code *}) in one server and one client exchange.
 * Depends on nothing but the JDK.
 */
module dev.missive.sasl {
  exports dev.missive.sasl;
}
