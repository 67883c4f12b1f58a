/**
 * The selected mailbox as one client sees it (RFC 9051 §2.3.1, §5.2, §7.5.1): {@link
 * dev.missive.imap.mailbox.MailboxView} keeps the client's sequence numbers right while other sessions expunge
 * and deliver, releasing {@link dev.missive.imap.mailbox.MailboxUpdate}s only when {@link
 * dev.missive.imap.mailbox.UpdatePolicy} allows; {@link dev.missive.imap.mailbox.UidSet} stores UIDs compactly.
 */
package dev.missive.imap.mailbox;
