package dev.missive.imap.command;

import dev.missive.imap.SequenceSet;
import dev.missive.imap.internal.text.Checks;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code QRESYNC} parameter of SELECT and EXAMINE (RFC 7162 §3.2.5): what the client remembers of the mailbox, so
 * the server can tell it in the SELECT's answer what was expunged ({@code VANISHED (EARLIER)}) and which flags changed
 * since.
 *
 * @param uidValidity      the UIDVALIDITY the client's cache belongs to
 * @param modSeq           the last HIGHESTMODSEQ the client knows
 * @param knownUids        the UIDs the client knows, if given ({@code *} not allowed); none means all
 * @param knownSequenceSet the sequence numbers of the {@code seq-match-data}, if given, ascending
 * @param knownUidSet      the UIDs of those sequence numbers, if given, ascending, as many as
 *                         {@code knownSequenceSet}
 */
public record QresyncParameters(long uidValidity, long modSeq, Optional<SequenceSet> knownUids,
                                Optional<SequenceSet> knownSequenceSet, Optional<SequenceSet> knownUidSet) {

  /**
   * Checks the values.
   *
   * @param uidValidity      the UIDVALIDITY, an nz-number
   * @param modSeq           the mod-sequence, positive
   * @param knownUids        the known UIDs, if given
   * @param knownSequenceSet the seq-match-data's sequence numbers, if given (with {@code knownUidSet})
   * @param knownUidSet      the seq-match-data's UIDs, if given (with {@code knownSequenceSet})
   */
  public QresyncParameters {
    if (uidValidity < 1 || uidValidity > SequenceSet.MAX_NUMBER) {
      throw new IllegalArgumentException("UIDVALIDITY is an nz-number: " + uidValidity);
    }
    Checks.modSeq(modSeq, false);
    Objects.requireNonNull(knownUids, "knownUids");
    Objects.requireNonNull(knownSequenceSet, "knownSequenceSet");
    Objects.requireNonNull(knownUidSet, "knownUidSet");
    if (knownSequenceSet.isPresent() != knownUidSet.isPresent()) {
      throw new IllegalArgumentException("seq-match-data has both sets or neither");
    }
    for (Optional<SequenceSet> set : java.util.List.of(knownUids, knownSequenceSet, knownUidSet)) {
      if (set.isPresent() && (set.get().isSaved() || set.get().usesStar())) {
        throw new IllegalArgumentException("QRESYNC sets hold neither * nor $ (RFC 7162 §3.2.5)");
      }
    }
  }

  /**
   * The parameter without known UIDs nor sequence match data.
   *
   * @param uidValidity the UIDVALIDITY
   * @param modSeq      the last known HIGHESTMODSEQ
   * @return the parameter
   */
  public static QresyncParameters of(long uidValidity, long modSeq) {
    return new QresyncParameters(uidValidity, modSeq, Optional.empty(), Optional.empty(), Optional.empty());
  }
}
