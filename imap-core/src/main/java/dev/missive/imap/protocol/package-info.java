/**
 * The IMAP grammar at work (RFC 9051 §9): the server's bounded, sans-IO command reader ({@link
 * dev.missive.imap.protocol.CommandDecoder}) and its limits ({@link dev.missive.imap.protocol.ImapLimits}). Both
 * directions share one tokenizer, so a client and a server built on this module read IMAP the same way.
 */
package dev.missive.imap.protocol;
