/**
 * Sans-IO SMTP and LMTP engines (RFC 5321, RFC 2033) with their ESMTP extensions: the shared reply, status and
 * parameter types ({@code dev.missive.smtp}), the server engine ({@code dev.missive.smtp.server}).
 */
module dev.missive.smtp {
  requires transitive dev.missive.wire;
  requires transitive dev.missive.message;
  requires transitive dev.missive.sasl;
  requires org.slf4j;

  exports dev.missive.smtp;
  exports dev.missive.smtp.server;
  exports dev.missive.smtp.client;
}
