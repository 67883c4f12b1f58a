package dev.missive.examples.imap;

import dev.missive.imap.Flag;
import dev.missive.imap.MailboxAttribute;
import dev.missive.imap.ResponseCode;
import dev.missive.imap.mailbox.UidSet;
import dev.missive.imap.server.MailSession;
import dev.missive.imap.server.MailboxCounts;
import dev.missive.imap.server.MailboxInfo;
import dev.missive.imap.server.MailboxListener;
import dev.missive.imap.server.MessageSink;
import dev.missive.imap.server.OpenMailbox;
import dev.missive.imap.server.StoreException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One user's Maildir++ for one IMAP session (RFC 9051 §6.3): mailbox names checked by {@link FolderNames} before
 * any path is made of them, folders in a {@link FolderTree}, messages in the {@link Folder}s the store shares among
 * sessions, subscriptions in {@link Subscriptions}. CREATE makes missing parents; DELETE refuses INBOX and folders
 * with children ({@code HASCHILDREN}); RENAME moves the children along, and of INBOX moves its messages (RFC 9051
 * §6.3.4–§6.3.6). Changes to the folder tree of one user are made one at a time.
 */
final class MaildirSession implements MailSession {

  private static final Logger LOG = LoggerFactory.getLogger(MaildirSession.class);

  private final MaildirMailStore store;
  private final String user;
  private final FolderTree tree;
  private final Subscriptions subscriptions;
  private final Object lock;

  MaildirSession(MaildirMailStore store, String user, Path root) {
    this.store = store;
    this.user = user;
    this.tree = new FolderTree(root, store::uniqueName);
    this.subscriptions = new Subscriptions(root);
    this.lock = store.userLock(root);
  }

  /** A storage failure, logged here and answered {@code NO [SERVERBUG]}: the client learns nothing of paths. */
  static StoreException failed(String what, IOException e) {
    LOG.warn("{} failed in the Maildir: {}", what, e.toString());
    return new StoreException(ResponseCode.SERVERBUG, what + " failed in the server's storage");
  }

  private static String checked(String name) throws StoreException {
    Optional<String> problem = FolderNames.problem(name);
    if (problem.isPresent()) {
      throw new StoreException(ResponseCode.CANNOT, "Refused mailbox name: " + problem.get());
    }
    return FolderNames.isInbox(name) ? "INBOX" : name;
  }

  /** The shared folder of an existing mailbox, or a refusal with {@code code}. */
  Folder existingFolder(String name, ResponseCode code) throws StoreException {
    String n = checked(name);
    if (!tree.exists(n)) {
      throw new StoreException(code, "No such mailbox");
    }
    return store.folder(tree.dir(n));
  }

  @Override
  public Optional<Character> delimiter() {
    return Optional.of(FolderNames.DELIMITER);
  }

  @Override
  public List<MailboxInfo> mailboxes() {
    synchronized (lock) {
      try {
        Set<String> subscribed = subscriptions.names();
        Map<String, List<MailboxAttribute>> all = new LinkedHashMap<>();
        all.put("INBOX", List.of());
        for (String n : tree.names()) {
          all.put(n, tree.specialUse(n));
        }
        for (String n : List.copyOf(all.keySet())) { // Maildir++ may hold .A.B without .A
          for (int i = n.indexOf('/'); i > 0; i = n.indexOf('/', i + 1)) {
            all.putIfAbsent(n.substring(0, i), List.of(MailboxAttribute.NOSELECT));
          }
        }
        List<MailboxInfo> out = new ArrayList<>();
        all.forEach((n, attrs) -> out.add(new MailboxInfo(n, attrs, subscribed.contains(n))));
        for (String s : subscribed) { // RFC 9051 §6.3.9: subscribed names that do not exist are listed too
          if (!all.containsKey(s)) {
            out.add(new MailboxInfo(s, List.of(MailboxAttribute.NONEXISTENT), true));
          }
        }
        return out;
      } catch (IOException e) {
        LOG.warn("cannot list the folders of {}: {}", user, e.toString());
        return List.of(new MailboxInfo("INBOX", List.of(), true));
      }
    }
  }

  @Override
  public void create(String name, List<MailboxAttribute> specialUse) throws StoreException {
    String n = checked(name.endsWith("/") ? name.substring(0, name.length() - 1) : name);
    for (MailboxAttribute a : specialUse) {
      if (!a.isSpecialUse()) {
        throw new StoreException(new ResponseCode.Atom("USEATTR"), "Not a special use"); // RFC 6154 §3
      }
    }
    synchronized (lock) {
      if (FolderNames.isInbox(n) || tree.exists(n)) {
        throw new StoreException(ResponseCode.ALREADYEXISTS, "Mailbox already exists");
      }
      try {
        for (int i = n.indexOf('/'); i > 0; i = n.indexOf('/', i + 1)) {
          String parent = n.substring(0, i);
          if (!FolderNames.isInbox(parent) && !tree.exists(parent)) {
            tree.make(parent, List.of());
          }
        }
        tree.make(n, specialUse);
      } catch (IOException e) {
        throw failed("CREATE", e);
      }
    }
  }

