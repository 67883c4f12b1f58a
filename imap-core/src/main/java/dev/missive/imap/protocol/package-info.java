/**
 * The IMAP grammar at work (RFC 9051 §9), sans-IO and bounded ({@link dev.missive.imap.protocol.ImapLimits}): on
 * the server side the command reader ({@link dev.missive.imap.protocol.CommandDecoder}) and the response writer
 * ({@link dev.missive.imap.protocol.ResponseEncoder}); on the client side the command writer ({@link
 * dev.missive.imap.protocol.CommandEncoder}) and the response reader ({@link
 * dev.missive.imap.protocol.ResponseDecoder}). Both directions share one tokenizer, so a client and a server built
 * on this module read IMAP the same way; APPEND messages and FETCH section contents stream in both directions.
 */
package dev.missive.imap.protocol;
