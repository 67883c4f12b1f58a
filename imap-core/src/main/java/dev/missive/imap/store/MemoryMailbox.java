package dev.missive.imap.store;

import dev.missive.imap.Flag;
import dev.missive.imap.MailboxAttribute;
import dev.missive.imap.server.MailboxListener;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * One mailbox of an {@link InMemoryMailStore}, guarded by the store's lock. It keeps mod-sequences (RFC 7162 §3.1.1):
 * the mailbox's highest grows by one with each new message, flag change and expunge, and each message and each
 * expunged UID carries the one of its last change. The expunged UIDs are kept for the store's life (a test store),
 * so VANISHED (EARLIER) can name every one (RFC 7162 §3.2.5.1).
 */
final class MemoryMailbox {

  /** A session's listener and the open mailbox that registered it (its own changes are not reported to it). */
  record Registration(MailboxListener listener, MemoryOpenMailbox owner) {}

  final InMemoryMailStore store;
  final long uidValidity;
  final List<MailboxAttribute> specialUse;
  long uidNext = 1;
  /** The highest mod-sequence: 1 for a new mailbox (RFC 7162 §3.1.2.1 wants a positive one). */
  long highestModSeq = 1;
  /** The UIDs expunged, with the mod-sequence of their expunge (RFC 7162 §3.2). */
  final TreeMap<Long, Long> expungedModSeqs = new TreeMap<>();
  boolean subscribed;
  final TreeMap<Long, MemoryMessage> messages = new TreeMap<>();
  final List<Registration> listeners = new ArrayList<>();

  MemoryMailbox(InMemoryMailStore store, long uidValidity, List<MailboxAttribute> specialUse) {
    this.store = store;
    this.uidValidity = uidValidity;
    this.specialUse = List.copyOf(specialUse);
  }

  /**
   * Adds a message; every session that selected the mailbox learns of it, its adder's included. It is
   * {@code \Recent} to the sessions told of it up to the first read-write one, which keeps it so (RFC 3501 §2.3.2).
   */
  long add(byte[] octets, List<Flag> flags, OffsetDateTime date) {
    long uid = uidNext++;
    MemoryMessage m = new MemoryMessage(uid, octets, flags, date);
    m.modSeq = ++highestModSeq;
    messages.put(uid, m);
    for (Registration r : listeners) {
      r.owner().told(m);
    }
    for (Registration r : listeners) {
      r.listener().messageAdded(uid, r.owner().isRecent(uid));
    }
    return uid;
  }

  void expunged(long uid, MemoryOpenMailbox owner) {
    messages.remove(uid);
    expungedModSeqs.put(uid, ++highestModSeq);
    for (Registration r : listeners) {
      r.owner().forget(uid);
      if (r.owner() != owner) {
        r.listener().messageExpunged(uid, expungedModSeqs.get(uid));
      }
    }
  }

  /** A message's flags changed: its mod-sequence grows and the other sessions learn of it. */
  void flagsChanged(MemoryMessage m, MemoryOpenMailbox owner) {
    m.modSeq = ++highestModSeq;
    for (Registration r : listeners) {
      if (r.owner() != owner) {
        r.listener().flagsChanged(m.uid, r.owner().flagsOf(m), m.modSeq);
      }
    }
  }

  /** {@return how many messages no session was told of yet: STATUS RECENT (RFC 3501 §6.3.10)} */
  long recent() {
    return messages.values().stream().filter(m -> m.recentUnclaimed).count();
  }

  long unseen() {
    return messages.values().stream().filter(m -> !m.flags.contains(Flag.SEEN)).count();
  }
}
