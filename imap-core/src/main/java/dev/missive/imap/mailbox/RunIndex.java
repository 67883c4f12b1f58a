package dev.missive.imap.mailbox;

/**
 * The sparse index over a {@link UidSet}'s encoded runs: for every {@value #STRIDE}-th run, where its encoding
 * starts, the last UID of the run before it and how many UIDs come before it. A rank or select query finds its entry
 * by binary search and decodes at most {@value #STRIDE} runs from there, so both are logarithmic in the number of
 * runs. UIDs and counts fit 32 bits unsigned (RFC 9051 §2.3.1.1: UIDs are at most 4 294 967 295).
 */
final class RunIndex {

  /** How many runs one entry covers. */
  static final int STRIDE = 16;
  private static final int[] NONE = new int[0];

  private int[] offset = NONE;
  private int[] previousEnd = NONE;
  private int[] countBefore = NONE;
  private boolean stale = true;

  /** {@return whether the runs changed since the index was built} */
  boolean stale() {
    return stale;
  }

  /** Marks the index out of date: the runs changed. */
  void invalidate() {
    stale = true;
  }

  /**
   * Starts building the index again, for {@code runCount} runs; {@link #put} then sets each entry.
   *
   * @param runCount the number of runs
   */
  void rebuild(int runCount) {
    int entries = Math.max(1, (runCount + STRIDE - 1) / STRIDE);
    offset = new int[entries];
    previousEnd = new int[entries];
    countBefore = new int[entries];
    stale = false;
  }

  /** Sets the entry of run {@code run}, a multiple of {@link #STRIDE}. */
  void put(int run, int runOffset, long endBefore, long uidsBefore) {
    offset[run / STRIDE] = runOffset;
    previousEnd[run / STRIDE] = (int) endBefore;
    countBefore[run / STRIDE] = (int) uidsBefore;
  }

  /** {@return where a rank query for {@code uid} starts: the last entry whose run before it ends below {@code uid}} */
  int entryForUid(long uid) {
    return search(previousEnd, uid - 1);
  }

  /** {@return the last entry with fewer than {@code position} UIDs before it: where a select query starts} */
  int entryForPosition(long position) {
    return search(countBefore, position - 1);
  }

  /** {@return the first run of entry {@code entry}} */
  static int firstRun(int entry) {
    return entry * STRIDE;
  }

  /** {@return the byte offset of entry {@code entry}'s first run} */
  int offset(int entry) {
    return offset[entry];
  }

  /** {@return the last UID of the run before entry {@code entry}'s first run, 0 for none} */
  long previousEnd(int entry) {
    return previousEnd[entry] & 0xFFFF_FFFFL;
  }

  /** {@return how many UIDs come before entry {@code entry}'s first run} */
  long countBefore(int entry) {
    return countBefore[entry] & 0xFFFF_FFFFL;
  }

  /** The last index entry whose value (unsigned) is at most {@code key}. */
  private static int search(int[] values, long key) {
    int lo = 0;
    int hi = values.length - 1;
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      if ((values[mid] & 0xFFFF_FFFFL) <= key) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return lo;
  }
}
