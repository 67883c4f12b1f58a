package dev.missive.imap.server;

import dev.missive.imap.Flag;
import dev.missive.imap.ResponseCode;
import dev.missive.imap.command.StoreAction;
import dev.missive.imap.mailbox.UidSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A mailbox selected by one session (RFC 9051 §3.3). Changes made through it are reported to the other sessions'
 * listeners, never to this one's; the messages it returns are the store's current ones.
 */
public interface OpenMailbox extends AutoCloseable {

  /** {@return the state SELECT announces} */
  SelectedMailbox snapshot();

  /**
   * A message of the mailbox.
   *
   * @param uid its UID
   * @return the message, or null when it is gone
   */
  StoredMessage message(long uid);

  /**
   * Changes a message's flags (STORE, RFC 9051 §6.4.6; FETCH of a non-peek body sets {@code \Seen}).
   *
   * @param uid    the message's UID
   * @param action replace, add or remove
   * @param flags  the flags
   * @return the message's flags now, or null when it is gone
   * @throws StoreException if the change is refused
   */
  List<Flag> store(long uid, StoreAction action, List<Flag> flags) throws StoreException;

  /**
   * Changes a message's flags in a store that keeps mod-sequences (RFC 7162 §3.1.3): the change is made only if the
   * message's mod-sequence is not above {@code unchangedSince} (when given), checked and made atomically, and the
   * message's mod-sequence then grows. A store without mod-sequences (its {@link #snapshot()} has no
   * {@link SelectedMailbox#highestModSeq()}) keeps the default, which serves only calls without
   * {@code unchangedSince}: the engine refuses UNCHANGEDSINCE for such mailboxes (RFC 7162 §3.1.2.2).
   *
   * @param uid            the message's UID
   * @param action         replace, add or remove
   * @param flags          the flags
   * @param unchangedSince the UNCHANGEDSINCE mod-sequence, if any
   * @return what became of the message, or null when it is gone
   * @throws StoreException        if the change is refused
   * @throws IllegalStateException if {@code unchangedSince} is given to a store that does not implement it
   */
  default FlagChange store(long uid, StoreAction action, List<Flag> flags, OptionalLong unchangedSince)
      throws StoreException {
    if (unchangedSince.isPresent()) {
      throw new IllegalStateException("a store with mod-sequences implements store(uid, action, flags, "
          + "unchangedSince) (RFC 7162 §3.1.3)");
    }
    List<Flag> now = store(uid, action, flags);
    return now == null ? null : FlagChange.stored(now, 0);
  }

  /**
   * The mailbox's highest mod-sequence now (RFC 7162 §3.1.2.1), for the {@code HIGHESTMODSEQ} codes a command's
   * completion carries.
   *
   * @return the highest mod-sequence, or 0 when the store keeps none
   */
  default long highestModSeq() {
    return 0;
  }

  /**
   * The UIDs expunged after a mod-sequence, for QRESYNC's VANISHED (EARLIER) (RFC 7162 §3.2.5.1, §3.2.6). A store
   * remembers expunged UIDs for a window of its choosing; asked about a mod-sequence older than that, or keeping none,
   * it answers empty and the server names every UID the client may know that is not in the mailbox, which RFC 7162
   * allows but is longer.
   *
   * @param modSeq the client's mod-sequence
   * @return the UIDs expunged with a higher mod-sequence, or empty when the store does not know
   */
  default Optional<UidSet> expungedSince(long modSeq) {
    return Optional.empty();
  }

  /**
   * Removes the messages flagged {@code \Deleted} (EXPUNGE, CLOSE, RFC 9051 §6.4.3), only among {@code uids} when
   * given (UID EXPUNGE, RFC 4315 §2.1).
   *
   * @param uids the UIDs to consider, or empty for all
   * @return the UIDs removed, ascending
   * @throws StoreException if the mailbox cannot be changed
   */
  List<Long> expunge(Optional<UidSet> uids) throws StoreException;

  /**
   * Copies or moves messages to another mailbox of the user (RFC 9051 §6.4.7, §6.4.8), all or none.
   *
   * @param uids   the messages
   * @param target the destination mailbox
   * @param move   whether the messages leave this mailbox (removed at once)
   * @return the UIDPLUS code for the answer (RFC 4315 §3)
   * @throws StoreException if refused, {@code TRYCREATE} when the destination does not exist
   */
  ResponseCode.CopyUid copy(UidSet uids, String target, boolean move) throws StoreException;

  /**
   * Brings the store's state up to date before the session answers a command and at each poll while it idles
   * (RFC 9051 §5.2, §6.3.13, §7.5.1), for stores that other programs change behind the server's back (a Maildir
   * that a delivery agent or a POP3 server writes into): what changed is reported through the mailbox's listener
   * before this method returns. Called on the session's thread, often: a store should check cheaply whether
   * anything changed. Failures are the store's to log; the session goes on with what it knows.
   */
  default void refresh() {
    // a store that reports every change as it happens has nothing to look for
  }

  /** The session leaves the mailbox: the listener is removed. */
  @Override
  void close();
}
