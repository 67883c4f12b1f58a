package dev.missive.imap.mailbox;

import dev.missive.imap.SequenceSet;
import java.util.Arrays;

/**
 * A set of UIDs (1 to 4 294 967 295, RFC 9051 §2.3.1.1) kept as ascending runs of consecutive numbers, encoded
 * compactly: each run is two variable-length integers (the gap since the previous run, the run's length), so a
 * mailbox whose UIDs are mostly consecutive costs a few octets per gap, not per message. A sparse index over the runs
 * makes {@link #rank(long)} and {@link #select(long)} logarithmic; it is rebuilt after changes, on the next query.
 *
 * <p>In a selected mailbox the UIDs in ascending order are the messages in sequence-number order, so the rank of a
 * UID is its message sequence number (RFC 9051 §2.3.1.2). Mutable; not thread-safe.
 */
public final class UidSet {

  private static final long MAX = SequenceSet.MAX_NUMBER;
  private static final byte[] NO_BYTES = new byte[0];

  /** Runs: for each, varint(start - previous end - 1, or start for the first), varint(end - start). */
  private byte[] runs = NO_BYTES;
  private int used;
  private int runCount;
  private long size;
  private long last;
  private final RunIndex index = new RunIndex();
  /** Where the last run's encoding starts, and its first UID (for appends at the end). */
  private int lastRunOffset;
  private long lastRunStart;
  /** The run {@link #decodeRun} read last: its first and last UID and the offset of the next run. */
  private long runStart;
  private long runEnd;
  private int runNext;

  /** An empty set. */
  public UidSet() {}

  /**
   * The UIDs of a sequence set without {@code *} or {@code $}.
   *
   * @param set the UIDs
   * @return the set
   */
  public static UidSet of(SequenceSet set) {
    UidSet s = new UidSet();
    long[] r = set.resolve(0);
    for (int i = 0; i < r.length; i += 2) {
      s.addRange(r[i], r[i + 1]);
    }
    return s;
  }

  /** {@return how many UIDs the set holds} */
  public long size() {
    return size;
  }

  /** {@return whether the set is empty} */
  public boolean isEmpty() {
    return size == 0;
  }

  /** {@return the largest UID, or 0 when empty} */
  public long last() {
    return last;
  }

  /** {@return the number of runs of consecutive UIDs} */
  public int runCount() {
    return runCount;
  }

  /**
   * Whether the set holds {@code uid}.
   *
   * @param uid the UID
   * @return whether it is in the set
   */
  public boolean contains(long uid) {
    return rank(uid) > 0;
  }

  /**
   * The 1-based position of {@code uid} among the UIDs in ascending order (its sequence number in a view).
   *
   * @param uid the UID
   * @return its position, or 0 if the set does not hold it
   */
  public long rank(long uid) {
    if (uid < 1 || uid > last) {
      return 0;
    }
    index();
    int cp = index.entryForUid(uid);
    int off = index.offset(cp);
    long prevEnd = index.previousEnd(cp);
    long before = index.countBefore(cp);
    for (int r = RunIndex.firstRun(cp); r < runCount; r++) {
      decodeRun(off, prevEnd);
      if (uid < runStart) {
        return 0;
      }
      if (uid <= runEnd) {
        return before + (uid - runStart) + 1;
      }
      before += runEnd - runStart + 1;
      prevEnd = runEnd;
      off = runNext;
    }
    return 0;
  }

  /**
   * The UID at a 1-based position (the UID of a sequence number in a view).
   *
   * @param position the position, 1 to {@link #size()}
   * @return the UID, or 0 if the position is out of range
   */
  public long select(long position) {
    if (position < 1 || position > size) {
      return 0;
    }
    index();
    int cp = index.entryForPosition(position);
    int off = index.offset(cp);
    long prevEnd = index.previousEnd(cp);
    long before = index.countBefore(cp);
    for (int r = RunIndex.firstRun(cp); r < runCount; r++) {
      decodeRun(off, prevEnd);
      long n = runEnd - runStart + 1;
      if (position <= before + n) {
        return runStart + (position - before - 1);
      }
      before += n;
      prevEnd = runEnd;
      off = runNext;
    }
    return 0;
  }

  /**
   * Adds one UID.
   *
   * @param uid the UID, 1 to 4 294 967 295
   * @return whether it was not already there
   */
  public boolean add(long uid) {
    return addRange(uid, uid) > 0;
  }

  /**
   * Adds the UIDs from {@code first} to {@code last}.
   *
   * @param first the first UID
   * @param lastUid  the last UID, at least {@code first}
   * @return how many were not already there
   */
  public long addRange(long first, long lastUid) {
    check(first);
    check(lastUid);
    if (first > lastUid) {
      throw new IllegalArgumentException("first > last");
    }
    if (first > last + 1 || size == 0) {
      appendRun(first, lastUid);
      return lastUid - first + 1;
    }
    if (first == last + 1) {
      extendLastRun(lastUid);
      return lastUid - first + 1;
    }
    return rewrite(first, lastUid, true);
  }

  /**
   * Removes one UID.
   *
   * @param uid the UID
   * @return whether it was there
   */
  public boolean remove(long uid) {
    if (uid < 1 || uid > last) {
      return false;
    }
    return rewrite(uid, uid, false) > 0;
  }

