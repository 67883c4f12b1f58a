/**
 * The IMAP4rev2/IMAP4rev1 client engine (RFC 9051, RFC 3501): {@link dev.missive.imap.client.ImapClient}, a sans-IO
 * raw engine ({@code nextEvent()}) that opens the session (greeting, CAPABILITY, STARTTLS, LOGIN or AUTHENTICATE,
 * ENABLE) as its {@link dev.missive.imap.client.ImapClientConfig} says, sends the host's commands pipelined where
 * RFC 9051 §5.5 allows, and reports typed {@link dev.missive.imap.client.ImapClientEvent}s and
 * {@link dev.missive.imap.client.CommandResult}s; the selected mailbox's numbering is kept in
 * {@link dev.missive.imap.client.ClientMailbox}. {@link dev.missive.imap.client.SearchCriteria} builds SEARCH
 * criteria.
 */
package dev.missive.imap.client;
