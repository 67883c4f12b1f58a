package dev.missive.imap.server;

/**
 * The mailboxes an {@link ImapHandlerServer} serves (RFC 9051 §5.1, §6.3): a synchronous store that checks
 * logins and opens one {@link MailSession} per authenticated session. Implementations are shared by every
 * connection, so they are thread-safe; {@code dev.missive.imap.store.InMemoryMailStore} is one, for tests.
 */
public interface MailStore {

  /**
   * Checks a LOGIN (RFC 9051 §6.2.3). Take the same time for unknown users as for wrong passwords.
   *
   * @param user     the user name as sent
   * @param password the password; the caller clears it afterwards
   * @return whether the user may log in
   */
  boolean checkPassword(String user, char[] password);

  /**
   * Opens the user's mailboxes for one session, after a successful LOGIN or AUTHENTICATE.
   *
   * @param user the authorization identity
   * @return the session's view of the store, closed when the IMAP session ends
   * @throws StoreException if the user's mailboxes cannot be opened (answered {@code NO}, the session ends)
   */
  MailSession open(String user) throws StoreException;
}
