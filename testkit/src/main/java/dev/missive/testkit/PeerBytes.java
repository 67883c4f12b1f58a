package dev.missive.testkit;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * What a peer sends in one fuzzed session, handed to an engine read by read as a transport would (FUZZING.md,
 * "Adding an engine target"). An octet {@code 0x16} (a TLS record's first octet) marks where the peer's TLS
 * handshake begins, which gives every target the same two rules:
 * <ul>
 *   <li><b>No read spans the marker.</b> A peer sends nothing after the command or reply that announces TLS until
 *   the handshake (RFC 3207 §4, RFC 2595 §4): a client waits for the server's {@code 220}/{@code +OK}, a server for
 *   the client's first handshake record. So the plaintext before the marker and the records after it never come in
 *   one read, whatever the feeding.</li>
 *   <li><b>Plaintext where the handshake should begin breaks it.</b> When the engine asks for TLS, what follows in
 *   the input up to the marker is plaintext the peer sent after its announcement in a later read than it. A real
 *   TLS layer would be handed those octets as the handshake's first record and fail on them (they are not a TLS
 *   record), so they never reach the engine: {@link #startTls()} drops them and says so. Octets after the
 *   announcement in the <em>same</em> read reach the engine, which must refuse them itself (docs/security.md,
 *   "Commands injected before the handshake" and "Replies injected before the client's handshake").</li>
 * </ul>
 */
public final class PeerBytes {

  /** The octet that marks where the peer's TLS handshake begins. */
  public static final byte TLS_START = 0x16;

  private final byte[] bytes;
  private int position;
  private int pausedAt = -1;
  private int turnEnd; // where the current turn's octets end: the next marker after position, or the end

  /**
   * The peer's bytes, read from the start.
   *
   * @param bytes everything the peer sends, TLS start markers included; not copied
   */
  public PeerBytes(byte[] bytes) {
    this.bytes = Objects.requireNonNull(bytes, "bytes");
  }

  /** {@return whether octets are left to read} */
  public boolean hasMore() {
    return position < bytes.length;
  }

  /** {@return how many octets the engine took so far} */
  public int position() {
    return position;
  }

  /**
   * The last line the engine took, for a target that checks what a command was (an UPDATE comes only after QUIT).
   *
   * @return the octets of that line without its line ending, one char per octet (ISO-8859-1)
   */
  public String lastLine() {
    int end = position;
    while (end > 0 && (bytes[end - 1] == '\n' || bytes[end - 1] == '\r')) {
      end--;
    }
    int start = end;
    while (start > 0 && bytes[start - 1] != '\n' && bytes[start - 1] != '\r') {
      start--;
    }
    return new String(bytes, start, end - start, StandardCharsets.ISO_8859_1);
  }

  /** {@return how many octets the engine had taken when it last asked for TLS, or -1 before it asked} */
  public int pausedAt() {
    return pausedAt;
  }

  /** {@return how many octets the peer sends in all} */
  public int length() {
    return bytes.length;
  }

  /**
   * The next read: as many octets as {@code splitter} gives, never past the next TLS start marker. Tell
   * {@link #took(ByteBuffer)} what the engine consumed.
   *
   * @param splitter the feeding's splitter for this run
   * @return a view of the next octets, positioned at the first
   * @throws IllegalStateException if nothing is left
   */
  public ByteBuffer nextRead(Feeding.Splitter splitter) {
    if (!hasMore()) {
      throw new IllegalStateException("nothing left to read");
    }
    if (turnEnd <= position) { // no marker lies between position and turnEnd once it was searched past position
      turnEnd = position + 1;
      while (turnEnd < bytes.length && bytes[turnEnd] != TLS_START) {
        turnEnd++;
      }
    }
    return ByteBuffer.wrap(bytes, position, splitter.next(position, turnEnd - position));
  }

  /**
   * Records what the engine consumed of a read; what it left is offered again in the next.
   *
   * @param read the buffer {@link #nextRead} returned, after the engine's {@code receive}
   */
  public void took(ByteBuffer read) {
    position = read.position();
  }

  /**
   * The engine asked for TLS: drops what the peer sent before its handshake, up to and including the marker.
   *
   * @return whether the handshake succeeds: nothing or the marker came next; false when plaintext octets were
   *     waiting where the first handshake record should be (dropped too)
   */
  public boolean startTls() {
    pausedAt = position;
    boolean clean = position == bytes.length || bytes[position] == TLS_START;
    while (position < bytes.length && bytes[position++] != TLS_START) {
      // plaintext before the handshake: the TLS layer fails on it, the engine never sees it
    }
    return clean;
  }
}
