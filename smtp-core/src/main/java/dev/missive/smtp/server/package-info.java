/**
 * The SMTP/LMTP server engine (RFC 5321, RFC 2033): {@link dev.missive.smtp.server.SmtpServer}, its events and
 * decisions, its configuration and limits, and a synchronous handler facade.
 */
package dev.missive.smtp.server;
