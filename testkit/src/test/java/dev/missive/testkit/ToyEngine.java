package dev.missive.testkit;

import dev.missive.wire.EngineEnvironment;
import dev.missive.wire.OutputQueue;
import dev.missive.wire.ProtocolEngine;
import dev.missive.wire.StreamChange;
import dev.missive.wire.StreamLayer;
import dev.missive.wire.TlsInfo;
import java.nio.ByteBuffer;
import java.util.Optional;

/** What the toy engines share: the output queue, the closed flag, the TLS pause and the status they derive. */
abstract class ToyEngine implements ProtocolEngine {

  protected final OutputQueue out;
  protected final EngineEnvironment env;
  protected boolean closed;
  protected boolean tlsRequested;

  ToyEngine(int outputLimit, EngineEnvironment env) {
    this.out = new OutputQueue(outputLimit);
    this.env = env;
  }

  protected void line(String text) {
    out.writeUtf8(text + "\r\n");
  }

  protected void checkOpen() {
    if (closed) {
      throw new IllegalStateException("receive after close");
    }
  }

  /** Whether the toy waits for its host's answer. */
  protected boolean awaitingDecision() {
    return false;
  }

  /** Whether the toy is the client side of the TLS handshake. */
  protected abstract boolean clientMode();

  /** The host put TLS in place. */
  protected abstract void tlsUp(TlsInfo info);

  @Override
  public void receiveEnd() {
    closed = true;
  }

  @Override
  public boolean hasOutput() {
    return out.hasOutput();
  }

  @Override
  public void drainOutput(ByteBuffer buffer) {
    out.drainTo(buffer);
  }

  @Override
  public Status status() {
    if (closed) {
      return Status.CLOSED;
    }
    if (tlsRequested) {
      return Status.STREAM_CHANGE;
    }
    if (awaitingDecision()) {
      return Status.AWAITING_DECISION;
    }
    return out.isOverLimit() ? Status.OUTPUT_FULL : Status.NEEDS_INPUT;
  }

  @Override
  public Optional<StreamChange> pendingStreamChange() {
    return tlsRequested ? Optional.of(new StreamChange.StartTls(clientMode())) : Optional.empty();
  }

  @Override
  public void streamChanged(StreamLayer layer) {
    if (!tlsRequested) {
      throw new IllegalStateException("TLS was not requested");
    }
    tlsRequested = false;
    tlsUp((TlsInfo) layer);
  }

  @Override
  public EngineEnvironment environment() {
    return env;
  }

  @Override
  public void shutdown() {
    closed = true;
  }
}
