/**
 * Missive IMAP (RFC 9051 IMAP4rev2 with RFC 3501 IMAP4rev1 compatibility): the shared values in
 * {@code dev.missive.imap}, typed commands in {@code dev.missive.imap.command} and responses in
 * {@code dev.missive.imap.response}, and the bounded, sans-IO decoders and encoders of both directions in
 * {@code dev.missive.imap.protocol}.
 */
module dev.missive.imap {
  requires transitive dev.missive.wire;
  requires transitive dev.missive.message;
  requires transitive dev.missive.sasl;

  exports dev.missive.imap;
  exports dev.missive.imap.command;
  exports dev.missive.imap.protocol;
  exports dev.missive.imap.response;
}
