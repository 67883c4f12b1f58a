/**
 * A {@link dev.missive.imap.server.MailStore} in memory ({@link dev.missive.imap.store.InMemoryMailStore}), for tests
 * of IMAP clients and of applications that read mail, as GreenMail is used.
 */
package dev.missive.imap.store;
