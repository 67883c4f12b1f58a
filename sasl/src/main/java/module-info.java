/**
 * SASL (RFC 4422) for Missive's SMTP (RFC 4954) and POP3 (RFC 5034) engines and for hosts: server and client
 * mechanisms that turn response bytes into challenge bytes and back, with no knowledge of protocol framing.
 * Depends on nothing but the JDK.
 */
module dev.missive.sasl {
  exports dev.missive.sasl;
}
