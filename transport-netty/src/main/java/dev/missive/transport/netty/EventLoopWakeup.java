package dev.missive.transport.netty;

import dev.missive.wire.ProtocolEngine;
import dev.missive.wire.WakeableEngine;
import io.netty.util.concurrent.EventExecutor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The wake-up the Netty transport gives a {@link WakeableEngine} (docs/architecture.md, "Wake-ups"): it schedules
 * {@link WakeableEngine#onWake()} on the channel's event loop, the engine's only thread, followed by the handler's
 * drive (events, output, status, timer). Wake-ups that arrive before the event loop ran the task are one; the thread
 * that asks never blocks.
 */
final class EventLoopWakeup implements Runnable {

  private static final Logger LOG = LoggerFactory.getLogger(EventLoopWakeup.class);

  private final WakeableEngine engine;
  private final EventExecutor loop;
  private final Runnable drive;
  private final String sessionId;
  private final AtomicBoolean pending = new AtomicBoolean();

  private EventLoopWakeup(WakeableEngine engine, EventExecutor loop, Runnable drive, String sessionId) {
    this.engine = engine;
    this.loop = loop;
    this.drive = drive;
    this.sessionId = sessionId;
  }

  /** Gives {@code engine} its wake-up if it takes one; call on the event loop before the engine is first driven. */
  static void install(ProtocolEngine engine, EventExecutor loop, Runnable drive, String sessionId) {
    if (engine instanceof WakeableEngine w) {
      w.wakeUpWith(new EventLoopWakeup(w, loop, drive, sessionId));
    }
  }

  /** Called from any thread: schedules the wake-up unless one is waiting already. */
  @Override
  public void run() {
    if (pending.compareAndSet(false, true)) {
      try {
        loop.execute(this::wake);
      } catch (RejectedExecutionException e) { // the event loop is shutting down
        pending.set(false);
        LOG.debug("{} wake-up not scheduled: {}", sessionId, e.toString());
      }
    }
  }

  private void wake() {
    pending.set(false); // a wake-up from here on schedules another run, which sees what this one missed
    if (engine.isClosed()) {
      return;
    }
    MDC.put("session", sessionId);
    try {
      engine.onWake();
    } finally {
      MDC.remove("session");
    }
    drive.run();
  }
}
