package dev.missive.wire;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Objects;

/**
 * An engine's output not yet drained by the host, with a soft limit (docs/architecture.md, "Output").
 *
 * <p>Engines write replies here and the host drains them in order with {@link #drainTo(ByteBuffer)}. Past the soft
 * limit an engine stops consuming input ({@link ProtocolEngine#wantsInput()} false) until the host drains, so a
 * client that pipelines commands without reading replies cannot grow memory without bound; nothing already
 * written is ever dropped. Small writes are packed into shared blocks. The first block of an empty queue is small
 * (512 octets) and is kept for reuse, so an engine that answers and is drained in turn allocates nothing per reply
 * and an idle engine holds no more than that; while output streams, drained 4 KiB blocks are reused too, and they
 * are given back once the queue has been drained empty.
 */
public final class OutputQueue {

  private static final int SMALL = 512;
  /** The bounds of {@link #OutputQueue(int, int)}'s first block: below a line, or as large as a streaming block. */
  private static final int MIN_FIRST = 64;
  private static final int MAX_FIRST = 2048;
  private static final int BLOCK = 4096;
  /**
   * The least room a block's tail must have to take stuffed content: {@link DotStuffer#encode} progresses only with
   * three octets free, and a tail shorter than a line would cost a call per few octets.
   */
  private static final int MIN_STUFFING_ROOM = 64;

  private final int softLimit;
  /** Most sessions have one or two blocks waiting: a small deque, grown on demand. */
  private final ArrayDeque<ByteBuffer> blocks = new ArrayDeque<>(4);
  /** The size of the block an empty queue writes into: {@link #SMALL} unless the engine knows its replies' size. */
  private final int small;
  /** A drained block of {@link #small} octets, cleared, for the next write to an empty queue; or null. */
  private ByteBuffer spareSmall;
  /**
   * Drained blocks of {@link #BLOCK} octets, cleared, kept while output streams (at most {@link #maxSpares}); made
   * when the first such block is drained (most sessions never write one).
   */
  private ArrayDeque<ByteBuffer> spares;
  private final int maxSpares;
  private int size;
  private long totalWritten;
  private long totalDrained;

  /**
   * Creates an empty queue.
   *
   * @param softLimit the size past which {@link #isOverLimit()} reports true
   */
  public OutputQueue(int softLimit) {
    this(softLimit, SMALL);
  }

  /**
   * Creates an empty queue whose first block, the one kept for the next write to an empty queue, has
   * {@code firstBlock} octets instead of 512: an engine whose usual replies are known to be shorter (an SMTP server
   * sizes it from its greeting and EHLO reply) keeps less per idle session and allocates less per new one. A reply
   * that does not fit goes on in a further block, as any write does.
   *
   * @param softLimit  the size past which {@link #isOverLimit()} reports true
   * @param firstBlock the first block's size, 64 to 2048 octets
   */
  public OutputQueue(int softLimit, int firstBlock) {
    if (softLimit < 1) {
      throw new IllegalArgumentException("softLimit must be positive: " + softLimit);
    }
    if (firstBlock < MIN_FIRST || firstBlock > MAX_FIRST) {
      throw new IllegalArgumentException("firstBlock must be " + MIN_FIRST + " to " + MAX_FIRST + ": " + firstBlock);
    }
    this.softLimit = softLimit;
    this.maxSpares = softLimit / BLOCK + 1;
    this.small = firstBlock;
  }

  /**
   * Appends all of {@code b}.
   *
   * @param b the octets
   */
  public void write(byte[] b) {
    write(b, 0, b.length);
  }

  /**
   * Appends {@code len} octets of {@code b} from {@code off}.
   *
   * @param b   the array
   * @param off the first octet's index
   * @param len how many octets
   */
  public void write(byte[] b, int off, int len) {
    Objects.checkFromIndexSize(off, len, b.length);
    size += len;
    totalWritten += len;
    while (len > 0) { // copied straight from the array: no buffer wrapped around it
      ByteBuffer tail = tailWithRoom(len);
      int n = Math.min(tail.remaining(), len);
      tail.put(b, off, n);
      off += n;
      len -= n;
    }
  }

  /**
   * Appends the remaining octets of {@code b}, advancing its position.
   *
   * @param b the octets; its position advances to its limit
   */
  public void write(ByteBuffer b) {
    int n = b.remaining();
    size += n;
    totalWritten += n;
    int end = b.limit();
    while (b.hasRemaining()) {
      ByteBuffer tail = tailWithRoom(b.remaining());
      b.limit(b.position() + Math.min(tail.remaining(), b.remaining()));
      tail.put(b);
      b.limit(end);
    }
  }

