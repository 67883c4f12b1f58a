package dev.missive.imap.host;

import dev.missive.imap.Flag;
import dev.missive.imap.SequenceSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What {@link ImapSession#resync} learnt of a cached mailbox (RFC 7162 §3.2.5, §6): the UIDs that vanished since the
 * cache was taken, the cached messages whose flags changed, the mailbox's UIDVALIDITY and highest mod-sequence to
 * keep with the cache for the next time, and which {@link Path} the answer came by. Messages that arrived since are
 * not in it (QRESYNC reports changes of the known UIDs only, §3.2.5.1): they are the UIDs above the cache's highest,
 * up to the selected mailbox's {@code uidNext()}, fetched as new.
 *
 * <p>When the mailbox's UIDVALIDITY is no longer the cache's (RFC 9051 §2.3.1.1), every UID the cache holds may name
 * another message: {@link #cacheValid()} is false, and {@link #vanished()} and {@link #changed()} throw
 * {@link IllegalStateException} instead of answering for a cache that cannot be brought up to date. The caller
 * drops the cache and fetches the mailbox anew.
 *
 * @param path          how the changes were found
 * @param cacheValid    false when UIDVALIDITY changed: the cache is invalid as a whole
 * @param uidValidity   the mailbox's UIDVALIDITY now
 * @param highestModSeq the mailbox's highest mod-sequence now, empty when the server keeps none (no CONDSTORE,
 *                      or {@code NOMODSEQ})
 * @param vanished      the cached UIDs that are gone, empty when none are
 * @param changed       the cached messages changed since the cache's mod-sequence, by ascending UID (every message
 *                      when no UIDs were given); on {@link Path#FULL} every cached message still there
 */
public record MailboxChanges(Path path, boolean cacheValid, long uidValidity, OptionalLong highestModSeq,
                             Optional<SequenceSet> vanished, List<ChangedFlags> changed) {

  /** How {@link ImapSession#resync} found the changes. */
  public enum Path {
    /** One {@code SELECT (QRESYNC ...)} (RFC 7162 §3.2.5): QRESYNC enabled and the cache had a mod-sequence. */
    QRESYNC,
    /**
     * {@code SELECT (CONDSTORE)}, {@code UID FETCH 1:* (FLAGS) (CHANGEDSINCE n)} (RFC 7162 §3.1.4.1) and
     * {@code UID SEARCH ALL} to find the vanished UIDs: the server offers CONDSTORE but QRESYNC is not enabled.
     */
    CONDSTORE,
    /**
     * {@code SELECT} and {@code UID FETCH 1:* (UID FLAGS)}: no mod-sequences on one side (the server has no CONDSTORE,
     * the mailbox answered {@code NOMODSEQ}, or the cache had none); {@link #changed()} lists every cached message.
     */
    FULL
  }

  /**
   * A cached message whose flags changed since the cache's mod-sequence.
   *
   * @param uid    the UID
   * @param flags  its flags now
   * @param modSeq its mod-sequence (RFC 7162 §3.1.4), 0 when the server gave none ({@link Path#FULL})
   */
  public record ChangedFlags(long uid, List<Flag> flags, long modSeq) {

    /**
     * Copies the flags.
     *
     * @param uid    the UID
     * @param flags  the flags
     * @param modSeq the mod-sequence, 0 for none
     */
    public ChangedFlags {
      flags = List.copyOf(flags);
      if (uid < 1 || modSeq < 0) {
        throw new IllegalArgumentException("a UID from 1 and a mod-sequence from 0: " + uid + ", " + modSeq);
      }
    }
  }

  /**
   * Checks the values; an invalid cache carries neither vanished UIDs nor changes.
   *
   * @param path          how the changes were found
   * @param cacheValid    whether UIDVALIDITY is still the cache's
   * @param uidValidity   the UIDVALIDITY now
   * @param highestModSeq the highest mod-sequence now
   * @param vanished      the vanished UIDs
   * @param changed       the changed messages
   */
  public MailboxChanges {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(highestModSeq, "highestModSeq");
    Objects.requireNonNull(vanished, "vanished");
    changed = List.copyOf(changed);
    if (!cacheValid && (vanished.isPresent() || !changed.isEmpty())) {
      throw new IllegalArgumentException("an invalid cache has no changes to apply");
    }
  }

  /**
   * {@return the cached UIDs that are gone, empty when none are}
   *
   * @throws IllegalStateException if the cache is invalid
   */
  @Override
  public Optional<SequenceSet> vanished() {
    requireValid();
    return vanished;
  }

  /**
   * {@return the cached messages changed since the cache's mod-sequence, by ascending UID}
   *
   * @throws IllegalStateException if the cache is invalid
   */
  @Override
  public List<ChangedFlags> changed() {
    requireValid();
    return changed;
  }

  private void requireValid() {
    if (!cacheValid) {
      throw new IllegalStateException("UIDVALIDITY is now " + uidValidity
          + ": the cached mailbox is invalid as a whole, fetch it anew");
    }
  }
}
