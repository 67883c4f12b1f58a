package dev.missive.examples.imap;

import dev.missive.imap.Flag;
import dev.missive.imap.mailbox.UidSet;
import dev.missive.imap.server.MailboxCounts;
import dev.missive.imap.server.SelectedMailbox;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.LongPredicate;
import java.util.function.LongSupplier;
import java.util.function.ToLongFunction;

/**
 * What a {@link Folder} knows of its messages: each one's UID and file ({@link Folder.Entry}), its UID list
 * ({@link UidList}), mod-sequence log ({@link ModSeqLog}) and keyword letters ({@link Keywords}), and which messages
 * are {@code \Recent} to the next session (RFC 3501 §2.3.2). Not thread-safe: the folder's lock guards it.
 */
final class FolderIndex {

  final TreeMap<Long, Folder.Entry> byUid = new TreeMap<>();
  final Map<String, Folder.Entry> byUnique = new HashMap<>();
  final UidList uids;
  /** The folder's mod-sequences (RFC 7162). */
  final ModSeqLog mods;
  final Keywords keywords;
  /**
   * The lowest UID no read-write session was told of (RFC 3501 §2.3.2): the messages from it on are {@code \Recent}
   * to the next session that selects the folder. Maildir keeps it in the directory: a message in {@code new/} was
   * never seen, and the first read-write session told of it moves it to {@code cur/}; so when the folder is read,
   * this is the lowest UID in {@code new/}. 0 until the first scan set it.
   */
  long firstRecent;

  /**
   * Reads a folder's lists.
   *
   * @param dir         the folder's directory
   * @param newValidity where a new UIDVALIDITY comes from, if the folder has none
   * @throws IOException if a list cannot be read or started
   */
  FolderIndex(Path dir, LongSupplier newValidity) throws IOException {
    uids = UidList.load(dir, newValidity);
    keywords = new Keywords(dir);
    mods = ModSeqLog.load(dir);
  }

  Set<Flag> flags(Folder.Entry e) {
    return keywords.flags(e.name().info());
  }

  /** A UID from the list may be used only for a message no session has been told about: above the highest known. */
  long firstNewUid() {
    return byUid.isEmpty() ? 1 : byUid.lastKey() + 1;
  }

  /**
   * Forgets the messages {@code gone} and keeps the entries {@code present} (new, renamed or reflagged), with one
   * append to the mod-sequence log (RFC 7162): an expunge, a message new to the log or one whose flags changed gets
   * the next mod-sequence.
   *
   * @param gone    messages no longer in the folder
   * @param present messages in it now
   * @return the mod-sequence each expunge got, by UID
   * @throws IOException if the log cannot be written (nothing is then changed)
   */
  Map<Long, Long> record(List<Folder.Entry> gone, List<Folder.Entry> present) throws IOException {
    Map<Long, String> infos = new LinkedHashMap<>();
    for (Folder.Entry e : present) {
      infos.put(e.uid(), String.join(",", Folder.sorted(flags(e)).stream().map(Flag::name).toList()));
    }
    Map<Long, Long> expungedAt = mods.record(gone.stream().map(Folder.Entry::uid).toList(), infos);
    for (Folder.Entry e : gone) {
      byUid.remove(e.uid());
      byUnique.remove(e.name().unique());
    }
    for (Folder.Entry e : present) {
      Folder.Entry old = byUnique.put(e.name().unique(), e);
      if (old != null && old.uid() != e.uid()) {
        byUid.remove(old.uid());
      }
      byUid.put(e.uid(), e);
    }
    return expungedAt;
  }

  /**
   * The folder as one session sees it now (RFC 9051 §6.3.2). The messages recent to it (RFC 3501 §6.3.1) are its
   * newest, as {@link SelectedMailbox} counts them: it was told of every older message before they arrived.
   *
   * @param recentToSession which messages are recent to the session
   * @return the folder's state
   */
  SelectedMailbox snapshot(LongPredicate recentToSession) {
    UidSet set = new UidSet();
    long firstUnseen = 0;
    long seq = 0;
    long recent = 0;
    for (Folder.Entry e : byUid.values()) {
      set.add(e.uid());
      seq++;
      recent += recentToSession.test(e.uid()) ? 1 : 0;
      if (firstUnseen == 0 && !flags(e).contains(Flag.SEEN)) {
        firstUnseen = seq;
      }
    }
    List<Flag> defined = new ArrayList<>(SelectedMailbox.SYSTEM_FLAGS);
    defined.addAll(keywords.defined());
    List<Flag> permanent = new ArrayList<>(defined);
    permanent.add(Flag.ANY_KEYWORD);
    return new SelectedMailbox(defined, permanent, set, uids.uidValidity(), uids.next(), recent, firstUnseen, false,
        mods.highest());
  }

  /**
   * STATUS (RFC 9051 §6.3.11; RECENT, RFC 3501 §6.3.10, counts what the next session would see).
   *
   * @param sizeOnDisk the size of a message whose file name does not say it
   * @return the counts
   */
  MailboxCounts counts(ToLongFunction<Folder.Entry> sizeOnDisk) {
    long unseen = 0;
    long deleted = 0;
    long size = 0;
    for (Folder.Entry e : byUid.values()) {
      Set<Flag> f = flags(e);
      unseen += f.contains(Flag.SEEN) ? 0 : 1;
      deleted += f.contains(Flag.DELETED) ? 1 : 0;
      long s = e.name().size();
      size += s >= 0 ? s : sizeOnDisk.applyAsLong(e);
    }
    long recent = byUid.tailMap(firstRecent, true).size();
    return new MailboxCounts(byUid.size(), uids.next(), uids.uidValidity(), unseen, deleted, size, recent,
        mods.highest());
  }
}
