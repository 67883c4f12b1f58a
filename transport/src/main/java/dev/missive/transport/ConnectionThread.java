package dev.missive.transport;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A thread of the blocking server's own pool ({@link ConnectionThreads}): it keeps the input and output buffers of the
 * connection it last served for the next one, so a new connection on a reused thread allocates none (in the
 * one-connection-per-message profile the allocation of {@link BlockingLoop}'s two buffers was a quarter of the
 * samples). At most one pair per thread, no bigger than {@link BlockingLoop}'s largest buffers, and gone with the
 * thread when the pool ends it. Nothing of a connection outlives it in a kept buffer: its octets are zeroed when it is
 * kept, so a view of it that a host held on to past its session (an engine's content chunk, say) reads zeros, never
 * the next connection's octets. Other executors' threads (the user's, virtual threads) keep nothing.
 */
final class ConnectionThread extends Thread {

  private ByteBuffer input;
  private ByteBuffer output;

  ConnectionThread(Runnable task, String name) {
    super(task, name);
    setDaemon(true);
  }

  /**
   * {@return the input buffer kept on the current thread, in read mode with nothing in it, or a new one}
   *
   * @param capacity the capacity of a new buffer
   */
  static ByteBuffer input(int capacity) {
    if (Thread.currentThread() instanceof ConnectionThread t && t.input != null) {
      ByteBuffer kept = t.input;
      t.input = null;
      return kept.clear().flip();
    }
    return ByteBuffer.allocate(capacity).flip();
  }

  /**
   * {@return the output buffer kept on the current thread, cleared, or a new one}
   *
   * @param capacity the capacity of a new buffer
   */
  static ByteBuffer output(int capacity) {
    if (Thread.currentThread() instanceof ConnectionThread t && t.output != null) {
      ByteBuffer kept = t.output;
      t.output = null;
      return kept.clear();
    }
    return ByteBuffer.allocate(capacity);
  }

  /** Keeps a finished connection's buffers on the current thread for its next connection, if it is a pool thread. */
  static void keep(ByteBuffer input, ByteBuffer output) {
    if (Thread.currentThread() instanceof ConnectionThread t) {
      Arrays.fill(input.array(), (byte) 0);
      Arrays.fill(output.array(), (byte) 0);
      t.input = input;
      t.output = output;
    }
  }
}
