package dev.missive.wire;

import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A {@link ProtocolEngine} that forwards every call of the contract to another engine: the one home of that
 * forwarding for an engine's public face over its package-private core (docs/architecture.md, "State machines") and
 * for the handler facades. A subclass adds its protocol's own methods and overrides only what it changes, or
 * what it documents further (calling {@code super}).
 */
public abstract class ForwardingEngine implements ProtocolEngine {

  private final ProtocolEngine core;

  /**
   * Forwards to {@code core}.
   *
   * @param core the engine that does the work, used by this engine alone
   */
  protected ForwardingEngine(ProtocolEngine core) {
    this.core = Objects.requireNonNull(core, "core");
  }

  @Override
  public void receive(ByteBuffer in) {
    core.receive(in);
  }

  @Override
  public void receiveEnd() {
    core.receiveEnd();
  }

  @Override
  public boolean hasOutput() {
    return core.hasOutput();
  }

  @Override
  public void drainOutput(ByteBuffer out) {
    core.drainOutput(out);
  }

  @Override
  public Status status() {
    return core.status();
  }

  @Override
  public boolean wantsInput() {
    return core.wantsInput();
  }

  @Override
  public boolean isClosed() {
    return core.isClosed();
  }

  @Override
  public OptionalLong nextDeadline() {
    return core.nextDeadline();
  }

  @Override
  public void onTimeout() {
    core.onTimeout();
  }

  @Override
  public Optional<StreamChange> pendingStreamChange() {
    return core.pendingStreamChange();
  }

  @Override
  public void streamChanged(StreamLayer layer) {
    core.streamChanged(layer);
  }

  @Override
  public EngineEnvironment environment() {
    return core.environment();
  }

  @Override
  public void shutdown() {
    core.shutdown();
  }
}
