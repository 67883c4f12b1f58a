/**
 * Values shared by the POP3 server and client engines (RFC 1939): status lines with the response codes of
 * RFC 2449 §8 and RFC 3206 ({@link dev.missive.pop3.Pop3Response}, {@link dev.missive.pop3.ResponseCode}), CAPA
 * lines ({@link dev.missive.pop3.Capability}, RFC 2449 §5) and unique ids ({@link dev.missive.pop3.UniqueId},
 * RFC 1939 §7). Every value that goes on the wire refuses CR, LF and NUL at construction.
 */
package dev.missive.pop3;
