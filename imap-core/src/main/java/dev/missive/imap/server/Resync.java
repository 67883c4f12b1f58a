package dev.missive.imap.server;

import dev.missive.imap.SequenceSet;
import dev.missive.imap.command.QresyncParameters;
import dev.missive.imap.mailbox.UidSet;
import dev.missive.imap.response.FetchAttribute;
import java.util.List;
import java.util.Optional;

/**
 * QRESYNC answered from an {@link OpenMailbox} (RFC 7162 §3.2.5.1, §3.2.6): which UIDs vanished since a
 * mod-sequence, and the FETCH responses of the messages changed since.
 *
 * <p>The vanished UIDs are those the client may know (its known UIDs, or all below UIDNEXT) that are not in the
 * mailbox now, narrowed to the ones expunged after the mod-sequence when the store remembers that far back
 * ({@link OpenMailbox#expungedSince(long)}). Without that memory the answer names UIDs expunged earlier too, which
 * RFC 7162 §3.2.5.1 allows (the client ignores UIDs it does not know); either way its size is bounded by the runs of
 * the sets involved, not by the number of UIDs. The {@code seq-match-data} of the parameter is an optimisation the
 * server may ignore (§3.2.5.2): the answer is complete without it.
 */
final class Resync {

  /**
   * The UIDs to report as vanished.
   *
   * @param box     the mailbox
   * @param current the UIDs in the mailbox now
   * @param uidNext the mailbox's next UID
   * @param modSeq  the client's mod-sequence
   * @param within  the UIDs the client asks about ({@code *} already resolved), or empty for all
   * @return the UIDs, ascending
   */
  static UidSet vanished(OpenMailbox box, UidSet current, long uidNext, long modSeq, Optional<UidSet> within) {
    UidSet candidates = new UidSet();
    if (uidNext > 1) {
      candidates.addRange(1, uidNext - 1);
    }
    within.ifPresent(w -> retain(candidates, w));
    candidates.removeAll(current);
    box.expungedSince(modSeq).ifPresent(expunged -> retain(candidates, expunged));
    return candidates;
  }

  /** Keeps in {@code set} only the UIDs of {@code other}: {@code set - (set - other)}. */
  static void retain(UidSet set, UidSet other) {
    UidSet outside = new UidSet();
    set.forEachRun(outside::addRange);
    outside.removeAll(other);
    set.removeAll(outside);
  }

  /** The UIDs a UID set names, {@code *} standing for the largest UID there has been. */
  static UidSet uids(SequenceSet set, long uidNext) {
    UidSet out = new UidSet();
    long[] r = set.resolve(Math.max(0, uidNext - 1));
    for (int i = 0; i < r.length; i += 2) {
      out.addRange(r[i], r[i + 1]);
    }
    return out;
  }

  private final ImapServer raw;
  private final OpenMailbox box;
  private final UidSet uids;
  private final Optional<UidSet> known;
  private final long modSeq;
  /** The VANISHED (EARLIER) answer, until written. */
  private UidSet vanished;
  private long index;

  /**
   * A SELECT's resynchronisation (RFC 7162 §3.2.5.1), to be {@linkplain #run() run} as the output drains.
   *
   * @param raw the engine, with the SELECT pending
   * @param box the mailbox just opened
   * @param m   its state as the SELECT announced it
   * @param q   the client's QRESYNC parameter
   */
  Resync(ImapServer raw, OpenMailbox box, SelectedMailbox m, QresyncParameters q) {
    this.raw = raw;
    this.box = box;
    this.uids = m.uids();
    this.known = q.knownUids().map(k -> uids(k, m.uidNext()));
    this.modSeq = q.modSeq();
    this.vanished = vanished(box, uids, m.uidNext(), modSeq, known);
  }

  /**
   * Writes what the output takes of the answer: VANISHED (EARLIER) first, then a FETCH with FLAGS and MODSEQ for each
   * message of the known UIDs changed since the client's mod-sequence, then the completion. Like a FETCH it stops
   * while the output is over its limit ({@link ImapServer#wantsContent()}), so the answer for a large mailbox goes
   * out as the host drains it, never whole in memory.
   *
   * @return whether the SELECT is complete
   */
  boolean run() {
    if (vanished != null && raw.wantsContent()) {
      raw.vanishedEarlier(vanished);
      vanished = null;
    }
    while (raw.wantsContent()) {
      if (index == uids.size()) {
        raw.complete();
        return true;
      }
      long uid = uids.select(++index);
      if (known.isPresent() && !known.get().contains(uid)) {
        continue;
      }
      StoredMessage message = box.message(uid);
      if (message != null && message.modSeq() > modSeq) {
        raw.fetchResponse(uid, List.of(new FetchAttribute.Flags(raw.session().clientFlags(message.flags())),
            new FetchAttribute.ModSeq(message.modSeq())));
      }
    }
    return false;
  }
}
