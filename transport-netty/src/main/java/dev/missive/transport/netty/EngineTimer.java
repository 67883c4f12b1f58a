package dev.missive.transport.netty;

import dev.missive.wire.EngineEnvironment;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The one timer of a channel's engine, on the channel's event loop: it fires once at the earliest of the deadlines it
 * is told to follow (the engine's {@code nextDeadline()}, a TLS handshake's, the write deadline of a peer that reads
 * nothing), all absolute in the engine's time ({@link EngineEnvironment#now()}).
 *
 * <p>An engine's idle deadline moves later with every command it reads; cancelling and scheduling a task in the event
 * loop's queue each time cost a few per cent of a short connection's time. So a deadline later than the task already
 * scheduled only replaces the target: the task wakes at its own time, sees the deadline not reached, and sleeps again
 * until the new one. Only an earlier deadline cancels it.
 */
final class EngineTimer {

  /** No deadline. */
  static final long NONE = Long.MIN_VALUE;

  private final EventExecutor executor;
  private final EngineEnvironment time;
  private final Runnable fire;
  private ScheduledFuture<?> pending;
  private long pendingAt = NONE;
  private long at = NONE;

  EngineTimer(EventExecutor executor, EngineEnvironment time, Runnable fire) {
    this.executor = executor;
    this.time = time;
    this.fire = fire;
  }

  /** The earlier of two deadlines, either of which may be {@link #NONE}. */
  static long earliest(long a, long b) {
    if (a == NONE) {
      return b;
    }
    return b == NONE || a - b < 0 ? a : b;
  }

  /** Whether {@code deadline} (not {@link #NONE}) has been reached in the engine's time. */
  boolean reached(long deadline) {
    return deadline != NONE && time.now() - deadline >= 0;
  }

  /** {@return the engine's time now} */
  long now() {
    return time.now();
  }

  /** Fires once at {@code deadline} (replacing what was set before), or never for {@link #NONE}. */
  void follow(long deadline) {
    if (deadline == at) {
      return;
    }
    at = deadline;
    if (deadline == NONE || pending != null && deadline - pendingAt >= 0) {
      return; // none, or not before the task already waiting: it wakes first and looks again
    }
    if (pending != null) {
      pending.cancel(false);
    }
    schedule(deadline);
  }

  private void schedule(long deadline) {
    pendingAt = deadline;
    pending = executor.schedule(this::wake, Math.max(0, deadline - time.now()), TimeUnit.NANOSECONDS);
  }

  private void wake() {
    pending = null;
    if (at == NONE) {
      return; // the deadline was taken back while the task waited
    }
    if (!reached(at)) {
      schedule(at); // the deadline moved later while the task waited
      return;
    }
    at = NONE;
    fire.run();
  }

  /** Stops the timer. */
  void cancel() {
    if (pending != null) {
      pending.cancel(false);
      pending = null;
    }
    at = NONE;
  }
}
