package dev.missive.pop3.pop2;

import dev.missive.pop3.Maildrop;
import dev.missive.pop3.MaildropLockedException;
import dev.missive.pop3.Password;
import java.io.IOException;
import java.util.Optional;

/**
 * The host's side of a POP2 server in the common synchronous case: checks HELO's user and password and opens the
 * folders it names (RFC 937), for {@link Pop2HandlerServer}. Folders are {@link Maildrop}s, the same the POP3
 * handler opens, so one store serves both protocols.
 */
public interface Pop2Handler {

  /**
   * Whether {@code password} is right for {@code user} (HELO); compare with {@link Password#matches}.
   *
   * @param user     the user name from HELO
   * @param password the password from HELO
   * @return whether the login succeeds
   */
  boolean login(String user, Password password);

  /**
   * Opens and locks a folder of an authenticated user: the default mailbox ({@code folder} empty, after HELO) or
   * the one FOLD names, in the host's own naming. A folder that does not exist or may not be read should be an
   * empty {@link Maildrop}, which RFC 937 ("FOLD mailbox") reports as {@code #0}; an exception ends the session
   * with {@code -}.
   *
   * @param user   the authenticated user
   * @param folder the folder FOLD named, or empty for the default mailbox
   * @return the folder, locked for this session
   * @throws MaildropLockedException if another session holds it
   * @throws IOException             if the storage fails
   */
  Maildrop open(String user, Optional<String> folder) throws MaildropLockedException, IOException;
}
