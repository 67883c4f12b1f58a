/**
 * POP2 (RFC 937, port 109), the protocol POP3 replaced, beside it in this module: the sans-IO server engine
 * {@link dev.missive.pop3.pop2.Pop2Server} with its handler facade {@link dev.missive.pop3.pop2.Pop2HandlerServer}
 * over the same {@link dev.missive.pop3.Maildrop}s as POP3, and the sans-IO client engine
 * {@link dev.missive.pop3.pop2.Pop2Client}.
 *
 * <p>POP2 has no TLS and sends the password with HELO in the clear: the server engine refuses a connection its host
 * declares plaintext, so it is served only over a trusted link (loopback) or inside TLS (docs/security.md, "Logins
 * before TLS").
 */
package dev.missive.pop3.pop2;
