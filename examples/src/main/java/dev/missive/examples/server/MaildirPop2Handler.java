package dev.missive.examples.server;

import dev.missive.pop3.Maildrop;
import dev.missive.pop3.MaildropEntry;
import dev.missive.pop3.MaildropLockedException;
import dev.missive.pop3.Password;
import dev.missive.pop3.pop2.Pop2Handler;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/**
 * The example server's POP2 storage (RFC 937): the same Maildir INBOX the POP3 port serves, opened and locked through
 * {@link MaildirPop3Handler} (so a POP2 and a POP3 session never hold one user's mailbox at once). The default
 * mailbox and FOLD {@code INBOX} are that INBOX; any other folder does not exist here, which RFC 937 ("FOLD
 * mailbox") reports as {@code #0}. One instance per session.
 */
final class MaildirPop2Handler implements Pop2Handler {

  private final MaildirPop3Handler inbox;

  /** A handler over {@code inbox}, the POP3 handler of the same session. */
  MaildirPop2Handler(MaildirPop3Handler inbox) {
    this.inbox = inbox;
  }

  @Override
  public boolean login(String user, Password password) {
    return inbox.login(user, password, "POP2");
  }

  @Override
  public Maildrop open(String user, Optional<String> folder) throws MaildropLockedException, IOException {
    if (folder.isEmpty() || folder.get().equalsIgnoreCase("INBOX")) {
      return inbox.open(user);
    }
    return new Maildrop() { // a folder this server does not have: empty, nothing to lock or remove
      @Override
      public List<MaildropEntry> messages() {
        return List.of();
      }

      @Override
      public InputStream retrieve(int messageNumber) throws IOException {
        throw new IOException("no message " + messageNumber + " in an empty folder");
      }

      @Override
      public void update(List<Integer> deletedMessages) {
        // nothing was listed, so nothing can have been deleted
      }

      @Override
      public void close() {
        // no lock was taken
      }
    };
  }
}
