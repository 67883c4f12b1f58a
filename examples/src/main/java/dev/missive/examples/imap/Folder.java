package dev.missive.examples.imap;

import dev.missive.examples.maildir.AtomicFiles;
import dev.missive.imap.Flag;
import dev.missive.imap.command.StoreAction;
import dev.missive.imap.mailbox.UidSet;
import dev.missive.imap.server.FlagChange;
import dev.missive.imap.server.MailboxCounts;
import dev.missive.imap.server.MailboxListener;
import dev.missive.imap.server.SelectedMailbox;
import dev.missive.imap.server.StoreException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * One Maildir folder as the IMAP sessions of this process share it (RFC 9051 §2.3.1.1, §5.2): its messages by UID,
 * their flags read from the file names, and the sessions that selected it. The directory is the truth: a scan lists
 * {@code new/} and {@code cur/}, gives the messages it has not seen the next UIDs ({@link UidList}, durable before
 * anyone hears of them), and reports what other programs did (a delivery, a POP3 deletion, a mail reader's rename)
 * to every listener. Changes made here (flags by renaming into {@code cur/}, expunges by deleting, appends by
 * renaming from {@code tmp/}) are durable before the method returns and reported to the other sessions. Each
 * change also gets its mod-sequence (RFC 7162) in the folder's {@link ModSeqLog}, durable before anyone is told.
 *
 * <p>All methods hold the folder's lock; no method takes another folder's. What the folder knows is its
 * {@link FolderIndex}, who selected it its {@link FolderWatchers}.
 */
final class Folder {

  /** A message: its UID, the sub-directory it is in ({@code new} or {@code cur}) and its file name. */
  record Entry(long uid, String sub, String fileName, MessageName name) {
    Entry(long uid, String sub, String fileName) {
      this(uid, sub, fileName, MessageName.parse(fileName));
    }

    Entry numbered(long newUid) {
      return new Entry(newUid, sub, fileName, name);
    }
  }

  private static final long MTIME_GRANULARITY_MILLIS = 1000;

  private final Path dir;
  private final LongSupplier newValidity;
  private final FolderWatchers watchers = new FolderWatchers();
  /** What the folder knows of its messages, read at the first scan. */
  private FolderIndex index;
  private FileTime newSeen;
  private FileTime curSeen;
  private long scannedAt;

  Folder(Path dir, LongSupplier newValidity) {
    this.dir = dir;
    this.newValidity = newValidity;
  }

  /** {@return the folder's directory} */
  Path dir() {
    return dir;
  }

  /**
   * A session selects the folder: the messages no read-write session was told of are {@code \Recent} to it, and a
   * read-write session takes them (RFC 3501 §2.3.2), moving them from {@code new/} to {@code cur/}.
   *
   * @param listener what the session is told through
   * @param owner    its open mailbox
   * @param readOnly whether it selected with EXAMINE
   * @return its selection, which knows the messages recent to it
   */
  synchronized FolderWatchers.Watcher watch(MailboxListener listener, Object owner, boolean readOnly) {
    FolderWatchers.Watcher w = watchers.watch(listener, owner, readOnly);
    index.byUid.tailMap(index.firstRecent, true).keySet().forEach(w::addRecent);
    if (!readOnly) {
      claim();
    }
    return w;
  }

  synchronized void unwatch(Object owner) {
    watchers.unwatch(owner);
  }

  /**
   * A read-write session was told of every message there is: none is recent to a later session, and those still in
   * {@code new/} move to {@code cur/} (the Maildir convention: {@code cur/} holds the messages a reader has seen).
   * A move that fails leaves the message in {@code new/}, recent again after a restart. Only messages from the old
   * {@link FolderIndex#firstRecent} on can be in {@code new/}: selecting a large folder already seen costs nothing.
   */
  private void claim() {
    long from = index.firstRecent;
    index.firstRecent = index.uids.next();
    List<Entry> moved = new ArrayList<>();
    for (Entry e : index.byUid.tailMap(from, true).values()) {
      if (e.sub().equals("new")) {
        Entry seen = new Entry(e.uid(), "cur", e.name().withInfo(e.name().info()));
        try {
          Files.move(path(e), path(seen), StandardCopyOption.ATOMIC_MOVE);
          moved.add(seen);
        } catch (IOException changedElsewhere) {
          // renamed or deleted by another program: the next scan sees where it went
        }
      }
    }
    if (!moved.isEmpty()) {
      AtomicFiles.forceDirectory(dir.resolve("cur"));
      AtomicFiles.forceDirectory(dir.resolve("new"));
      for (Entry e : moved) {
        index.byUnique.put(e.name().unique(), e);
        index.byUid.put(e.uid(), e);
      }
    }
  }

  /** Scans the directory if it may have changed since the last scan (a cheap check of two modification times). */
  synchronized void refresh() throws IOException {
    if (index != null && newSeen != null && newSeen.equals(mtime("new")) && curSeen.equals(mtime("cur"))
        && scannedAt - Math.max(newSeen.toMillis(), curSeen.toMillis()) > MTIME_GRANULARITY_MILLIS) {
      return;
    }
    scan();
  }

  /** Lists the directory and reports what others changed to every session; new messages get their UIDs. */
  synchronized void scan() throws IOException {
    if (index == null) {
      index = new FolderIndex(dir, newValidity);
    }
    scannedAt = System.currentTimeMillis();
    newSeen = mtime("new");
    curSeen = mtime("cur");
    Map<String, Entry> found = FolderListing.list(dir);
    List<Entry> gone = new ArrayList<>();
    List<Entry> renamed = new ArrayList<>();
    List<Entry> reflagged = new ArrayList<>();
    for (Entry e : index.byUid.values()) {
      Entry now = found.remove(e.name().unique());
      if (now == null) {
        gone.add(e);
      } else if (!now.fileName().equals(e.fileName()) || !now.sub().equals(e.sub())) {
        Entry moved = now.numbered(e.uid());
        renamed.add(moved);
        if (!index.keywords.flags(moved.name().info()).equals(index.keywords.flags(e.name().info()))) {
          reflagged.add(moved);
        }
      }
    }
    List<Entry> fresh = new ArrayList<>(found.values());
    fresh.sort((a, b) -> a.name().unique().compareTo(b.name().unique()));
    List<String> unnumbered = new ArrayList<>();
    for (Entry e : fresh) {
      if (index.uids.uid(e.name().unique()) == 0 || index.uids.uid(e.name().unique()) < index.firstNewUid()) {
        unnumbered.add(e.name().unique());
      }
    }
    long[] given = index.uids.assign(unnumbered); // one append and one force for the whole batch
    Map<String, Long> numbers = new HashMap<>();
    for (int i = 0; i < given.length; i++) {
      numbers.put(unnumbered.get(i), given[i]);
    }
    List<Entry> added = new ArrayList<>();
    for (Entry e : fresh) {
      added.add(e.numbered(numbers.getOrDefault(e.name().unique(), index.uids.uid(e.name().unique()))));
    }
    added.sort((a, b) -> Long.compare(a.uid(), b.uid()));
    List<Entry> present = new ArrayList<>(renamed);
    present.addAll(added);
    Map<Long, Long> expungedAt = index.record(gone, present); // durable before anyone is told
    expungedAt.forEach((uid, modSeq) -> watchers.tell(null, w -> w.messageExpunged(uid, modSeq)));
    for (Entry e : reflagged) {
      List<Flag> flags = sorted(flags(e));
      long modSeq = index.mods.modSeq(e.uid());
      watchers.tell(null, w -> w.flagsChanged(e.uid(), flags, modSeq));
    }
    if (index.firstRecent == 0) { // the folder is read: what is in new/ was never seen
      index.firstRecent = index.byUid.values().stream().filter(e -> e.sub().equals("new")).mapToLong(Entry::uid).min()
          .orElse(index.uids.next());
    }
    announce(added);
    index.uids.retain(index.byUnique.keySet());
  }

  /** Tells every session of arrivals, {@code \Recent} to the first read-write one, which takes them. */
  private void announce(List<Entry> added) {
    if (watchers.announce(added.stream().map(Entry::uid).toList(), index.firstRecent)) {
      claim();
    }
  }

  /** {@return the folder as {@code selection}'s session sees it now} */
  synchronized SelectedMailbox snapshot(FolderWatchers.Watcher selection) {
    return index.snapshot(selection::isRecent);
  }

  synchronized MailboxCounts counts() {
    return index.counts(this::sizeOnDisk);
  }

  private long sizeOnDisk(Entry e) {
    try {
      return Files.size(path(e));
    } catch (IOException gone) {
      return 0;
    }
  }

  /** {@return the message with this UID now, or null} */
  synchronized Entry entry(long uid) {
    return index.byUid.get(uid);
  }

  /** {@return the message's file now} */
  Path path(Entry e) {
    return dir.resolve(e.sub()).resolve(e.fileName());
  }

  synchronized Set<Flag> flags(Entry e) {
    return index.flags(e);
  }

  /**
   * STORE (RFC 9051 §6.4.6): renames the message into {@code cur/} with the new flag letters, durably.
   *
   * @return the flags now, or null when the message is gone
   */
  synchronized List<Flag> store(long uid, StoreAction action, List<Flag> change, Object owner)
      throws IOException, StoreException {
    for (int attempt = 0; attempt < 2; attempt++) {
      Entry e = index.byUid.get(uid);
      if (e == null) {
        return null;
      }
      Set<Flag> before = flags(e);
      Set<Flag> now = new LinkedHashSet<>(action == StoreAction.REPLACE ? List.of() : before);
      for (Flag c : change) { // keywords are case-insensitive (RFC 9051 §2.3.2): one spelling per flag
        now.removeIf(f -> f.name().equalsIgnoreCase(c.name()));
        if (action != StoreAction.REMOVE) {
          now.add(c);
        }
      }
      now.remove(Flag.RECENT); // RFC 3501 §2.3.2: \Recent is the server's
      if (now.equals(before) && e.sub().equals("cur")) {
        return sorted(now);
      }
      Entry renamed = new Entry(uid, "cur", e.name().withInfo(index.keywords.info(now, e.name().info())));
      try {
        Files.move(path(e), path(renamed), StandardCopyOption.ATOMIC_MOVE);
      } catch (NoSuchFileException changedElsewhere) {
        scan(); // renamed or deleted by another program: try again with its name now
        continue;
      }
      AtomicFiles.forceDirectory(dir.resolve("cur"));
      if (e.sub().equals("new")) {
        AtomicFiles.forceDirectory(dir.resolve("new"));
      }
      index.record(List.of(), List.of(renamed));
      List<Flag> result = sorted(now);
      if (!now.equals(before)) {
        long modSeq = index.mods.modSeq(uid);
        watchers.tell(owner, w -> w.flagsChanged(uid, result, modSeq));
      }
      return result;
    }
    return index.byUid.containsKey(uid) ? sorted(flags(index.byUid.get(uid))) : null;
  }

  /**
   * EXPUNGE (RFC 9051 §6.4.3) of the messages flagged {@code \Deleted}, or MOVE's removal of {@code only} (then
   * whatever their flags): the files are deleted, durably, and the other sessions told.
   *
   * @param only    the UIDs to consider, or empty for all
   * @param deleted whether only messages flagged {@code \Deleted} go
   * @return the UIDs removed, ascending
   */
  synchronized List<Long> remove(Optional<UidSet> only, boolean deleted, Object owner) throws IOException {
    List<Entry> gone = new ArrayList<>();
    Set<String> dirs = new LinkedHashSet<>();
    for (Entry e : index.byUid.values()) {
      if ((only.isEmpty() || only.get().contains(e.uid())) && (!deleted || flags(e).contains(Flag.DELETED))) {
        gone.add(e);
      }
    }
    for (Entry e : gone) {
      Files.deleteIfExists(path(e)); // already gone: another program expunged it, the same outcome
      dirs.add(e.sub());
    }
    dirs.forEach(d -> AtomicFiles.forceDirectory(dir.resolve(d)));
    Map<Long, Long> expungedAt = index.record(gone, List.of());
    List<Long> removed = gone.stream().map(Entry::uid).toList();
    expungedAt.forEach((uid, modSeq) -> watchers.tell(owner, w -> w.messageExpunged(uid, modSeq)));
    index.uids.retain(index.byUnique.keySet());
    return removed;
  }

  /**
   * Adds messages written into {@code tmp/} (APPEND, the copies of COPY and MOVE), all or none: their UIDs are
   * recorded first (durably: a crash afterwards never gives them to other messages), then each file is renamed into
   * {@code cur/} with its flags, and {@code cur/} forced. Every session that selected the folder is told.
   *
   * @return the UIDs given, in order
   */
  synchronized long[] add(List<PreparedMessage> messages, Object owner) throws IOException, StoreException {
    scan(); // messages others delivered get their UIDs first, so these are the highest
    List<Entry> entries = new ArrayList<>();
    for (PreparedMessage p : messages) {
      String base = p.unique() + ",S=" + p.size();
      entries.add(new Entry(0, "cur", base + ":2," + index.keywords.info(p.flags(), "")));
    }
    long[] given = index.uids.assign(entries.stream().map(e -> e.name().unique()).toList());
    List<Path> moved = new ArrayList<>();
    try {
      for (int i = 0; i < messages.size(); i++) {
        PreparedMessage p = messages.get(i);
        Entry e = entries.get(i).numbered(given[i]);
        if (p.internalDate().isPresent()) {
          Files.setLastModifiedTime(p.tmp(), p.internalDate().get());
        }
        Files.move(p.tmp(), path(e), StandardCopyOption.ATOMIC_MOVE);
        moved.add(path(e));
        entries.set(i, e);
      }
      AtomicFiles.forceDirectory(dir.resolve("cur"));
    } catch (IOException e) {
      for (Path m : moved) {
        Files.deleteIfExists(m);
      }
      throw e;
    }
    index.record(List.of(), entries);
    announce(entries);
    return given;
  }

  /** {@return the folder's UIDVALIDITY} */
  synchronized long uidValidity() {
    return index.uids.uidValidity();
  }

  /** {@return a message's mod-sequence, 0 when unknown} */
  synchronized long modSeq(long uid) {
    return index.mods.modSeq(uid);
  }

  /** {@return the folder's highest mod-sequence} */
  synchronized long highestModSeq() {
    return index.mods.highest();
  }

  /** {@return the UIDs expunged after {@code modSeq}, if still remembered (RFC 7162 §3.2.5.1)} */
  synchronized Optional<UidSet> expungedSince(long modSeq) {
    return index.mods.expungedSince(modSeq);
  }

  /**
   * STORE with UNCHANGEDSINCE (RFC 7162 §3.1.3): the test and the change under the folder's lock.
   *
   * @return what became of the message, or null when it is gone
   */
  synchronized FlagChange store(long uid, StoreAction action, List<Flag> change, OptionalLong unchangedSince,
                                Object owner) throws IOException, StoreException {
    Entry e = index.byUid.get(uid);
    if (e != null && unchangedSince.isPresent() && index.mods.modSeq(uid) > unchangedSince.getAsLong()) {
      return FlagChange.modifiedSince(sorted(flags(e)), index.mods.modSeq(uid));
    }
    List<Flag> now = store(uid, action, change, owner);
    return now == null ? null : FlagChange.stored(now, index.mods.modSeq(uid));
  }

  private FileTime mtime(String sub) {
    try {
      return Files.getLastModifiedTime(dir.resolve(sub));
    } catch (IOException gone) {
      return FileTime.fromMillis(0);
    }
  }

  /** The flags in one order, as every answer lists them. */
  static List<Flag> sorted(Set<Flag> flags) {
    List<Flag> out = new ArrayList<>(flags);
    out.sort((a, b) -> a.name().compareToIgnoreCase(b.name()));
    return out;
  }
}
