package dev.missive.transport;

import dev.missive.wire.ProtocolEngine;
import dev.missive.wire.WakeableEngine;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The wake-up the blocking transport gives a {@link WakeableEngine} (docs/architecture.md, "Wake-ups"). The
 * connection's own thread may be blocked on a read, so a wake-up runs {@link WakeableEngine#onWake()} on a wake
 * thread instead, under the connection's lock (the one {@link BlockingLoop} releases only around a read or a pause):
 * the engine is still used by one thread at a time. That thread takes the engine's events and writes what it queued,
 * under the same write deadline as the connection's thread; if the engine closed, it closes the socket so the
 * connection's thread ends.
 *
 * <p>Wake-ups that arrive before the wake thread took the lock are one; none runs once the session's loop ended. The
 * thread that asks never blocks: the wake threads are daemons of one shared pool, ended after a minute unused, and a
 * connection has at most one task waiting and one running.
 */
final class BlockingWakeup implements Runnable {

  private static final Logger LOG = LoggerFactory.getLogger(BlockingWakeup.class);
  private static final AtomicLong THREADS = new AtomicLong();
  private static final ExecutorService WAKERS = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "missive-wake-" + THREADS.incrementAndGet());
    t.setDaemon(true);
    return t;
  });
  private static final int BUFFER = 16 * 1024;

  private final WakeableEngine engine;
  private final EngineSession session;
  private final BlockingStop stop;
  private final AtomicBoolean pending = new AtomicBoolean();
  private boolean ended; // guarded by stop.lock

  private BlockingWakeup(WakeableEngine engine, EngineSession session, BlockingStop stop) {
    this.engine = engine;
    this.session = session;
    this.stop = stop;
  }

  /**
   * Gives the session's engine its wake-up if it takes one; call with the connection's lock held.
   *
   * @return the wake-up to {@linkplain #end() end} with the session's loop, or null
   */
  static BlockingWakeup install(EngineSession session, BlockingStop stop) {
    if (!(session.engine() instanceof WakeableEngine w)) {
      return null;
    }
    BlockingWakeup wakeup = new BlockingWakeup(w, session, stop);
    w.wakeUpWith(wakeup);
    return wakeup;
  }

  /** The session's loop ended: later wake-ups do nothing. Call with the connection's lock held. */
  void end() {
    ended = true;
  }

  /** Called from any thread: schedules {@link #wake()} unless one is waiting already. */
  @Override
  public void run() {
    if (pending.compareAndSet(false, true)) {
      try {
        WAKERS.execute(this::wake);
      } catch (RejectedExecutionException e) {
        pending.set(false);
        LOG.debug("{} wake-up not scheduled: {}", stop.sessionId(), e.toString());
      }
    }
  }

  private void wake() {
    stop.lock.lock();
    MDC.put("session", stop.sessionId());
    try {
      pending.set(false); // a wake-up from here on schedules another run, which sees what this one missed
      if (ended || engine.isClosed()) {
        return;
      }
      engine.onWake();
      session.handleEvents();
      write();
      if (engine.isClosed()) {
        stop.stop(session); // the connection's thread is blocked on its read: end it
      }
    } catch (IOException | RuntimeException e) {
      LOG.debug("{} woken session failed: {}", stop.sessionId(), e.toString());
      stop.stop(session);
    } finally {
      MDC.remove("session");
      stop.lock.unlock();
    }
  }

  private void write() throws IOException {
    ByteBuffer output = ByteBuffer.allocate(BUFFER);
    ProtocolEngine e = engine;
    try {
      while (e.hasOutput()) {
        output.clear();
        e.drainOutput(output);
        stop.writing(e.environment().now()); // a write blocked past the write timeout closes the socket
        stop.out().write(output.array(), 0, output.position());
      }
      stop.out().flush();
    } finally {
      stop.wrote();
    }
  }
}
