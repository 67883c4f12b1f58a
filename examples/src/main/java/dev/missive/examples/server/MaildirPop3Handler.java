package dev.missive.examples.server;

import dev.missive.examples.maildir.Maildir;
import dev.missive.examples.maildir.MaildirMessage;
import dev.missive.pop3.Maildrop;
import dev.missive.pop3.MaildropEntry;
import dev.missive.pop3.MaildropLockedException;
import dev.missive.pop3.Password;
import dev.missive.pop3.server.Pop3Handler;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The example server's POP3 storage: each user's Maildir as a maildrop (RFC 1939 §8), locked for one session at a
 * time ({@code -ERR [IN-USE]} for a second, RFC 2449 §8.1.1), the Maildir unique name as UIDL, the CRLF size as the
 * size, and deletions applied only when the session reaches the UPDATE state. One instance per session.
 */
final class MaildirPop3Handler implements Pop3Handler {

  private static final Logger LOG = LoggerFactory.getLogger(MaildirPop3Handler.class);
  private static final Set<String> LOCKED = ConcurrentHashMap.newKeySet();

  private final Maildir maildir;
  private final Users users;
  private final String sessionId;

  /** The handler of one POP3 session, whose id starts its log lines. */
  MaildirPop3Handler(Maildir maildir, Users users, String sessionId) {
    this.maildir = maildir;
    this.users = users;
    this.sessionId = sessionId;
  }

  @Override
  public boolean login(String user, Password password) {
    return login(user, password, "POP3");
  }

  /** Checks a login of {@code protocol} (POP3, or POP2 through {@link MaildirPop2Handler}) and logs it. */
  boolean login(String user, Password password, String protocol) {
    boolean ok = users.check(user, password.toBytes());
    LOG.info("{} {} login of {} {}", sessionId, protocol, user, ok ? "accepted" : "refused"); // never the password
    return ok;
  }

  @Override
  public Optional<Password> apopSecret(String user) {
    return users.secret(user).map(Password::ofBytes);
  }

  @Override
  public Maildrop open(String user) throws MaildropLockedException, IOException {
    String name = users.canonical(user).orElseThrow(() -> new IOException("no such user"));
    if (!LOCKED.add(name)) {
      throw new MaildropLockedException("maildrop of " + name + " is in use");
    }
    try {
      return new MaildirDrop(name, maildir.list(name));
    } catch (IOException | RuntimeException e) {
      LOCKED.remove(name);
      throw e;
    }
  }

  /** One locked session's view of a Maildir, fixed when the session opened it (RFC 1939 §5). */
  private final class MaildirDrop implements Maildrop {
    private final String user;
    private final List<MaildirMessage> messages;

    MaildirDrop(String user, List<MaildirMessage> messages) {
      this.user = user;
      this.messages = messages;
    }

    @Override
    public List<MaildropEntry> messages() {
      return messages.stream().map(m -> new MaildropEntry(m.crlfSize(), m.uniqueName())).toList();
    }

    @Override
    public InputStream retrieve(int messageNumber) throws IOException {
      return maildir.open(messages.get(messageNumber - 1));
    }

    @Override
    public void update(List<Integer> deletedMessages) throws IOException {
      for (int n : deletedMessages) {
        maildir.delete(messages.get(n - 1));
      }
    }

    @Override
    public void close() {
      LOCKED.remove(user);
    }
  }
}