  @Override
  public void delete(String name) throws StoreException {
    String n = checked(name);
    synchronized (lock) {
      if (FolderNames.isInbox(n)) {
        throw new StoreException(ResponseCode.CANNOT, "INBOX cannot be deleted");
      }
      existingFolder(n, ResponseCode.NONEXISTENT);
      try {
        if (tree.names().stream().anyMatch(k -> k.startsWith(n + "/"))) {
          throw new StoreException(ResponseCode.HASCHILDREN, "Mailbox has children");
        }
        tree.remove(n);
      } catch (IOException e) {
        throw failed("DELETE", e);
      }
      store.forget(tree.dir(n));
    }
  }

  @Override
  public void rename(String from, String to) throws StoreException {
    String f = checked(from);
    String t = checked(to);
    synchronized (lock) {
      Folder source = existingFolder(f, ResponseCode.NONEXISTENT);
      if (FolderNames.isInbox(t) || tree.exists(t)) {
        throw new StoreException(ResponseCode.ALREADYEXISTS, "Mailbox already exists");
      }
      if (t.startsWith(f + "/")) {
        throw new StoreException(ResponseCode.CANNOT, "A mailbox cannot move below itself");
      }
      try {
        if (FolderNames.isInbox(f)) { // RFC 9051 §6.3.6: INBOX's messages move, INBOX stays, empty
          create(t, List.of());
          Path target = tree.dir(t);
          for (String sub : new String[] {"new", "cur"}) {
            try (var files = Files.newDirectoryStream(source.dir().resolve(sub))) {
              for (Path m : files) {
                Files.move(m, target.resolve(sub).resolve(m.getFileName()), StandardCopyOption.ATOMIC_MOVE);
              }
            }
          }
          source.scan();
          return;
        }
        for (int i = t.indexOf('/'); i > 0; i = t.indexOf('/', i + 1)) {
          String parent = t.substring(0, i);
          if (!FolderNames.isInbox(parent) && !tree.exists(parent)) {
            tree.make(parent, List.of());
          }
        }
        tree.rename(f, t).forEach(store::forget);
      } catch (IOException e) {
        throw failed("RENAME", e);
      }
    }
  }

  @Override
  public void subscribe(String name, boolean subscribe) throws StoreException {
    String n = checked(name);
    synchronized (lock) {
      try {
        subscriptions.set(Set.of(n), subscribe);
      } catch (IOException e) {
        throw failed(subscribe ? "SUBSCRIBE" : "UNSUBSCRIBE", e);
      }
    }
  }

  @Override
  public MailboxCounts status(String name) throws StoreException {
    Folder folder = existingFolder(name, ResponseCode.NONEXISTENT);
    try {
      folder.refresh();
      return folder.counts();
    } catch (IOException e) {
      throw failed("STATUS", e);
    }
  }

  @Override
  public OpenMailbox select(String name, boolean readOnly, MailboxListener listener) throws StoreException {
    Folder folder = existingFolder(name, ResponseCode.NONEXISTENT);
    try {
      folder.refresh();
    } catch (IOException e) {
      throw failed("SELECT", e);
    }
    return new MaildirOpenMailbox(this, folder, listener, readOnly);
  }

  @Override
  public MessageSink startAppend(String mailbox, List<Flag> flags, Optional<OffsetDateTime> date, long size)
      throws StoreException {
    Folder folder = existingFolder(mailbox, ResponseCode.TRYCREATE);
    try {
      return new AppendSink(folder.dir(), store.uniqueName(), flags,
          date.map(d -> FileTime.from(d.toInstant())));
    } catch (IOException e) {
      throw failed("APPEND", e);
    }
  }

  @Override
  public ResponseCode.AppendUid commitAppend(String mailbox, List<MessageSink> messages) throws StoreException {
    Folder folder = existingFolder(mailbox, ResponseCode.TRYCREATE);
    List<PreparedMessage> prepared = new ArrayList<>();
    try {
      for (MessageSink m : messages) {
        prepared.add(((AppendSink) m).prepare());
      }
      long[] uids = folder.add(prepared, this);
      UidSet set = new UidSet();
      for (long u : uids) {
        set.add(u);
      }
      return new ResponseCode.AppendUid(folder.uidValidity(), set.toSequenceSet());
    } catch (IOException e) {
      prepared.forEach(PreparedMessage::discard);
      messages.forEach(MessageSink::discard);
      throw failed("APPEND", e);
    } catch (StoreException e) {
      prepared.forEach(PreparedMessage::discard);
      throw e;
    }
  }

  /**
   * A copy of a message in {@code to}'s {@code tmp/}: a hard link where the file system allows (messages are never
   * changed in place), else a copy forced to disk; the internal date (modification time) goes along.
   */
  PreparedMessage linkInto(Folder to, Path message, Set<Flag> flags) throws IOException {
    String unique = store.uniqueName();
    Path tmp = to.dir().resolve("tmp").resolve(unique);
    try {
      Files.createLink(tmp, message);
    } catch (UnsupportedOperationException | FileSystemException noLink) {
      Files.copy(message, tmp, StandardCopyOption.COPY_ATTRIBUTES);
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        ch.force(true);
      }
    }
    return new PreparedMessage(tmp, unique, Files.size(tmp), flags, Optional.empty());
  }

  @Override
  public void close() {
    // the shared folders stay with the store
  }
}
