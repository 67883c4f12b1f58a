/**
 * SMTP in a few lines: {@link dev.missive.smtp.host.SmtpListener}, an SMTP or submission server over the user's
 * {@code SmtpHandler}, on the blocking transport or on Netty ({@link dev.missive.transport.Transport}).
 */
package dev.missive.smtp.host;
