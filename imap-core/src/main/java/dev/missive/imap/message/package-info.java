/**
 * What IMAP computes from messages, over message-format's streaming parser: {@link
 * dev.missive.imap.message.MessageLayout} (one pass; ENVELOPE, BODY, BODYSTRUCTURE and the octet ranges of every
 * FETCH section, RFC 9051 §6.4.5.1 and §7.5.2), {@link dev.missive.imap.message.SectionContent} (a section's
 * octets, partial fetches), {@link dev.missive.imap.message.BinarySection} (BINARY, RFC 3516) and {@link
 * dev.missive.imap.message.SearchEvaluator} (SEARCH, RFC 9051 §6.4.4, with {@code i;unicode-casemap}).
 */
package dev.missive.imap.message;
