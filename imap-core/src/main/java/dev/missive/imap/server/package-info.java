/**
 * The IMAP4rev2/IMAP4rev1 server engine (RFC 9051, RFC 3501): {@link dev.missive.imap.server.ImapServer}, the raw
 * sans-IO engine whose typed {@link dev.missive.imap.server.ImapServerEvent}s the host answers whenever it is ready,
 * configured by {@link dev.missive.imap.server.ImapServerConfig}; and {@link
 * dev.missive.imap.server.ImapHandlerServer}, the facade that answers them from a synchronous {@link
 * dev.missive.imap.server.MailStore}.
 */
package dev.missive.imap.server;
