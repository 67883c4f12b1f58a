/**
 * The example server's IMAP storage: {@link dev.missive.examples.imap.MaildirMailStore}, a
 * {@link dev.missive.imap.server.MailStore} over the users' Maildirs with Courier's Maildir++ folders, flags in the
 * file names and UIDs that survive restarts and crashes (RFC 9051 §2.3.1.1).
 */
package dev.missive.examples.imap;
