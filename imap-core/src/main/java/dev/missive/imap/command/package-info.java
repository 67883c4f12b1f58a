/**
 * Client commands as typed, immutable records (RFC 9051 §6): {@link dev.missive.imap.command.Command} and its four
 * sealed families by the state that allows them, SEARCH keys as a tree ({@link
 * dev.missive.imap.command.SearchKey}) and FETCH items ({@link dev.missive.imap.command.FetchItem}).
 */
package dev.missive.imap.command;
