package dev.missive.imap.mailbox;

import dev.missive.imap.SequenceSet;
import java.util.ArrayList;
import java.util.List;

/**
 * The selected mailbox as one client sees it (RFC 9051 §2.3.1, §5.2, §7.5.1): which messages it knows, in
 * sequence-number order, and what changed in the store that it has not been told yet.
 *
 * <p>The host reports changes as they happen, by UID: {@link #added(long)} (a delivery or another session's
 * APPEND/COPY/MOVE), {@link #expunged(long)} (this or another session's EXPUNGE, MOVE), {@link #flagsChanged(long)}.
 * The view keeps them pending; sequence numbers do not move until the engine calls
 * {@link #announce(UpdatePolicy)} at a point where RFC 9051 allows telling the client, and writes the
 * {@link MailboxUpdate}s it returns. Between two announcements {@link #uidAt(long)} and {@link #seqOf(long)} answer
 * in the client's numbering, so a command's sequence numbers always name the messages the client meant; a message
 * expunged in the store but not yet announced still has its number ({@link #isExpunged(long)}: answer with its
 * data or {@code NO [EXPUNGEISSUED]}, RFC 2180 §4.1, RFC 5530).
 *
 * <p>Memory: the UIDs are {@link UidSet}s, a few octets per gap in the UID sequence. Flags stay the host's. The
 * highest mod-sequence (CONDSTORE, RFC 7162) has its place here for when that extension comes. Not thread-safe:
 * one view per session, driven by its engine.
 */
public final class MailboxView {

  private final UidSet known = new UidSet();
  private final UidSet expunged = new UidSet();
  private final UidSet added = new UidSet();
  private final UidSet flagsChanged = new UidSet();
  private long highestUid;
  private long highestModSeq;

  /**
   * A view of a mailbox as just selected.
   *
   * @param uids the messages' UIDs
   */
  public MailboxView(UidSet uids) {
    uids.forEachRun(known::addRange);
    highestUid = known.last();
  }

  /**
   * A view of a mailbox as just selected.
   *
   * @param uids the messages' UIDs, in any order
   * @return the view
   */
  public static MailboxView of(long... uids) {
    UidSet s = new UidSet();
    for (long u : uids) {
      s.add(u);
    }
    return new MailboxView(s);
  }

  // ---- what the host reports ----

  /**
   * A new message is in the store; the client will learn of it at the next announcement (EXISTS).
   *
   * @param uid its UID, larger than every UID the mailbox has had (RFC 9051 §2.3.1.1: UIDs only grow)
   * @throws IllegalArgumentException if the UID does not grow
   */
  public void added(long uid) {
    if (uid <= highestUid) {
      throw new IllegalArgumentException("UIDs are strictly ascending (RFC 9051 §2.3.1.1): " + uid + " after "
          + highestUid);
    }
    added.add(uid);
    highestUid = uid;
  }

  /**
   * A message left the store. Known to the client, it keeps its sequence number until announced; not yet
   * announced, it is simply forgotten.
   *
   * @param uid its UID
   * @return whether the view had it
   */
  public boolean expunged(long uid) {
    if (added.remove(uid)) {
      return true;
    }
    if (!known.contains(uid)) {
      return false;
    }
    flagsChanged.remove(uid);
    return expunged.add(uid);
  }

  /**
   * A message's flags changed in the store (another session's STORE, a delivery agent): the client is told at the
   * next announcement.
   *
   * @param uid its UID
   */
  public void flagsChanged(long uid) {
    if (known.contains(uid) && !expunged.contains(uid)) {
      flagsChanged.add(uid);
    }
  }

  // ---- the client's numbering ----

  /** {@return how many messages the client knows: its EXISTS count, expunged-but-unannounced ones included} */
  public long size() {
    return known.size();
  }

  /**
   * The UID of a sequence number, in the client's numbering.
   *
   * @param seq the sequence number
   * @return the UID, or 0 if out of range
   */
  public long uidAt(long seq) {
    return known.select(seq);
  }

  /**
   * The sequence number of a UID, in the client's numbering.
   *
   * @param uid the UID
   * @return the sequence number, or 0 if the client does not know the message
   */
  public long seqOf(long uid) {
    return known.rank(uid);
  }

  /**
   * Whether the message was expunged in the store but the client was not told yet (RFC 2180 §4.1).
   *
   * @param uid the UID
   * @return whether it is expunged and unannounced
   */
  public boolean isExpunged(long uid) {
    return expunged.contains(uid);
  }

  /** {@return the largest UID the client knows, or 0 for an empty mailbox (what {@code *} means in UID sets)} */
  public long lastUid() {
    return known.last();
  }