  /** Removes every UID. */
  public void clear() {
    runs = NO_BYTES;
    used = 0;
    runCount = 0;
    size = 0;
    last = 0;
    lastRunOffset = 0;
    lastRunStart = 0;
    index.invalidate();
  }

  /** Receives each run of consecutive UIDs, ascending. */
  @FunctionalInterface
  public interface RunConsumer {
    /**
     * One run.
     *
     * @param first its first UID
     * @param last  its last UID
     */
    void accept(long first, long last);
  }

  /**
   * Calls {@code consumer} for each run of consecutive UIDs, ascending.
   *
   * @param consumer the receiver
   */
  public void forEachRun(RunConsumer consumer) {
    int off = 0;
    long prevEnd = 0;
    for (int r = 0; r < runCount; r++) {
      decodeRun(off, prevEnd);
      long a = runStart;
      long b = runEnd;
      prevEnd = b;
      off = runNext;
      consumer.accept(a, b);
    }
  }

  /** {@return the UIDs as a sequence set (UIDPLUS's uid-set), or null when empty} */
  public SequenceSet toSequenceSet() {
    if (runCount == 0) {
      return null;
    }
    return SequenceSet.ofRanges(pairs());
  }

  // ---- encoding ----

  private void appendRun(long first, long lastUid) {
    ensure(20);
    lastRunOffset = used;
    lastRunStart = first;
    used = UidRuns.writeVarint(runs, used, runCount == 0 ? first : first - last - 1);
    used = UidRuns.writeVarint(runs, used, lastUid - first);
    runCount++;
    size += lastUid - first + 1;
    last = lastUid;
    index.invalidate();
  }

  /** Extends the last run to {@code lastUid}: only its length is written again (new messages get the next UIDs). */
  private void extendLastRun(long lastUid) {
    int off = lastRunOffset;
    while (runs[off] < 0) {
      off++;
    }
    off++;
    used = off;
    ensure(10);
    used = UidRuns.writeVarint(runs, used, lastUid - lastRunStart);
    size += lastUid - last;
    last = lastUid;
    index.invalidate();
  }

  /**
   * Removes every UID of {@code other} in one pass.
   *
   * @param other the UIDs to remove
   * @return how many were removed
   */
  public long removeAll(UidSet other) {
    if (other.isEmpty() || isEmpty()) {
      return 0;
    }
    long[] mine = pairs();
    long[] theirs = other.pairs();
    long[] out = new long[mine.length + theirs.length + 2];
    int n = UidRuns.subtract(mine, theirs, out);
    long before = size;
    encode(out, n);
    return before - size;
  }

  /**
   * Adds or removes {@code [first, lastUid]} by decoding every run, changing them and encoding them again: linear in
   * the number of runs, which is what a gap-encoded set costs; adds past the end take {@link #appendRun} instead.
   *
   * @return how many UIDs were added or removed
   */
  private long rewrite(long first, long lastUid, boolean add) {
    long[] out = new long[(runCount + 2) * 2];
    int n = UidRuns.change(pairs(), first, lastUid, add, out);
    long before = size;
    encode(out, n);
    return Math.abs(size - before);
  }

  /** {@return the runs as first/last pairs, ascending} */
  private long[] pairs() {
    long[] pairs = new long[runCount * 2];
    int[] i = {0};
    forEachRun((a, b) -> {
      pairs[i[0]++] = a;
      pairs[i[0]++] = b;
    });
    return pairs;
  }

  private void encode(long[] pairs, int n) {
    UidRuns.Encoded e = UidRuns.encode(pairs, n);
    runs = e.bytes();
    used = e.used();
    runCount = n / 2;
    lastRunStart = n == 0 ? 0 : pairs[n - 2];
    lastRunOffset = e.lastRunOffset();
    size = e.size();
    last = n == 0 ? 0 : pairs[n - 1];
    index.invalidate();
  }

  /** Reads the run at {@code off}, after a run ending at {@code prevEnd}, into the run fields. */
  private void decodeRun(int off, long prevEnd) {
    long gap = 0;
    int shift = 0;
    byte x;
    do {
      x = runs[off++];
      gap |= (long) (x & 0x7F) << shift;
      shift += 7;
    } while (x < 0);
    long len = 0;
    shift = 0;
    do {
      x = runs[off++];
      len |= (long) (x & 0x7F) << shift;
      shift += 7;
    } while (x < 0);
    runStart = prevEnd == 0 ? gap : prevEnd + 1 + gap;
    runEnd = runStart + len;
    runNext = off;
  }

  /** Builds the index again if the runs changed since: one pass over them. */
  private void index() {
    if (!index.stale()) {
      return;
    }
    index.rebuild(runCount);
    int off = 0;
    long prevEnd = 0;
    long before = 0;
    for (int r = 0; r < runCount; r++) {
      if (r % RunIndex.STRIDE == 0) {
        index.put(r, off, prevEnd, before);
      }
      decodeRun(off, prevEnd);
      before += runEnd - runStart + 1;
      prevEnd = runEnd;
      off = runNext;
    }
  }

  private void ensure(int n) {
    if (used + n > runs.length) {
      runs = Arrays.copyOf(runs, Math.max(used + n, runs.length + runs.length / 2 + 8));
    }
  }

  private static void check(long uid) {
    if (uid < 1 || uid > MAX) {
      throw new IllegalArgumentException("not a UID: " + uid);
    }
  }

  @Override
  public String toString() {
    SequenceSet s = toSequenceSet();
    return s == null ? "()" : s.format();
  }
}
