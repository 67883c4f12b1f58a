package dev.missive.examples.imap;

import dev.missive.imap.Flag;
import dev.missive.imap.ResponseCode;
import dev.missive.imap.command.StoreAction;
import dev.missive.imap.mailbox.UidSet;
import dev.missive.imap.server.FlagChange;
import dev.missive.imap.server.MailboxListener;
import dev.missive.imap.server.OpenMailbox;
import dev.missive.imap.server.SelectedMailbox;
import dev.missive.imap.server.StoreException;
import dev.missive.imap.server.StoredMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Maildir folder selected by one session (RFC 9051 §3.3): reads and changes go to the shared {@link Folder}, which
 * tells the other sessions; {@link #refresh()} scans the directory when it changed, so what other programs did (a
 * delivery, a POP3 deletion) is reported at the session's next command or IDLE poll. The messages {@code \Recent}
 * to this session (IMAP4rev1 only, RFC 3501 §2.3.2) are those its {@link FolderWatchers.Watcher} holds.
 */
final class MaildirOpenMailbox implements OpenMailbox {

  private static final Logger LOG = LoggerFactory.getLogger(MaildirOpenMailbox.class);

  private final MaildirSession session;
  private final Folder folder;
  private final FolderWatchers.Watcher selection;

  MaildirOpenMailbox(MaildirSession session, Folder folder, MailboxListener listener, boolean readOnly) {
    this.session = session;
    this.folder = folder;
    this.selection = folder.watch(listener, this, readOnly);
  }

  @Override
  public SelectedMailbox snapshot() {
    return folder.snapshot(selection);
  }

  /** The message, {@code \Recent} among its flags when it is recent to this session (RFC 3501 §2.3.2). */
  @Override
  public StoredMessage message(long uid) {
    Folder.Entry e = folder.entry(uid);
    return e == null ? null : new MaildirStoredMessage(folder, e, selection.isRecent(uid));
  }

  @Override
  public List<Flag> store(long uid, StoreAction action, List<Flag> flags) throws StoreException {
    try {
      return folder.store(uid, action, flags, this);
    } catch (IOException e) {
      throw MaildirSession.failed("STORE", e);
    }
  }

  /** RFC 7162 §3.1.3: the mod-sequences are the folder's {@link ModSeqLog}. */
  @Override
  public FlagChange store(long uid, StoreAction action, List<Flag> flags, OptionalLong unchangedSince)
      throws StoreException {
    try {
      return folder.store(uid, action, flags, unchangedSince, this);
    } catch (IOException e) {
      throw MaildirSession.failed("STORE", e);
    }
  }

  @Override
  public long highestModSeq() {
    return folder.highestModSeq();
  }

  @Override
  public Optional<UidSet> expungedSince(long modSeq) {
    return folder.expungedSince(modSeq);
  }

  @Override
  public List<Long> expunge(Optional<UidSet> uids) throws StoreException {
    try {
      return folder.remove(uids, true, this);
    } catch (IOException e) {
      throw MaildirSession.failed("EXPUNGE", e);
    }
  }

  /**
   * COPY and MOVE (RFC 9051 §6.4.7, RFC 6851 §3.3): each message is hard-linked (or copied and forced) into the
   * target's {@code tmp/}, then all are added to the target at once; MOVE then removes the originals.
   */
  @Override
  public ResponseCode.CopyUid copy(UidSet uids, String target, boolean move) throws StoreException {
    Folder to = session.existingFolder(target, ResponseCode.TRYCREATE);
    UidSet from = new UidSet();
    List<PreparedMessage> copies = new ArrayList<>();
    try {
      for (long i = 1; i <= uids.size(); i++) {
        Folder.Entry e = folder.entry(uids.select(i));
        if (e != null) {
          copies.add(session.linkInto(to, folder.path(e), folder.flags(e)));
          from.add(e.uid());
        }
      }
      if (from.isEmpty()) {
        throw new StoreException(ResponseCode.EXPUNGEISSUED, "The messages no longer exist");
      }
      long[] given = to.add(copies, this);
      if (move) {
        folder.remove(Optional.of(from), false, this);
      }
      UidSet created = new UidSet();
      for (long u : given) {
        created.add(u);
      }
      return new ResponseCode.CopyUid(to.uidValidity(), from.toSequenceSet(), created.toSequenceSet());
    } catch (IOException e) {
      copies.forEach(PreparedMessage::discard);
      throw MaildirSession.failed(move ? "MOVE" : "COPY", e);
    } catch (StoreException e) {
      copies.forEach(PreparedMessage::discard);
      throw e;
    }
  }

  @Override
  public void refresh() {
    try {
      folder.refresh();
    } catch (IOException | UncheckedIOException e) {
      LOG.warn("cannot scan {}: {}", folder.dir(), e.toString());
    }
  }

  @Override
  public void close() {
    folder.unwatch(this);
  }
}
