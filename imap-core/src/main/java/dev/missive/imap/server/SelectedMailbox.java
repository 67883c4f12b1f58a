package dev.missive.imap.server;

import dev.missive.imap.Flag;
import dev.missive.imap.mailbox.UidSet;
import java.util.List;
import java.util.Objects;

/**
 * The host's answer to SELECT or EXAMINE (RFC 9051 §6.3.2, RFC 3501 §6.3.1): what the engine announces and the
 * messages its view starts from.
 *
 * @param flags          the flags defined in the mailbox ({@code * FLAGS})
 * @param permanentFlags the flags the client may change permanently ({@code [PERMANENTFLAGS]}), {@code \*} for
 *                       new keywords
 * @param uids           the messages' UIDs; the engine copies them
 * @param uidValidity    the mailbox's UID validity ({@code [UIDVALIDITY]}, RFC 9051 §2.3.1.1), positive
 * @param uidNext        the next UID to be assigned ({@code [UIDNEXT]}), above every UID of {@code uids}
 * @param recent         the number of messages with {@code \Recent} (IMAP4rev1 only, RFC 3501 §6.3.1)
 * @param firstUnseen    the sequence number of the first unseen message ({@code [UNSEEN]}, IMAP4rev1), 0 for none
 * @param readOnly       whether the mailbox is open read-only even for SELECT ({@code [READ-ONLY]})
 * @param highestModSeq  the mailbox's highest mod-sequence ({@code [HIGHESTMODSEQ]}, RFC 7162 §3.1.2.1), or 0 when
 *                       the store keeps no mod-sequences for it ({@code [NOMODSEQ]}, §3.1.2.2)
 */
public record SelectedMailbox(List<Flag> flags, List<Flag> permanentFlags, UidSet uids, long uidValidity,
                              long uidNext, long recent, long firstUnseen, boolean readOnly, long highestModSeq) {

  /** The system flags of RFC 9051 §2.3.2, as most mailboxes define them. */
  public static final List<Flag> SYSTEM_FLAGS = List.of(Flag.ANSWERED, Flag.FLAGGED, Flag.DELETED, Flag.SEEN,
      Flag.DRAFT);

  /**
   * Checks the values.
   *
   * @param flags          the flags defined in the mailbox
   * @param permanentFlags the flags the client may change permanently
   * @param uids           the messages' UIDs
   * @param uidValidity    the UID validity, positive
   * @param uidNext        the next UID, above every UID of {@code uids}
   * @param recent         the number of recent messages, not negative
   * @param firstUnseen    the first unseen message's sequence number, 0 for none
   * @param readOnly       whether the mailbox is open read-only
   * @param highestModSeq  the highest mod-sequence, 0 for none
   */
  public SelectedMailbox {
    flags = List.copyOf(flags);
    permanentFlags = List.copyOf(permanentFlags);
    Objects.requireNonNull(uids, "uids");
    if (uidValidity < 1 || uidValidity > 0xFFFF_FFFFL) {
      throw new IllegalArgumentException("UIDVALIDITY is a positive 32-bit number: " + uidValidity);
    }
    if (uidNext <= uids.last() || uidNext > 0xFFFF_FFFFL) {
      throw new IllegalArgumentException("UIDNEXT must be above every UID: " + uidNext);
    }
    if (recent < 0 || firstUnseen < 0 || firstUnseen > uids.size()) {
      throw new IllegalArgumentException("recent and firstUnseen must fit the mailbox");
    }
    if (highestModSeq < 0) {
      throw new IllegalArgumentException("negative mod-sequence: " + highestModSeq);
    }
  }

  /**
   * A mailbox whose store keeps no mod-sequences ({@code NOMODSEQ}, RFC 7162 §3.1.2.2).
   *
   * @param flags          the flags defined in the mailbox
   * @param permanentFlags the flags the client may change permanently
   * @param uids           the messages' UIDs
   * @param uidValidity    the UID validity, positive
   * @param uidNext        the next UID, above every UID of {@code uids}
   * @param recent         the number of recent messages, not negative
   * @param firstUnseen    the first unseen message's sequence number, 0 for none
   * @param readOnly       whether the mailbox is open read-only
   */
  public SelectedMailbox(List<Flag> flags, List<Flag> permanentFlags, UidSet uids, long uidValidity, long uidNext,
                         long recent, long firstUnseen, boolean readOnly) {
    this(flags, permanentFlags, uids, uidValidity, uidNext, recent, firstUnseen, readOnly, 0);
  }

  /**
   * This answer with a highest mod-sequence.
   *
   * @param modSeq the mailbox's highest mod-sequence, 0 for none
   * @return the answer
   */
  public SelectedMailbox withHighestModSeq(long modSeq) {
    return new SelectedMailbox(flags, permanentFlags, uids, uidValidity, uidNext, recent, firstUnseen, readOnly,
        modSeq);
  }

  /**
   * A mailbox with the system flags, all of them permanent and new keywords allowed, no recent messages.
   *
   * @param uids        the messages' UIDs
   * @param uidValidity the UID validity
   * @param uidNext     the next UID
   * @return the answer
   */
  public static SelectedMailbox of(UidSet uids, long uidValidity, long uidNext) {
    List<Flag> permanent = new java.util.ArrayList<>(SYSTEM_FLAGS);
    permanent.add(Flag.ANY_KEYWORD);
    return new SelectedMailbox(SYSTEM_FLAGS, permanent, uids, uidValidity, uidNext, 0, 0, false);
  }
}
