package dev.missive.wire;

/**
 * An engine that other threads can hand work to, so the host must be able to wake it without waiting for the peer
 * or a deadline (docs/architecture.md, "Wake-ups"): an IMAP server whose idling client must hear at once of a
 * message another session or a delivery added (RFC 9051 §6.3.13, RFC 2177 §3).
 *
 * <p>The engine still never starts a thread and is still used from one thread at a time (D4): another thread only
 * runs the host's wake-up, which schedules; the host then calls {@link #onWake()} on the engine's own context (the
 * connection's thread under its lock, or its event loop) and drives the engine as after any call: takes its events,
 * drains its output, follows its status and deadline. A host that supports wake-ups calls
 * {@link #wakeUpWith(Runnable)} once, before it first drives the engine; a host that does not leaves the engine to
 * find the work at its next call (for example at a poll deadline of its own).
 */
public interface WakeableEngine extends ProtocolEngine {

  /**
   * Connects the engine to its host. {@code wakeup} may be run from any thread, any number of times, and never
   * blocks: the host coalesces wake-ups that arrive before it ran {@link #onWake()}, and drops them once the engine
   * is closed.
   *
   * @param wakeup asks the host to call {@link #onWake()} on the engine's context soon
   */
  void wakeUpWith(Runnable wakeup);

  /**
   * Called by the host on the engine's context after the wake-up ran: the engine takes the work handed to it from
   * other threads (output may follow, D4). Also harmless without a wake-up or after the engine closed.
   */
  void onWake();
}
