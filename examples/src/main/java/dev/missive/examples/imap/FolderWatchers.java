package dev.missive.examples.imap;

import dev.missive.imap.mailbox.UidSet;
import dev.missive.imap.server.MailboxListener;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The sessions that selected one {@link Folder}, in the order they selected it, and the messages {@code \Recent} to
 * each (RFC 3501 §2.3.2: recent to the first session told of a message, which a read-only session does not take
 * from later ones). Called under the folder's lock.
 */
final class FolderWatchers {

  /** One session's selection: what it is told through, and the messages {@code \Recent} to it. */
  static final class Watcher {
    private final MailboxListener listener;
    private final Object owner;
    private final boolean readOnly;
    private final UidSet recent = new UidSet();

    private Watcher(MailboxListener listener, Object owner, boolean readOnly) {
      this.listener = listener;
      this.owner = owner;
      this.readOnly = readOnly;
    }

    /** {@return whether the message is {@code \Recent} to this session} */
    synchronized boolean isRecent(long uid) {
      return recent.contains(uid);
    }

    synchronized void addRecent(long uid) {
      recent.add(uid);
    }
  }

  private final List<Watcher> watchers = new CopyOnWriteArrayList<>();

  /**
   * Adds a session.
   *
   * @param listener what it is told through
   * @param owner    its open mailbox, which {@link #unwatch} names
   * @param readOnly whether it selected with EXAMINE (it then takes no message's {@code \Recent} from others)
   * @return its selection
   */
  Watcher watch(MailboxListener listener, Object owner, boolean readOnly) {
    Watcher w = new Watcher(listener, owner, readOnly);
    watchers.add(w);
    return w;
  }

  void unwatch(Object owner) {
    watchers.removeIf(w -> w.owner == owner);
  }

  /** Tells every session but {@code owner}'s (every one when it is null). */
  void tell(Object owner, Consumer<MailboxListener> report) {
    for (Watcher w : watchers) {
      if (owner == null || w.owner != owner) {
        report.accept(w.listener);
      }
    }
  }

  /**
   * Tells every session of arrivals, in UID order: a message from {@code firstRecent} on is {@code \Recent} to the
   * sessions up to and including the first read-write one (RFC 3501 §2.3.2).
   *
   * @param uids        the new messages' UIDs, ascending
   * @param firstRecent the lowest UID no read-write session was told of yet
   * @return whether a read-write session was told, so the messages are no longer recent to anyone else
   */
  boolean announce(List<Long> uids, long firstRecent) {
    boolean claimed = false;
    for (Watcher w : watchers) {
      for (long uid : uids) {
        boolean recent = !claimed && uid >= firstRecent;
        if (recent) {
          w.addRecent(uid);
        }
        w.listener.messageAdded(uid, recent);
      }
      claimed |= !w.readOnly;
    }
    return claimed;
  }
}