  /**
   * Appends all of {@code content} dot-stuffed and CRLF-canonicalised by {@code stuffer} (RFC 5321 §4.5.2,
   * RFC 1939 §3), encoded straight into the queue's blocks: the same octets as encoding into a buffer of one's own
   * and {@link #write(ByteBuffer) writing} that, without the intermediate buffer or its copy. Ending the content
   * ({@link DotStuffer#finish}) stays the caller's.
   *
   * @param content the content; its position advances to its limit
   * @param stuffer the stuffer, carrying the line state from the content written before
   */
  public void writeDotStuffed(ByteBuffer content, DotStuffer stuffer) {
    while (content.hasRemaining()) {
      ByteBuffer tail = blocks.peekLast();
      if (tail == null || tail.remaining() < MIN_STUFFING_ROOM) {
        tail = newBlock(BLOCK);
      }
      int before = tail.position();
      stuffer.encode(content, tail);
      int n = tail.position() - before;
      size += n;
      totalWritten += n;
    }
  }

  /**
   * Appends US-ASCII text.
   *
   * @param s the text, US-ASCII only
   * @throws IllegalArgumentException if a char is outside US-ASCII (never narrowed to a byte)
   */
  public void writeAscii(CharSequence s) {
    int i = firstNonAscii(s);
    if (i >= 0) {
      throw new IllegalArgumentException("not US-ASCII at index " + i + ": U+" + Integer.toHexString(s.charAt(i)));
    }
    putAscii(s);
  }

  /**
   * Appends text encoded as UTF-8 (RFC 6531, RFC 6856 sessions).
   *
   * @param s the text
   */
  public void writeUtf8(CharSequence s) {
    if (firstNonAscii(s) < 0) {
      putAscii(s); // US-ASCII is its own UTF-8 encoding
    } else {
      write(s.toString().getBytes(StandardCharsets.UTF_8));
    }
  }

  private static int firstNonAscii(CharSequence s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) > 0x7F) {
        return i;
      }
    }
    return -1;
  }

  /** Appends {@code s}, all US-ASCII, one octet per character, without an intermediate array. */
  private void putAscii(CharSequence s) {
    int n = s.length();
    if (n == 0) {
      return;
    }
    ByteBuffer tail = blocks.peekLast();
    if (tail == null || tail.remaining() < n) {
      tail = newBlock(n);
    }
    for (int i = 0; i < n; i++) {
      tail.put((byte) (s.charAt(i) & 0x7F)); // checked US-ASCII: the octet is the code point
    }
    size += n;
    totalWritten += n;
  }

  /** The last block when it has room left, else a new one for up to {@code wanted} octets (at most a block's). */
  private ByteBuffer tailWithRoom(int wanted) {
    ByteBuffer tail = blocks.peekLast();
    return tail != null && tail.hasRemaining() ? tail : newBlock(Math.min(wanted, BLOCK));
  }

  /** Appends an empty block with room for {@code n} octets, reusing a spare one when one is big enough. */
  private ByteBuffer newBlock(int n) {
    ByteBuffer b;
    if (blocks.isEmpty() && n <= small) {
      b = spareSmall != null ? spareSmall : ByteBuffer.allocate(small);
      spareSmall = null;
    } else if (n <= BLOCK && spares != null && !spares.isEmpty()) {
      b = spares.pollFirst();
    } else {
      b = ByteBuffer.allocate(Math.max(BLOCK, n));
    }
    blocks.addLast(b);
    return b;
  }

  /** {@return whether any octets wait to be drained} */
  public boolean hasOutput() {
    return size > 0;
  }

  /** {@return octets waiting to be drained} */
  public int size() {
    return size;
  }

  /** {@return whether the waiting octets exceed the soft limit} */
  public boolean isOverLimit() {
    return size > softLimit;
  }

  /**
   * Copies as many waiting octets as fit into {@code out}, in order.
   *
   * @param out the buffer to fill; its position advances
   */
  public void drainTo(ByteBuffer out) {
    while (out.hasRemaining() && !blocks.isEmpty()) {
      ByteBuffer head = blocks.peekFirst();
      head.flip();
      int n = Math.min(head.remaining(), out.remaining());
      int oldLimit = head.limit();
      head.limit(head.position() + n);
      out.put(head);
      head.limit(oldLimit);
      size -= n;
      totalDrained += n;
      if (head.hasRemaining()) {
        head.compact();
        break;
      }
      blocks.pollFirst();
      if (head.capacity() == small) {
        spareSmall = head.clear();
      } else if (head.capacity() == BLOCK) {
        if (spares == null) {
          spares = new ArrayDeque<>();
        }
        if (spares.size() < maxSpares) {
          spares.addLast(head.clear());
        }
      }
    }
    if (size == 0 && spares != null) {
      spares.clear(); // drained empty: an idle engine keeps no more than the small block
    }
  }

  /**
   * Octets drained since creation; an engine compares it with {@link #totalWritten()} to see what was sent.
   *
   * @return the number of octets drained so far
   */
  public long totalDrained() {
    return totalDrained;
  }

  /** {@return octets written since creation} */
  public long totalWritten() {
    return totalWritten;
  }

  /** Drops everything waiting (for example when a session is torn down). */
  public void clear() {
    blocks.clear();
    spares = null;
    size = 0;
  }
}
