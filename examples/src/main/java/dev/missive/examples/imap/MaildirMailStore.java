package dev.missive.examples.imap;

import dev.missive.examples.maildir.AtomicFiles;
import dev.missive.examples.maildir.Maildir;
import dev.missive.imap.MailboxAttribute;
import dev.missive.imap.ResponseCode;
import dev.missive.imap.server.MailSession;
import dev.missive.imap.server.MailStore;
import dev.missive.imap.server.StoreException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The example server's IMAP store (RFC 9051 §5.1): each user's Maildir of the SMTP and POP3 sides, with its Maildir++
 * folders ({@link FolderNames}: {@code A/B} is {@code .A.B}), flags in the file names' info ({@code :2,DFRST} and
 * keyword letters), UIDVALIDITY and UIDs kept per folder across restarts and crashes, and subscriptions. At a user's
 * first login Sent, Drafts, Trash and Junk are made with their special uses (RFC 6154 §2) and subscribed.
 *
 * <p>The folders are shared by every session of this process: what one session changes is reported to the others
 * at once; what other programs change (a delivery through {@link Maildir}, a POP3 session's deletions, a mail reader
 * working on the files) is found when a session looks ({@code NOOP}, any command, each IDLE poll), and
 * {@link #delivered(String)} makes the SMTP side's deliveries known as they are committed. Two processes serving
 * IMAP on the same Maildir are not supported (each keeps its own UID state).
 */
public final class MaildirMailStore implements MailStore {

  private static final Logger LOG = LoggerFactory.getLogger(MaildirMailStore.class);
  /** The file whose presence says the user's special-use folders were made. */
  static final String PROVISIONED = "missive-imap-provisioned";
  /** The file of the last UIDVALIDITY given in the user's Maildir. */
  static final String UIDVALIDITY = "missive-uidvalidity";
  private static final Map<String, MailboxAttribute> SPECIAL = specialFolders();

  /** Who may log in, and the Maildir name of each. */
  public interface Accounts {
    /**
     * Checks a password, taking the same time for unknown users.
     *
     * @param user     the name as the client sent it
     * @param password the password
     * @return whether it is right
     */
    boolean check(String user, char[] password);

    /**
     * The user's Maildir name.
     *
     * @param user the name as the client sent it
     * @return the name of the user's Maildir, or empty for an unknown user
     */
    Optional<String> canonical(String user);
  }

  private final Maildir maildir;
  private final Accounts accounts;
  private final Map<Path, Folder> folders = new ConcurrentHashMap<>();
  private final Map<Path, Object> userLocks = new ConcurrentHashMap<>();
  /** Held alone (never while taking another lock): folder scans ask for UIDVALIDITYs under their own locks. */
  private final Object validityLock = new Object();

  /**
   * A store over the users' Maildirs.
   *
   * @param maildir  the Maildir tree the SMTP side delivers into
   * @param accounts the users and their passwords
   */
  public MaildirMailStore(Maildir maildir, Accounts accounts) {
    this.maildir = maildir;
    this.accounts = accounts;
  }

  private static Map<String, MailboxAttribute> specialFolders() {
    Map<String, MailboxAttribute> m = new LinkedHashMap<>();
    m.put("Sent", MailboxAttribute.SENT);
    m.put("Drafts", MailboxAttribute.DRAFTS);
    m.put("Trash", MailboxAttribute.TRASH);
    m.put("Junk", MailboxAttribute.JUNK);
    return m;
  }

  @Override
  public boolean checkPassword(String user, char[] password) {
    return accounts.check(user, password);
  }

  @Override
  public MailSession open(String user) throws StoreException {
    String name = accounts.canonical(user)
        .orElseThrow(() -> new StoreException(ResponseCode.NONEXISTENT, "No such user"));
    try {
      Path root = maildir.mailbox(name);
      MaildirSession session = new MaildirSession(this, name, root);
      synchronized (userLock(root)) {
        if (!Files.exists(root.resolve(PROVISIONED))) {
          provision(session, root);
        }
      }
      return session;
    } catch (IOException e) {
      throw MaildirSession.failed("LOGIN", e);
    }
  }

  /** RFC 6154 §2: the folders mail clients look for, made once, on the user's first login. */
  private void provision(MaildirSession session, Path root) throws IOException, StoreException {
    Set<String> have = Set.copyOf(session.mailboxes().stream().map(m -> m.name()).toList());
    session.subscribe("INBOX", true);
    for (Map.Entry<String, MailboxAttribute> e : SPECIAL.entrySet()) {
      if (!have.contains(e.getKey())) {
        session.create(e.getKey(), List.of(e.getValue()));
      }
      session.subscribe(e.getKey(), true);
    }
    AtomicFiles.replace(root.resolve(PROVISIONED), new byte[0]);
  }

  /**
   * Tells the sessions that selected the user's INBOX of a delivery (the SMTP side calls this through
   * {@link Maildir#onDelivery}), so it gets its UID and reaches IDLE clients at their next poll.
   *
   * @param user the user's Maildir name
   */
  public void delivered(String user) {
    try {
      Folder inbox = folders.get(maildir.mailbox(user).toAbsolutePath().normalize()); // the key folder() uses
      if (inbox != null) {
        inbox.scan();
      }
    } catch (IOException | RuntimeException e) {
      LOG.warn("cannot scan the INBOX of {} after a delivery: {}", user, e.toString());
    }
  }

  /** The shared folder of a directory. */
  Folder folder(Path dir) {
    return folders.computeIfAbsent(dir.toAbsolutePath().normalize(), d -> new Folder(d, () -> newUidValidity(d)));
  }

  /** Forgets a folder whose directory was deleted or renamed (and those below it): the next use reads the disk. */
  void forget(Path dir) {
    String prefix = dir.toAbsolutePath().normalize().toString();
    folders.keySet().removeIf(p -> p.toString().equals(prefix) || p.toString().startsWith(prefix + "."));
  }

  /** The lock of one user's folder tree. */
  Object userLock(Path root) {
    return userLocks.computeIfAbsent(root.toAbsolutePath().normalize(), r -> new Object());
  }

  /** {@return a new unique Maildir file name} */
  String uniqueName() {
    return maildir.uniqueName();
  }

  /**
   * A UIDVALIDITY for a folder that has none yet (RFC 9051 §2.3.1.1: never one the folder had before): the time in
   * seconds, or one more than the last given in the user's Maildir if that is not below it, recorded durably first.
   */
  private long newUidValidity(Path folderDir) {
    Path root = Files.exists(folderDir.resolve("maildirfolder")) ? folderDir.getParent() : folderDir;
    Path file = root.resolve(UIDVALIDITY);
    synchronized (validityLock) {
      try {
        long last = 0;
        try {
          last = Long.parseLong(Files.readString(file, StandardCharsets.US_ASCII).trim());
        } catch (NoSuchFileException | NumberFormatException none) {
          // the first folder, or a damaged record: the clock is above any value given before
        }
        long now = System.currentTimeMillis() / 1000;
        long v = Math.max(now, last + 1) & 0xFFFF_FFFFL;
        v = v == 0 ? 1 : v;
        AtomicFiles.replace(file, (v + "\n").getBytes(StandardCharsets.US_ASCII));
        return v;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
