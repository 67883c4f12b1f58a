package dev.missive.imap.client;

import dev.missive.imap.Flag;
import dev.missive.imap.client.internal.KnownUids;
import dev.missive.imap.mailbox.UidSet;
import java.util.List;
import java.util.OptionalLong;

/**
 * The client's view of the selected mailbox, kept consistent with the server's untagged responses (RFC 9051 §7.3.1
 * EXISTS, §7.5.1 EXPUNGE, §7.5.2 FETCH, §7.1 response codes): the message count, the UIDs learnt from FETCH
 * responses mapped to their current sequence numbers (which shift down on each EXPUNGE), the flags and the UID
 * validity. Read it from the engine's thread, between calls ({@link ImapClient#mailbox()}).
 */
public final class ClientMailbox {

  private final String name;
  private final boolean requestedReadOnly;
  private final KnownUids uids;
  private boolean readOnly;
  private long exists;
  private long uidValidity;
  private long uidNext;
  private List<Flag> flags = List.of();
  private List<Flag> permanentFlags = List.of();
  private long highestModSeq;
  private boolean modSeqCode;
  private long modSeqSeen;

  ClientMailbox(String name, boolean readOnly, int maxTrackedUids) {
    this.name = name;
    this.requestedReadOnly = readOnly;
    this.readOnly = readOnly;
    this.uids = new KnownUids(maxTrackedUids);
  }

  /** {@return the mailbox name as the host gave it to SELECT or EXAMINE} */
  public String name() {
    return name;
  }

  /** {@return whether the mailbox is read-only (EXAMINE, or the server's {@code [READ-ONLY]})} */
  public boolean readOnly() {
    return readOnly;
  }

  /** {@return how many messages the mailbox holds, as the last EXISTS and the EXPUNGEs since say} */
  public long exists() {
    return exists;
  }

  /** {@return the UIDVALIDITY the server reported (RFC 9051 §2.3.1.1), or empty before it} */
  public OptionalLong uidValidity() {
    return uidValidity == 0 ? OptionalLong.empty() : OptionalLong.of(uidValidity);
  }

  /** {@return the predicted next UID the server reported, or empty} */
  public OptionalLong uidNext() {
    return uidNext == 0 ? OptionalLong.empty() : OptionalLong.of(uidNext);
  }

  /** {@return the flags defined in the mailbox (the FLAGS response)} */
  public List<Flag> flags() {
    return flags;
  }

  /** {@return the flags the client can change permanently ({@code [PERMANENTFLAGS]})} */
  public List<Flag> permanentFlags() {
    return permanentFlags;
  }

  /**
   * The UID of message {@code seq}, if a FETCH response named it.
   *
   * @param seq the message sequence number
   * @return the UID, or empty when not known
   */
  public OptionalLong uidAt(long seq) {
    long u = uids.uidAt(seq);
    return u == 0 ? OptionalLong.empty() : OptionalLong.of(u);
  }

  /**
   * The current sequence number of the message with {@code uid}, if known.
   *
   * @param uid the UID
   * @return the sequence number, or empty when not known
   */
  public OptionalLong seqOf(long uid) {
    long s = uids.seqOf(uid);
    return s == 0 ? OptionalLong.empty() : OptionalLong.of(s);
  }

  boolean requestedReadOnly() {
    return requestedReadOnly;
  }

  void readOnly(boolean on) {
    readOnly = on;
  }

  void flags(List<Flag> f) {
    flags = List.copyOf(f);
  }

  void permanentFlags(List<Flag> f) {
    permanentFlags = List.copyOf(f);
  }

  void uidValidity(long v) {
    uidValidity = v;
  }

  void uidNext(long v) {
    uidNext = v;
  }

  /** A {@code [HIGHESTMODSEQ]} or {@code [NOMODSEQ]} (0): used as given, even below a MODSEQ seen (RFC 7162 §6). */
  void highestModSeq(long v) {
    highestModSeq = v;
    modSeqCode = true;
  }

  /** A MODSEQ in a FETCH response; it counts only at the next tagged response (RFC 7162 §6). */
  void modSeqSeen(long v) {
    modSeqSeen = Math.max(modSeqSeen, v);
  }

  /**
   * A tagged response arrived (RFC 7162 §6): unless a {@code HIGHESTMODSEQ} code came since the last one, the highest
   * MODSEQ of the FETCH responses since then becomes the mailbox's when it is higher. Not before, since a server may
   * send MODSEQ out of order and hold back expunges with lower ones.
   */
  void taggedResponse() {
    if (!modSeqCode && modSeqSeen > highestModSeq && highestModSeq > 0) {
      highestModSeq = modSeqSeen;
    }
    modSeqCode = false;
    modSeqSeen = 0;
  }

  /**
   * The mailbox's highest mod-sequence as the server last announced it ({@code [HIGHESTMODSEQ]}, RFC 7162 §3.1.2.1),
   * to keep with a cache for the next {@code SELECT (QRESYNC ...)}.
   *
   * @return the mod-sequence, or empty when the server announced none ({@code NOMODSEQ} or no CONDSTORE)
   */
  public OptionalLong highestModSeq() {
    return highestModSeq == 0 ? OptionalLong.empty() : OptionalLong.of(highestModSeq);
  }

  /**
   * {@code * VANISHED uids} (RFC 7162 §3.2.10): the messages are gone, the count shrinks by as many. A message whose
   * number the client does not track is removed from the count only, and the tracked numbers are then dropped
   * (their positions are no longer known).
   *
   * @return false when the UIDs are more than the messages
   */
  boolean vanished(UidSet gone) {
    if (gone.size() > exists) {
      return false;
    }
    boolean lost = false;
    for (long i = gone.size(); i >= 1; i--) {
      long seq = uids.seqOf(gone.select(i));
      if (seq == 0) {
        lost = true;
      } else {
        uids.expunge(seq);
      }
    }
    exists -= gone.size();
    if (lost) {
      uids.clear();
    }
    return true;
  }

  /** EXISTS: false when it shrinks the count (only EXPUNGE does, RFC 9051 §7.3.1). */
  boolean exists(long count) {
    if (count < exists) {
      return false;
    }
    exists = count;
    return true;
  }

  /** EXPUNGE {@code seq}: its UID (0 when unknown), or -1 when there is no such message. */
  long expunge(long seq) {
    if (seq > exists) {
      return -1;
    }
    exists--;
    return uids.expunge(seq);
  }

  /** FETCH names message {@code seq}'s UID: false when the message does not exist or the UID contradicts. */
  boolean fetched(long seq, long uid) {
    if (seq > exists) {
      return false;
    }
    return uid == 0 || uids.put(seq, uid);
  }

  @Override
  public String toString() {
    return "ClientMailbox[" + name + ", exists=" + exists + (readOnly ? ", read-only" : "") + "]";
  }
}
