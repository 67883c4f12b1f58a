/**
 * The sans-IO POP3 server (RFC 1939 with CAPA, STLS, AUTH, UTF8 and response codes): {@link
 * dev.missive.pop3.server.Pop3Server}, an event-and-answer engine for any host, and {@link
 * dev.missive.pop3.server.Pop3HandlerServer}, the synchronous facade over a {@link
 * dev.missive.pop3.server.Pop3Handler} and its {@link dev.missive.pop3.Maildrop}s.
 */
package dev.missive.pop3.server;
