package dev.missive.imap.store;

import dev.missive.imap.Flag;
import dev.missive.imap.MailboxAttribute;
import dev.missive.imap.ResponseCode;
import dev.missive.imap.server.MailSession;
import dev.missive.imap.server.MailStore;
import dev.missive.imap.server.StoreException;
import dev.missive.imap.server.StoredMessage;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A thread-safe {@link MailStore} in memory, for tests (RFC 9051 §5.1): users with passwords, each with an
 * {@code INBOX} and the mailboxes their sessions create, messages delivered with {@link #deliver(String, String,
 * byte[])} as an MTA would. Every session of a user sees the others' changes as IMAP requires. UID validities
 * count up from 1 per store, so runs are repeatable; internal dates come from the clock given.
 *
 * <pre>{@code
 * InMemoryMailStore store = new InMemoryMailStore();
 * store.addUser("alice", "secret");
 * store.deliver("alice", "INBOX", "Subject: hi\r\n\r\nhello\r\n".getBytes(StandardCharsets.US_ASCII));
 * ProtocolEngine session = new ImapHandlerServer(store, config, EngineEnvironment.system(), peer);
 * }</pre>
 */
public final class InMemoryMailStore implements MailStore {

  /** The hierarchy delimiter of every user's names. */
  public static final char DELIMITER = '/';

  final Object lock = new Object();
  final Clock clock;
  private final Map<String, byte[]> passwords = new HashMap<>();
  final Map<String, Map<String, MemoryMailbox>> users = new HashMap<>();
  private long nextUidValidity = 1;

  /** A store whose internal dates come from the system clock. */
  public InMemoryMailStore() {
    this(Clock.systemUTC());
  }

  /**
   * A store whose internal dates come from {@code clock}.
   *
   * @param clock the clock of internal dates
   */
  public InMemoryMailStore(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Adds a user with an empty, subscribed {@code INBOX}.
   *
   * @param user     the user name
   * @param password the password
   * @throws IllegalArgumentException if the user exists
   */
  public void addUser(String user, String password) {
    synchronized (lock) {
      if (users.containsKey(user)) {
        throw new IllegalArgumentException("user exists: " + user);
      }
      passwords.put(user, digest(password.toCharArray()));
      users.put(user, new HashMap<>());
      MemoryMailbox inbox = newMailbox("INBOX", List.of());
      inbox.subscribed = true;
      users.get(user).put("INBOX", inbox);
    }
  }

  /**
   * Delivers a message, as an MTA would: the sessions that selected the mailbox learn of it.
   *
   * @param user    the user
   * @param mailbox the mailbox, such as {@code INBOX}
   * @param message the message's octets
   * @return its UID
   * @throws IllegalArgumentException if the user or mailbox does not exist
   */
  public long deliver(String user, String mailbox, byte[] message) {
    synchronized (lock) {
      MemoryMailbox box = mailboxes(user).get(mailbox);
      if (box == null) {
        throw new IllegalArgumentException("no mailbox " + mailbox + " for " + user);
      }
      return box.add(message.clone(), List.of(), OffsetDateTime.now(clock));
    }
  }

  /**
   * The messages of a mailbox now, in UID order.
   *
   * @param user    the user
   * @param mailbox the mailbox
   * @return the messages (their flags as of this call)
   * @throws IllegalArgumentException if the user or mailbox does not exist
   */
  public List<StoredMessage> messages(String user, String mailbox) {
    synchronized (lock) {
      MemoryMailbox box = mailboxes(user).get(mailbox);
      if (box == null) {
        throw new IllegalArgumentException("no mailbox " + mailbox + " for " + user);
      }
      List<StoredMessage> out = new ArrayList<>();
      box.messages.values().forEach(m -> out.add(m.snapshot()));
      return out;
    }
  }

  /**
   * The names of a user's mailboxes.
   *
   * @param user the user
   * @return the names, sorted
   */
  public List<String> mailboxNames(String user) {
    synchronized (lock) {
      return mailboxes(user).keySet().stream().sorted().toList();
    }
  }

  @Override
  public boolean checkPassword(String user, char[] password) {
    byte[] given = digest(password);
    byte[] known;
    boolean exists;
    synchronized (lock) {
      known = passwords.getOrDefault(user, new byte[given.length]);
      exists = passwords.containsKey(user);
    }
    return MessageDigest.isEqual(given, known) && exists; // the same work for unknown users
  }

  @Override
  public MailSession open(String user) throws StoreException {
    synchronized (lock) {
      if (!users.containsKey(user)) {
        throw new StoreException(ResponseCode.NONEXISTENT, "No such user");
      }
    }
    return new MemorySession(this, user);
  }

  Map<String, MemoryMailbox> mailboxes(String user) {
    Map<String, MemoryMailbox> m = users.get(user);
    if (m == null) {
      throw new IllegalArgumentException("no user " + user);
    }
    return m;
  }

  MemoryMailbox newMailbox(String name, List<MailboxAttribute> specialUse) {
    return new MemoryMailbox(this, nextUidValidity++, specialUse);
  }

  private static byte[] digest(char[] password) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(new String(password).getBytes(StandardCharsets.UTF_8));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is in every JDK", e);
    }
  }

  static List<Flag> sorted(java.util.Collection<Flag> flags) {
    List<Flag> out = new ArrayList<>(flags);
    out.sort((a, b) -> a.name().compareToIgnoreCase(b.name()));
    return out;
  }
}
