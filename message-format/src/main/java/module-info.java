/**
 * The message as data (RFC 5322, RFC 2045–2049, RFC 2231, RFC 6532): header fields, addresses and the SMTP
 * envelope path syntax (RFC 5321 §4.1.2), dates, encoded words, parameters, transfer encodings, a streaming
 * parser, a message tree and a strict builder.
 */
module dev.missive.message {
  exports dev.missive.message;
  exports dev.missive.message.header;
  exports dev.missive.message.codec;
  exports dev.missive.message.address;
  exports dev.missive.message.stream;
  exports dev.missive.message.tree;
  exports dev.missive.message.builder;
}
