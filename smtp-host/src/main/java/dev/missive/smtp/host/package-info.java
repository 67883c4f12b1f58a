/**
 * SMTP in a few lines: {@link dev.missive.smtp.host.SmtpListener}, an SMTP or submission server over the user's
 * {@code SmtpHandler}, on the blocking transport or on Netty ({@link dev.missive.transport.Transport}); and the
 * sender: {@link dev.missive.smtp.host.SmtpSender} through a smarthost, {@link dev.missive.smtp.host.MxSender} straight
 * to the recipients' MX hosts (RFC 5321 §5.1), with one {@link dev.missive.smtp.host.RecipientResult} per recipient.
 */
package dev.missive.smtp.host;
