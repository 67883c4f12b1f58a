/**
 * Missive POP3 (RFC 1939 with RFC 2449 CAPA and response codes, RFC 2595 STLS, RFC 5034 AUTH, RFC 6856 UTF8,
 * RFC 3206 codes): the shared POP3 value types in {@code dev.missive.pop3}, the sans-IO server engine in
 * {@code dev.missive.pop3.server} and the sans-IO client engine in {@code dev.missive.pop3.client}; POP2
 * (RFC 937), server and client, in {@code dev.missive.pop3.pop2}.
 */
module dev.missive.pop3 {
  requires transitive dev.missive.wire;
  requires transitive dev.missive.sasl;
  requires org.slf4j;

  exports dev.missive.pop3;
  exports dev.missive.pop3.server;
  exports dev.missive.pop3.client;
  exports dev.missive.pop3.pop2;
}
