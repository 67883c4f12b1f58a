package dev.missive.transport.netty;

import dev.missive.transport.TransportOptions;
import dev.missive.wire.ProtocolEngine;
import io.netty.util.concurrent.EventExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The deadlines one channel's engine runs under, all in the engine's own {@link ProtocolEngine#environment() time}
 * and followed by one {@link EngineTimer}: the engine's {@link ProtocolEngine#nextDeadline()}, a TLS handshake's
 * ({@link TransportOptions#handshakeTimeout()}, implicit or after STARTTLS/STLS), and the write deadline of a peer
 * that reads nothing ({@link TransportOptions#writeTimeout()}). Used on the channel's event loop only.
 */
final class ChannelDeadlines {

  private static final long NONE = EngineTimer.NONE;

  private final EngineTimer timer;
  private final long handshakeNanos;
  private final long writeTimeoutNanos;
  private long handshakeDeadline = NONE;
  private long writeStalledSince = NONE;

  /**
   * @param loop   the channel's event loop
   * @param engine whose time and deadline are followed
   * @param times  the handshake and write deadlines
   * @param fire   runs on the loop when the earliest deadline is reached
   */
  ChannelDeadlines(EventExecutor loop, ProtocolEngine engine, TransportOptions times, Runnable fire) {
    this.timer = new EngineTimer(loop, engine.environment(), fire);
    this.handshakeNanos = times.handshakeTimeout().toNanos();
    this.writeTimeoutNanos = times.writeTimeout().toNanos();
  }

  /** A TLS handshake starts now: it has {@link TransportOptions#handshakeTimeout()} to finish. */
  void handshakeStarted() {
    handshakeDeadline = timer.now() + handshakeNanos;
  }

  /** The handshake ended (well or not): its deadline no longer applies. */
  void handshakeEnded() {
    handshakeDeadline = NONE;
  }

  /** {@return whether a handshake is still running at its deadline} */
  boolean handshakeMissed() {
    return timer.reached(handshakeDeadline);
  }

  /** {@return how a missed handshake is logged} */
  String handshakeMissedReason() {
    return "no handshake within " + TimeUnit.NANOSECONDS.toMillis(handshakeNanos) + " ms";
  }

  /**
   * Notes since when the engine has output the channel cannot take (the peer reads nothing), or that it has none.
   *
   * @param stalled whether output waits for a channel that is not writable
   */
  void followWriteStall(boolean stalled) {
    if (!stalled) {
      writeStalledSince = NONE;
    } else if (writeStalledSince == NONE) {
      writeStalledSince = timer.now();
    }
  }

  /** {@return how long output has waited in milliseconds once past the write deadline, else -1} */
  long writeStallMillis() {
    if (writeStalledSince == NONE || !timer.reached(writeStalledSince + writeTimeoutNanos)) {
      return -1;
    }
    return TimeUnit.NANOSECONDS.toMillis(timer.now() - writeStalledSince);
  }

  /** Sets the timer to the earliest deadline now: the engine's (unless it is closed), the handshake's, the write's. */
  void schedule(ProtocolEngine engine) {
    long d = engine.isClosed() ? NONE : engine.nextDeadline().orElse(NONE);
    d = EngineTimer.earliest(d, handshakeDeadline);
    d = EngineTimer.earliest(d, writeStalledSince == NONE ? NONE : writeStalledSince + writeTimeoutNanos);
    timer.follow(d);
  }

  /** Stops the timer: the channel is gone. */
  void cancel() {
    timer.cancel();
  }
}
