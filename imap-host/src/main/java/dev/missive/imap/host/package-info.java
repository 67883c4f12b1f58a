/**
 * IMAP in a few lines: {@link dev.missive.imap.host.ImapListener}, an IMAP server over the user's {@code MailStore},
 * on the blocking transport or on Netty ({@link dev.missive.transport.Transport}).
 */
package dev.missive.imap.host;
