/**
 * Missive IMAP (RFC 9051 IMAP4rev2 with RFC 3501 IMAP4rev1 compatibility): the shared values in
 * {@code dev.missive.imap}, typed commands in {@code dev.missive.imap.command} and responses in
 * {@code dev.missive.imap.response}, the bounded, sans-IO decoders and encoders of both directions in
 * {@code dev.missive.imap.protocol}, the selected mailbox's view in {@code dev.missive.imap.mailbox}, and the
 * helpers over message-format (ENVELOPE, BODYSTRUCTURE, sections, BINARY, SEARCH) in
 * {@code dev.missive.imap.message}, the client engine in {@code dev.missive.imap.client}.
 */
module dev.missive.imap {
  requires transitive dev.missive.wire;
  requires transitive dev.missive.message;
  requires transitive dev.missive.sasl;
  requires org.slf4j;

  exports dev.missive.imap;
  exports dev.missive.imap.command;
  exports dev.missive.imap.protocol;
  exports dev.missive.imap.response;
  exports dev.missive.imap.mailbox;
  exports dev.missive.imap.message;
  exports dev.missive.imap.client;
  exports dev.missive.imap.server;
  exports dev.missive.imap.store;
}
