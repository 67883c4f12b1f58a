package dev.missive.message.stream;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The parser's bounded input buffer: octets fed but not yet consumed, in {@code buf[pos, lim)}, with the input
 * offset of {@code buf[0]} so events can name absolute offsets. Compaction keeps whatever the parser still needs
 * (a held-back line ending); its capacity bounds the parser's memory whatever the message size. The array starts
 * empty and grows (up to the capacity) only when input is waiting that does not fit and what the parser still
 * holds fills more than half of it, so a small message never pays for the full capacity, nor a large one fed in
 * large chunks; a grown-out array stays intact, so slices of it handed out earlier remain valid.
 *
 * <p>A whole message held in memory can instead be {@linkplain #borrow borrowed}: the window reads the caller's
 * array in place, never writes to it, and takes no more input.
 */
final class InputWindow {

  private static final int INITIAL = 1024;
  /**
   * The most a large chunk makes the window grow to at once: enough for few steps per chunk (the size of a socket
   * read), while what the parser must hold (a long field, a delimiter's tail) grows it further as needed.
   */
  private static final int STREAMING = 16 * 1024;
  private static final byte[] NONE = new byte[0];
  /** Eight octets at a time for the LF search (the order does not matter to "is one of them LF"). */
  private static final VarHandle WORDS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long ONE_PER_OCTET = 0x0101010101010101L;
  private static final long LF_PER_OCTET = ONE_PER_OCTET * '\n';
  private static final long HIGH_BITS = ONE_PER_OCTET << 7;

  byte[] buf;
  private final int capacity;
  int pos;
  int lim;
  boolean ended;
  private long base;
  /**
   * Non-zero when an octet above US-ASCII was among those the last {@link #indexOfLf} read; it may also count a few
   * octets after the LF (the rest of its eight-octet word), never fewer than the octets before it.
   */
  long scannedHigh;

  InputWindow(int capacity) {
    this.capacity = capacity;
    this.buf = NONE;
  }

  /**
   * Reads {@code message[offset, offset + length)} in place as the whole input: nothing is copied, the array is
   * never written (no more input is taken, so nothing is compacted), and offsets count from {@code offset}.
   *
   * @throws IllegalStateException if input was already taken
   */
  void borrow(byte[] message, int offset, int length) {
    if (lim != 0 || ended || base != 0) {
      throw new IllegalStateException("the window already holds input");
    }
    buf = message;
    pos = offset;
    lim = offset + length;
    base = -offset;
    ended = true;
  }

  /** Moves {@code buf[keepFrom, lim)} to the front, then copies in what fits of {@code in}. */
  void fill(ByteBuffer in, int keepFrom, boolean mayCompact) {
    if (mayCompact && keepFrom > 0) {
      System.arraycopy(buf, keepFrom, buf, 0, lim - keepFrom);
      base += keepFrom;
      pos -= keepFrom;
      lim -= keepFrom;
    }
    int wanted = in.remaining();
    int free = buf.length - lim;
    if (wanted > free && buf.length < capacity && free <= buf.length / 2) {
      grow((long) lim + Math.min(wanted, STREAMING));
    }
    int n = Math.min(wanted, buf.length - lim);
    in.get(buf, lim, n);
    lim += n;
  }

  /** Replaces the array with one of at least {@code needed} octets (at most the capacity), keeping the content. */
  private void grow(long needed) {
    long doubled = Math.max(INITIAL, 2L * buf.length);
    int size = (int) Math.min(capacity, Math.max(needed, doubled));
    buf = Arrays.copyOf(buf, size);
  }

  /** The input offset of {@code buf[index]}. */
  long absolute(int index) {
    return base + index;
  }

  /**
   * The index of the first LF in {@code buf[from, lim)}, or -1: eight octets at a time, the LF's place in its word
   * taken from the lowest octet that matched (the test has no false match below the first LF). Also sets
   * {@link #scannedHigh}, so a header line is read once for both questions.
   */
  int indexOfLf(int from) {
    int i = from;
    long high = 0;
    for (; i + 2 * Long.BYTES <= lim; i += 2 * Long.BYTES) { // two words per test: header lines are ~70 octets
      long w0 = (long) WORDS.get(buf, i);
      long w1 = (long) WORDS.get(buf, i + Long.BYTES);
      long x0 = w0 ^ LF_PER_OCTET;
      long x1 = w1 ^ LF_PER_OCTET;
      long lf0 = (x0 - ONE_PER_OCTET) & ~x0 & HIGH_BITS;
      long lf1 = (x1 - ONE_PER_OCTET) & ~x1 & HIGH_BITS;
      high |= w0 | w1;
      if ((lf0 | lf1) != 0) {
        scannedHigh = high & HIGH_BITS;
        return lf0 != 0 ? i + (Long.numberOfTrailingZeros(lf0) >>> 3)
            : i + Long.BYTES + (Long.numberOfTrailingZeros(lf1) >>> 3);
      }
    }
    for (; i + Long.BYTES <= lim; i += Long.BYTES) {
      long w = (long) WORDS.get(buf, i);
      long x = w ^ LF_PER_OCTET; // an LF octet becomes zero
      long lf = (x - ONE_PER_OCTET) & ~x & HIGH_BITS;
      high |= w;
      if (lf != 0) {
        scannedHigh = high & HIGH_BITS;
        return i + (Long.numberOfTrailingZeros(lf) >>> 3);
      }
    }
    for (; i < lim; i++) {
      byte b = buf[i];
      high |= b;
      if (b == '\n') {
        scannedHigh = high & HIGH_BITS;
        return i;
      }
    }
    scannedHigh = high & HIGH_BITS;
    return -1;
  }

  /** A read-only view of {@code buf[from, to)}. */
  ByteBuffer slice(int from, int to) {
    return ByteBuffer.wrap(buf, from, to - from).slice().asReadOnlyBuffer();
  }
}
