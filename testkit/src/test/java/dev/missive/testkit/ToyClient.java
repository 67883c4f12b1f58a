package dev.missive.testkit;

import dev.missive.wire.BareLineEndingPolicy;
import dev.missive.wire.LineFramer;
import dev.missive.wire.OutputQueue;
import dev.missive.wire.ProtocolEngine;
import dev.missive.wire.TlsInfo;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.List;
import java.util.OptionalLong;

/**
 * A tiny client engine for testing the testkit: waits for the greeting, then sends its script one command per
 * reply; {@code STARTTLS} answered {@code +OK} requests TLS; the reply to {@code QUIT} closes.
 */
final class ToyClient implements ProtocolEngine {

  private final LineFramer framer = new LineFramer(512, BareLineEndingPolicy.REJECT);
  private final OutputQueue out = new OutputQueue(1 << 16);
  private final ArrayDeque<String> script;
  private final ArrayDeque<String> replies = new ArrayDeque<>();
  private String lastCommand;
  private boolean tlsRequested;
  private boolean closed;
  private TlsInfo tls;

  ToyClient(List<String> script) {
    this.script = new ArrayDeque<>(script);
  }

  /** The next reply line received, or null. */
  String nextReply() {
    return replies.poll();
  }

  TlsInfo tls() {
    return tls;
  }

  @Override
  public void receive(ByteBuffer in) {
    if (closed) {
      throw new IllegalStateException("receive after close");
    }
    while (in.hasRemaining() && wantsInput()) {
      LineFramer.Status s = framer.next(in);
      if (s == LineFramer.Status.NEED_MORE) {
        return;
      }
      String line = s == LineFramer.Status.LINE ? StandardCharsets.UTF_8.decode(framer.line()).toString() : "(too long)";
      replies.add(line);
      if ("QUIT".equals(lastCommand)) {
        closed = true;
      } else if ("STARTTLS".equals(lastCommand) && line.startsWith("+OK")) {
        tlsRequested = true;
      } else {
        sendNext();
      }
    }
  }

  private void sendNext() {
    lastCommand = script.poll();
    if (lastCommand != null) {
      out.writeUtf8(lastCommand + "\r\n");
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
  public boolean wantsInput() {
    return !closed && !tlsRequested;
  }

  @Override
  public OptionalLong nextDeadline() {
    return OptionalLong.empty();
  }

  @Override
  public void onTimeout() {}

  @Override
  public boolean tlsRequested() {
    return tlsRequested;
  }

  @Override
  public void tlsEstablished(TlsInfo info) {
    tlsRequested = false;
    tls = info;
    framer.reset();
    sendNext();
  }

  @Override
  public boolean isClosed() {
    return closed;
  }
}
