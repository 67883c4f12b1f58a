package dev.missive.transport;

import dev.missive.wire.ProtocolEngine;
import dev.missive.wire.WakeableEngine;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.OptionalLong;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The engine's turns off the connection's thread in the blocking transport: the wake-up it gives a
 * {@link WakeableEngine} (docs/architecture.md, "Wake-ups"), and on a server the engine's deadline passed while the
 * connection's thread waits for the peer in an untimed read ({@link BlockingStop#check}). The connection's own thread
 * is blocked on that read, so a turn runs {@link WakeableEngine#onWake()} and {@link ProtocolEngine#onTimeout()} (once
 * the deadline is reached) on a wake thread instead, under the connection's lock (the one {@link BlockingLoop}
 * releases only around a read or a pause): the engine is still used by one thread at a time. That thread takes the
 * engine's events and writes what it queued, under the same write deadline as the connection's thread; if the engine
 * closed, it closes the socket so the connection's thread ends.
 *
 * <p>Turns asked for before the wake thread took the lock are one; none runs once the session's loop ended. The
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

  private final ProtocolEngine engine;
  private final EngineSession session;
  private final BlockingStop stop;
  private final AtomicBoolean pending = new AtomicBoolean();
  private final AtomicBoolean woken = new AtomicBoolean();
  private boolean ended; // guarded by stop.lock

  private BlockingWakeup(EngineSession session, BlockingStop stop) {
    this.engine = session.engine();
    this.session = session;
    this.stop = stop;
  }

  /**
   * Gives the session's engine its wake-up if it takes one, and {@code stop} the way to hand over a passed deadline;
   * call with the connection's lock held.
   *
   * @return the turns to {@linkplain #end() end} with the session's loop
   */
  static BlockingWakeup install(EngineSession session, BlockingStop stop) {
    BlockingWakeup wakeup = new BlockingWakeup(session, stop);
    if (session.engine() instanceof WakeableEngine w) {
      w.wakeUpWith(wakeup);
    }
    stop.useTurns(wakeup);
    return wakeup;
  }

  /** The session's loop ended: later wake-ups do nothing. Call with the connection's lock held. */
  void end() {
    ended = true;
  }

  /** The engine's wake-up, called from any thread: schedules a turn that runs its {@code onWake()}. */
  @Override
  public void run() {
    woken.set(true);
    schedule();
  }

  /** The engine's deadline passed while the connection's thread waits for the peer: schedules a turn. */
  void timeUp() {
    schedule();
  }

  /** Schedules {@link #turn()} unless one is waiting already. */
  private void schedule() {
    if (pending.compareAndSet(false, true)) {
      try {
        WAKERS.execute(this::turn);
      } catch (RejectedExecutionException e) {
        pending.set(false);
        LOG.debug("{} wake-up not scheduled: {}", stop.sessionId(), e.toString());
      }
    }
  }

  private void turn() {
    stop.lock.lock();
    MDC.put("session", stop.sessionId());
    try {
      pending.set(false); // a wake-up from here on schedules another run, which sees what this one missed
      if (ended || engine.isClosed()) {
        return;
      }
      if (woken.getAndSet(false)) {
        ((WakeableEngine) engine).onWake();
      }
      OptionalLong deadline = engine.nextDeadline();
      if (deadline.isPresent() && engine.environment().now() - deadline.getAsLong() >= 0) {
        engine.onTimeout();
      }
      session.handleEvents();
      write();
      if (engine.isClosed()) {
        stop.stop(session); // the connection's thread is blocked on its read: end it
      } else {
        stop.deadlineMoved(engine.nextDeadline()); // an untimed read still waiting is checked against this one
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
