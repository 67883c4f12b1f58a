package dev.missive.wire;

import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Drives an engine and, once it asks for a {@link StreamChange.Handover}, its successor on the same connection
 * (docs/architecture.md, "Role reversal": ATRN, RFC 2645 §5.3), so a transport or test host that knows only the TLS
 * pause drives a role reversal like any engine. The host's rule for the change is kept here: the old engine's
 * output (the reply that announces the reversal) is drained first — {@link #status()} says
 * {@link ProtocolEngine.Status#OUTPUT_FULL} until it is — every byte read but not fed is dropped (the peer waits for
 * that reply before it speaks in its new role), and only then does the successor take over; the old engine stays
 * paused and is never called again. Events are the current engine's: a host answering them asks {@link #current()}
 * which engine that is (the handover never happens while the old engine has events queued, as
 * {@link ProtocolEngine.Status#HAS_EVENTS} comes before {@link ProtocolEngine.Status#STREAM_CHANGE}).
 *
 * <p>A handover is never shown to the host: {@link #pendingStreamChange()} reports only the current engine's other
 * changes (the successor's own STARTTLS, for example), which the host makes as usual. Wake-ups too
 * (docs/architecture.md, "Wake-ups"): the host's wake-up goes to the current engine and to each successor, as it
 * takes over, that is a {@link WakeableEngine}, and {@link #onWake()} to the current one.
 */
public final class HandoverEngine implements WakeableEngine {

  private ProtocolEngine current;
  private int handovers;
  private Runnable wakeup;

  /**
   * Drives {@code first} until it hands the connection over.
   *
   * @param first the engine that starts the connection
   */
  public HandoverEngine(ProtocolEngine first) {
    this.current = Objects.requireNonNull(first, "first");
  }

  /** {@return the engine driving the connection now: the first, or the successor after a handover} */
  public ProtocolEngine current() {
    settle();
    return current;
  }

  /** {@return how many handovers happened so far} */
  public int handovers() {
    settle();
    return handovers;
  }

  /** The current engine's pending handover, if any. */
  private Optional<StreamChange.Handover> handover() {
    if (current.status() != Status.STREAM_CHANGE) {
      return Optional.empty();
    }
    return current.pendingStreamChange().filter(StreamChange.Handover.class::isInstance)
        .map(StreamChange.Handover.class::cast);
  }

  /** Passes the connection to the successor once the old engine's announcing reply has been drained. */
  private void settle() {
    for (Optional<StreamChange.Handover> h = handover(); h.isPresent() && !current.hasOutput(); h = handover()) {
      takeOver(h.get());
    }
  }

  private void takeOver(StreamChange.Handover handover) {
    current = handover.successor();
    handovers++;
    connectWakeup();
  }

  private void connectWakeup() {
    if (wakeup != null && current instanceof WakeableEngine w) {
      w.wakeUpWith(wakeup);
    }
  }

  /** {@inheritDoc} Given to the current engine and to every successor that takes wake-ups. */
  @Override
  public void wakeUpWith(Runnable wakeup) {
    this.wakeup = Objects.requireNonNull(wakeup, "wakeup");
    connectWakeup();
  }

  /** {@inheritDoc} Passed to the current engine if it takes wake-ups; nothing while a handover waits. */
  @Override
  public void onWake() {
    settle();
    if (handover().isEmpty() && current instanceof WakeableEngine w) {
      w.onWake();
    }
  }

  @Override
  public void receive(ByteBuffer in) {
    settle();
    if (handover().isPresent()) {
      in.position(in.limit()); // sent before the announcing reply was drained: never used
      return;
    }
    current.receive(in);
    if (handover().isPresent()) {
      in.position(in.limit()); // what followed the command that reversed the roles is never used
    }
  }

  @Override
  public void receiveEnd() {
    Optional<StreamChange.Handover> h = handover();
    if (h.isPresent()) {
      takeOver(h.get()); // the peer is gone: what the old engine still had to say is moot
    }
    settle();
    current.receiveEnd();
  }

  @Override
  public boolean hasOutput() {
    settle();
    return current.hasOutput();
  }

  @Override
  public void drainOutput(ByteBuffer out) {
    settle();
    current.drainOutput(out);
    settle();
  }

  /** {@inheritDoc} While the old engine's announcing reply is still to be drained: {@code OUTPUT_FULL}. */
  @Override
  public Status status() {
    settle();
    return handover().isPresent() ? Status.OUTPUT_FULL : current.status();
  }

  @Override
  public OptionalLong nextDeadline() {
    settle();
    return handover().isPresent() ? OptionalLong.empty() : current.nextDeadline();
  }

  @Override
  public void onTimeout() {
    settle();
    if (handover().isEmpty()) {
      current.onTimeout();
    }
  }

  @Override
  public Optional<StreamChange> pendingStreamChange() {
    settle();
    return handover().isPresent() ? Optional.empty() : current.pendingStreamChange();
  }

  @Override
  public void streamChanged(StreamLayer layer) {
    settle();
    current.streamChanged(layer);
  }

  @Override
  public EngineEnvironment environment() {
    return current.environment();
  }

  /** {@inheritDoc} Before the successor took over, the successor is the one shut down (it holds the session now). */
  @Override
  public void shutdown() {
    Optional<StreamChange.Handover> h = handover();
    if (h.isPresent()) {
      takeOver(h.get());
    }
    current.shutdown();
  }

  @Override
  public String toString() {
    return "HandoverEngine[" + current + ", handovers=" + handovers + "]";
  }
}
