/**
 * Mail addresses, in the envelope and in header fields: the addr-spec shared by both (RFC 5321 §4.1.2, RFC 5322
 * §3.4.1), SMTP reverse- and forward-paths with their limits and SMTPUTF8 (RFC 5321 §4.1.2, §4.5.3.1; RFC 6531),
 * RFC 5322 §3.4 mailboxes, groups and address lists, and explicit IDNA A-label/U-label conversion.
 *
 * <p>Where to start: {@link dev.missive.message.address.EnvelopeSyntax} parses {@code MAIL FROM:} and
 * {@code RCPT TO:} paths and never throws; {@link dev.missive.message.address.AddressParser} reads header
 * addresses leniently with defects; {@link dev.missive.message.address.AddressFormatter} writes them back
 * safely. Every value is a record that refuses CR, LF, NUL and other controls at construction, and keeps
 * non-ASCII text as Java strings that are only ever encoded as UTF-8.
 */
package dev.missive.message.address;
