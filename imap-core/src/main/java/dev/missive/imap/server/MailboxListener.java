package dev.missive.imap.server;

import dev.missive.imap.Flag;
import java.util.List;

/**
 * Receives what other sessions and deliveries change in a selected mailbox (RFC 9051 §5.2, §7.4, §7.5), for
 * {@link OpenMailbox}. Called from any thread: the {@link ImapHandlerServer} queues the changes and tells its
 * client when RFC 9051 §7.5.1 allows. The engine {@link ImapServer} is one too, called on its own context only, where
 * the host reports the session's own changes as well.
 */
public interface MailboxListener {

  /**
   * A message arrived.
   *
   * @param uid its UID, above every UID before
   */
  void messageAdded(long uid);

  /**
   * A message arrived that is {@code \Recent} to this listener's session or not (RFC 3501 §2.3.2: recent to the
   * first session told of it); a store that keeps {@code \Recent} calls this instead of {@link #messageAdded(long)}.
   *
   * @param uid    its UID, above every UID before
   * @param recent whether the message is {@code \Recent} to the session
   */
  default void messageAdded(long uid, boolean recent) {
    messageAdded(uid);
  }

  /**
   * A message was expunged by another session.
   *
   * @param uid its UID
   */
  void messageExpunged(long uid);

  /**
   * A message was expunged by another session, in a store that keeps mod-sequences (RFC 7162 §3.2: the expunge has
   * a mod-sequence of its own). While the session cannot announce the expunge yet (during a FETCH, STORE or SEARCH,
   * RFC 9051 §7.5.1), the {@code HIGHESTMODSEQ} it reports stays below this one (RFC 7162 §3.2, §6). By default the
   * mod-sequence is dropped.
   *
   * @param uid    its UID
   * @param modSeq the mod-sequence of the expunge
   */
  default void messageExpunged(long uid, long modSeq) {
    messageExpunged(uid);
  }

  /**
   * A message's flags were changed by another session.
   *
   * @param uid   its UID
   * @param flags its flags now
   */
  void flagsChanged(long uid, List<Flag> flags);

  /**
   * A message's flags were changed by another session, in a store that keeps mod-sequences (RFC 7162 §3.1.1); a
   * CONDSTORE client is told the new mod-sequence with the flags. By default the mod-sequence is dropped.
   *
   * @param uid    its UID
   * @param flags  its flags now
   * @param modSeq its mod-sequence after the change
   */
  default void flagsChanged(long uid, List<Flag> flags, long modSeq) {
    flagsChanged(uid, flags);
  }
}
