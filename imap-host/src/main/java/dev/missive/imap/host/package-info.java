/**
 * IMAP in a few lines: {@link dev.missive.imap.host.ImapListener}, an IMAP server over the user's {@code MailStore},
 * on the blocking transport or on Netty ({@link dev.missive.transport.Transport}); and
 * {@link dev.missive.imap.host.ImapSession}, reading a mailbox over IMAP on the calling thread.
 */
package dev.missive.imap.host;