  /**
   * Whether a sequence-number set stays within the messages the client knows (RFC 9051 §9 {@code seq-number}: a
   * larger number, or {@code *} in an empty mailbox, deserves BAD).
   *
   * @param set the set, {@code $} already substituted
   * @return whether every number names a message
   */
  public boolean inRange(SequenceSet set) {
    return known.size() > 0 && set.max(known.size()) <= known.size();
  }

  /** Receives one message of a set. */
  @FunctionalInterface
  public interface MessageConsumer {
    /**
     * One message.
     *
     * @param seq its sequence number
     * @param uid its UID
     */
    void accept(long seq, long uid);
  }

  /**
   * Calls {@code consumer} for each message a set names, in ascending order, each once. A UID set names the known
   * messages among its UIDs ({@code *} is the last UID); a sequence set names messages by number.
   *
   * @param set      the set, {@code $} already substituted
   * @param uids     whether the set holds UIDs
   * @param consumer the receiver
   */
  public void forEach(SequenceSet set, boolean uids, MessageConsumer consumer) {
    long[] ranges = set.resolve(uids ? known.last() : known.size());
    List<long[]> runs = new ArrayList<>(known.runCount());
    known.forEachRun((a, b) -> runs.add(new long[] {a, b}));
    int r = 0;
    long before = 0;
    for (int i = 0; i < ranges.length; i += 2) {
      long lo = ranges[i];
      long hi = ranges[i + 1];
      while (r < runs.size()) {
        long[] run = runs.get(r);
        long n = run[1] - run[0] + 1;
        long runLo = uids ? run[0] : before + 1;
        long runHi = uids ? run[1] : before + n;
        if (runHi < lo) {
          before += n;
          r++;
          continue;
        }
        if (runLo > hi) {
          break;
        }
        long from = Math.max(lo, runLo);
        long to = Math.min(hi, runHi);
        for (long k = from; k <= to; k++) {
          long uid = uids ? k : run[0] + (k - before - 1);
          long seq = uids ? before + (k - run[0]) + 1 : k;
          consumer.accept(seq, uid);
        }
        if (runHi > hi) {
          break;
        }
        before += n;
        r++;
      }
    }
  }

  // ---- announcing ----

  /** {@return whether an announcement under {@link UpdatePolicy#ALL} would send anything} */
  public boolean hasPendingUpdates() {
    return !expunged.isEmpty() || !added.isEmpty() || !flagsChanged.isEmpty();
  }

  /**
   * Releases the updates the policy allows, in an order that keeps the client's numbering right: EXPUNGEs (lowest
   * first, each number after the previous removals, RFC 9051 §7.5.1), then EXISTS with the new count (never
   * smaller than the client's, RFC 9051 §5.2), then flag changes. The view moves to the numbering the client will
   * have after reading them.
   *
   * @param policy what may be sent now
   * @return the updates to write, in order; empty when there is nothing the policy allows
   */
  public List<MailboxUpdate> announce(UpdatePolicy policy) {
    List<MailboxUpdate> out = new ArrayList<>();
    if (policy.allowsExpunge() && !expunged.isEmpty()) {
      // lowest first: a run of expunged UIDs is a run of consecutive numbers, each announced at the run's first
      // number once the lower ones are gone (RFC 9051 §7.5.1)
      long[] removed = {0};
      expunged.forEachRun((a, b) -> {
        long first = known.rank(a);
        for (long u = a; u <= b; u++) {
          out.add(new MailboxUpdate.Expunge(first - removed[0], u));
        }
        removed[0] += b - a + 1;
      });
      known.removeAll(expunged);
      expunged.clear();
    }
    if (!added.isEmpty()) {
      added.forEachRun(known::addRange);
      added.clear();
      out.add(new MailboxUpdate.Exists(known.size()));
    }
    if (!flagsChanged.isEmpty()) {
      flagsChanged.forEachRun((a, b) -> {
        for (long u = a; u <= b; u++) {
          out.add(new MailboxUpdate.FlagsChanged(known.rank(u), u));
        }
      });
      flagsChanged.clear();
    }
    return out;
  }

  // ---- CONDSTORE ----

  /** {@return the highest mod-sequence the client was told (RFC 7162), 0 when none} */
  public long highestModSeq() {
    return highestModSeq;
  }

  /**
   * Records the highest mod-sequence the client was told (RFC 7162 §3.1.2.1); for CONDSTORE.
   *
   * @param modSeq the mod-sequence, not smaller than the one recorded
   */
  public void setHighestModSeq(long modSeq) {
    if (modSeq < highestModSeq) {
      throw new IllegalArgumentException("mod-sequences only grow: " + modSeq + " < " + highestModSeq);
    }
    highestModSeq = modSeq;
  }
}
