/**
 * Values shared by both directions of IMAP (RFC 9051, RFC 3501): sequence sets ({@link
 * dev.missive.imap.SequenceSet}), flags, mailbox attributes, section specifications, response codes and statuses,
 * STATUS items, and the modified UTF-7 codec of IMAP4rev1 mailbox names ({@link dev.missive.imap.ModifiedUtf7}).
 * Every value that goes on the wire is checked at construction.
 */
package dev.missive.imap;
