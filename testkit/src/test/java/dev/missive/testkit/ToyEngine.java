package dev.missive.testkit;

import dev.missive.wire.OutputQueue;
import dev.missive.wire.ProtocolEngine;
import java.nio.ByteBuffer;

/** What the toy engines share: the output queue, the closed flag and the TLS pause. */
abstract class ToyEngine implements ProtocolEngine {

  protected final OutputQueue out;
  protected boolean closed;
  protected boolean tlsRequested;

  ToyEngine(int outputLimit) {
    this.out = new OutputQueue(outputLimit);
  }

  protected void line(String text) {
    out.writeUtf8(text + "\r\n");
  }

  protected void checkOpen() {
    if (closed) {
      throw new IllegalStateException("receive after close");
    }
  }

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
  public boolean tlsRequested() {
    return tlsRequested;
  }

  @Override
  public boolean isClosed() {
    return closed;
  }
}
