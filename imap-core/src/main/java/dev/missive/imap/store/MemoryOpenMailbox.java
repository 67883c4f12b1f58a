package dev.missive.imap.store;

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
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * A mailbox of an {@link InMemoryMailStore} selected by one session, with the messages that are {@code \Recent} to
 * it (RFC 3501 §2.3.2): those no read-write session was told of before, claimed by SELECT but not by EXAMINE (RFC
 * 3501 §6.3.2), and those that arrive while it is the first read-write session told of them. IMAP4rev2 has no
 * {@code \Recent}: the {@link dev.missive.imap.server.ImapHandlerServer} leaves it out for such sessions.
 */
final class MemoryOpenMailbox implements OpenMailbox {

  private final MemorySession session;
  private final MemoryMailbox box;
  private final boolean readOnly;
  private final MemoryMailbox.Registration registration;
  private final Set<Long> recent = new HashSet<>();

  /** Opens {@code box}; called under the store's lock. */
  MemoryOpenMailbox(MemorySession session, MemoryMailbox box, boolean readOnly, MailboxListener listener) {
    this.session = session;
    this.box = box;
    this.readOnly = readOnly;
    this.registration = new MemoryMailbox.Registration(listener, this);
    box.messages.values().forEach(this::told);
    box.listeners.add(registration);
  }

  /** The session is told of {@code m}: recent to it if no read-write session was told of it before. */
  void told(MemoryMessage m) {
    if (m.recentUnclaimed) {
      recent.add(m.uid);
      m.recentUnclaimed = readOnly;
    }
  }

  /** {@return whether the message is {@code \Recent} to this session} */
  boolean isRecent(long uid) {
    return recent.contains(uid);
  }

  void forget(long uid) {
    recent.remove(uid);
  }

  /** {@return the message's flags as this session sees them, sorted} */
  List<Flag> flagsOf(MemoryMessage m) {
    List<Flag> flags = new ArrayList<>(m.flags);
    if (recent.contains(m.uid)) {
      flags.add(Flag.RECENT);
    }
    return InMemoryMailStore.sorted(flags);
  }

  @Override
  public SelectedMailbox snapshot() {
    synchronized (box.store.lock) {
      UidSet uids = new UidSet();
      long firstUnseen = 0;
      long seq = 0;
      for (MemoryMessage m : box.messages.values()) {
        uids.add(m.uid);
        seq++;
        if (firstUnseen == 0 && !m.flags.contains(Flag.SEEN)) {
          firstUnseen = seq;
        }
      }
      SelectedMailbox plain = SelectedMailbox.of(uids, box.uidValidity, box.uidNext);
      return new SelectedMailbox(plain.flags(), plain.permanentFlags(), uids, box.uidValidity, box.uidNext,
          recent.size(), firstUnseen, false, box.highestModSeq);
    }
  }

  @Override
  public StoredMessage message(long uid) {
    synchronized (box.store.lock) {
      MemoryMessage m = box.messages.get(uid);
      return m == null ? null : m.snapshot(recent.contains(uid));
    }
  }

  @Override
  public List<Flag> store(long uid, StoreAction action, List<Flag> flags) {
    FlagChange change = store(uid, action, flags, OptionalLong.empty());
    return change == null ? null : change.flags();
  }

  /** RFC 7162 §3.1.3: the UNCHANGEDSINCE test and the change under one lock. */
  @Override
  public FlagChange store(long uid, StoreAction action, List<Flag> flags, OptionalLong unchangedSince) {
    synchronized (box.store.lock) {
      MemoryMessage m = box.messages.get(uid);
      if (m == null) {
        return null;
      }
      if (unchangedSince.isPresent() && m.modSeq > unchangedSince.getAsLong()) {
        return FlagChange.modifiedSince(flagsOf(m), m.modSeq);
      }
      List<Flag> before = InMemoryMailStore.sorted(m.flags);
      flags = flags.stream().filter(f -> !f.equals(Flag.RECENT)).toList(); // RFC 3501 §2.3.2: not changed by STORE
      switch (action) {
        case REPLACE -> {
          m.flags.clear();
          m.flags.addAll(flags);
        }
        case ADD -> m.flags.addAll(flags);
        case REMOVE -> m.flags.removeAll(flags);
      }
      if (!InMemoryMailStore.sorted(m.flags).equals(before)) {
        box.flagsChanged(m, this);
      }
      return FlagChange.stored(flagsOf(m), m.modSeq);
    }
  }

  /** Every expunge is remembered, so the answer is always exact (RFC 7162 §3.2.5.1). */
  @Override
  public Optional<UidSet> expungedSince(long modSeq) {
    synchronized (box.store.lock) {
      UidSet gone = new UidSet();
      box.expungedModSeqs.forEach((uid, m) -> {
        if (m > modSeq) {
          gone.add(uid);
        }
      });
      return Optional.of(gone);
    }
  }

  @Override
  public long highestModSeq() {
    synchronized (box.store.lock) {
      return box.highestModSeq;
    }
  }

  @Override
  public List<Long> expunge(Optional<UidSet> uids) {
    synchronized (box.store.lock) {
      List<Long> gone = new ArrayList<>();
      for (MemoryMessage m : List.copyOf(box.messages.values())) {
        if (m.flags.contains(Flag.DELETED) && (uids.isEmpty() || uids.get().contains(m.uid))) {
          gone.add(m.uid);
          box.expunged(m.uid, this);
        }
      }
      return gone;
    }
  }

  @Override
  public ResponseCode.CopyUid copy(UidSet uids, String target, boolean move) throws StoreException {
    synchronized (box.store.lock) {
      MemoryMailbox to = session.mailbox(target);
      if (to == null) {
        throw new StoreException(ResponseCode.TRYCREATE, "No such mailbox");
      }
      UidSet from = new UidSet();
      UidSet created = new UidSet();
      long n = uids.size();
      for (long i = 1; i <= n; i++) {
        MemoryMessage m = box.messages.get(uids.select(i));
        if (m != null) {
          from.add(m.uid);
          created.add(to.add(m.octets, List.copyOf(m.flags), m.date));
        }
      }
      if (move) {
        from.forEachRun((a, b) -> {
          for (long u = a; u <= b; u++) {
            box.expunged(u, this);
          }
        });
      }
      if (from.isEmpty()) {
        throw new StoreException(ResponseCode.EXPUNGEISSUED, "The messages no longer exist");
      }
      return new ResponseCode.CopyUid(to.uidValidity, from.toSequenceSet(), created.toSequenceSet());
    }
  }

  @Override
  public void close() {
    synchronized (box.store.lock) {
      box.listeners.remove(registration);
    }
  }
}
