/**
 * Server responses as typed, immutable records (RFC 9051 §7): {@link dev.missive.imap.response.Response} (tagged,
 * untagged and continuation requests) and the data items of FETCH ({@link
 * dev.missive.imap.response.FetchAttribute}). The server's encoder writes them and the client's decoder reads
 * them, so both sides speak through the same values.
 */
package dev.missive.imap.response;
