package dev.missive.imap.store;

import dev.missive.imap.Flag;
import dev.missive.imap.MailboxAttribute;
import dev.missive.imap.server.MailboxListener;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/** One mailbox of an {@link InMemoryMailStore}, guarded by the store's lock. */
final class MemoryMailbox {

  /** A session's listener and the session that registered it (its own changes are not reported to it). */
  record Registration(MailboxListener listener, Object owner) {}

  final InMemoryMailStore store;
  final long uidValidity;
  final List<MailboxAttribute> specialUse;
  long uidNext = 1;
  boolean subscribed;
  final TreeMap<Long, MemoryMessage> messages = new TreeMap<>();
  final List<Registration> listeners = new ArrayList<>();

  MemoryMailbox(InMemoryMailStore store, long uidValidity, List<MailboxAttribute> specialUse) {
    this.store = store;
    this.uidValidity = uidValidity;
    this.specialUse = List.copyOf(specialUse);
  }

  /** Adds a message; every session that selected the mailbox learns of it, its adder's included. */
  long add(byte[] octets, List<Flag> flags, OffsetDateTime date, Object owner) {
    long uid = uidNext++;
    messages.put(uid, new MemoryMessage(uid, octets, flags, date));
    for (Registration r : listeners) {
      r.listener().messageAdded(uid);
    }
    return uid;
  }

  void expunged(long uid, Object owner) {
    messages.remove(uid);
    for (Registration r : listeners) {
      if (r.owner() != owner) {
        r.listener().messageExpunged(uid);
      }
    }
  }

  void flagsChanged(MemoryMessage m, Object owner) {
    List<Flag> now = InMemoryMailStore.sorted(m.flags);
    for (Registration r : listeners) {
      if (r.owner() != owner) {
        r.listener().flagsChanged(m.uid, now);
      }
    }
  }

  long unseen() {
    return messages.values().stream().filter(m -> !m.flags.contains(Flag.SEEN)).count();
  }
}
