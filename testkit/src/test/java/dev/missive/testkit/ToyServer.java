package dev.missive.testkit;

import dev.missive.wire.BareLineEndingPolicy;
import dev.missive.wire.DotUnstuffer;
import dev.missive.wire.EngineEnvironment;
import dev.missive.wire.LineFramer;
import dev.missive.wire.OutputQueue;
import dev.missive.wire.ProtocolEngine;
import dev.missive.wire.TlsInfo;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.OptionalLong;

/**
 * A tiny line-based server engine for testing the testkit, on the wire module's framer, dot unstuffer and output
 * queue. Commands: {@code ECHO text}, {@code DECIDE x} (a host decision), {@code STARTTLS}, {@code DATA}
 * (dot-terminated), {@code QUIT}; an idle timeout of one minute.
 */
final class ToyServer implements ProtocolEngine {

  static final long IDLE_NANOS = 60_000_000_000L;

  /** Events the host answers or records. */
  sealed interface Event permits Decide, DataChunk, DataEnd, TlsUp {}

  record Decide(String what) implements Event {}

  record DataChunk(byte[] bytes) implements Event {}

  record DataEnd(long length, boolean bareLineEnding) implements Event {}

  record TlsUp(TlsInfo info) implements Event {}

  private final EngineEnvironment env;
  private final LineFramer framer = new LineFramer(64, BareLineEndingPolicy.REJECT);
  private final DotUnstuffer unstuffer = new DotUnstuffer(BareLineEndingPolicy.REJECT, 998);
  private final OutputQueue out;
  private final ArrayDeque<Event> events = new ArrayDeque<>();
  private boolean inData;
  private String pendingDecision;
  private boolean tlsRequested;
  private boolean tlsActive;
  private boolean closed;
  private long lastActivity;

  ToyServer(EngineEnvironment env) {
    this(env, 1 << 16);
  }

  ToyServer(EngineEnvironment env, int outputLimit) {
    this.env = env;
    this.out = new OutputQueue(outputLimit);
    this.lastActivity = env.now();
    out.writeAscii("+OK toy ready\r\n");
  }

  /** The next event, or null. */
  Event nextEvent() {
    return events.poll();
  }

  /** Answers the pending DECIDE. */
  void decide(boolean accept) {
    if (pendingDecision == null) {
      throw new IllegalStateException("no decision pending");
    }
    out.writeUtf8((accept ? "+OK accepted " : "-ERR rejected ") + pendingDecision + "\r\n");
    pendingDecision = null;
  }

  boolean tlsActive() {
    return tlsActive;
  }

  @Override
  public void receive(ByteBuffer in) {
    if (closed) {
      throw new IllegalStateException("receive after close");
    }
    lastActivity = env.now();
    while (in.hasRemaining() && wantsInput()) {
      if (inData) {
        if (!receiveData(in)) {
          return;
        }
        continue;
      }
      LineFramer.Status s = framer.next(in);
      if (s == LineFramer.Status.NEED_MORE) {
        return;
      }
      if (s == LineFramer.Status.LINE_TOO_LONG) {
        reply("-ERR line too long");
      } else if (framer.lineHasBareLineEnding()) {
        reply("-ERR bare line ending");
      } else {
        command(StandardCharsets.UTF_8.decode(framer.line()).toString());
      }
    }
  }

  private boolean receiveData(ByteBuffer in) {
    for (ByteBuffer chunk; (chunk = unstuffer.decode(in)) != null; ) {
      byte[] b = new byte[chunk.remaining()];
      chunk.get(b);
      events.add(new DataChunk(b));
    }
    if (!unstuffer.isEnded()) {
      return false;
    }
    events.add(new DataEnd(unstuffer.contentLength(), unstuffer.sawBareLineEnding()));
    reply("+OK " + unstuffer.contentLength() + " octets");
    unstuffer.reset();
    inData = false;
    return true;
  }

  private void command(String line) {
    if (line.startsWith("ECHO ")) {
      reply("+OK " + line.substring(5));
    } else if (line.startsWith("DECIDE ")) {
      pendingDecision = line.substring(7);
      events.add(new Decide(pendingDecision));
    } else if (line.equals("STARTTLS")) {
      if (tlsActive) {
        reply("-ERR TLS already active");
      } else {
        reply("+OK begin TLS");
        tlsRequested = true;
      }
    } else if (line.equals("DATA")) {
      reply("+OK send data");
      inData = true;
    } else if (line.equals("QUIT")) {
      reply("+OK bye");
      closed = true;
    } else {
      reply("-ERR unknown command");
    }
  }

  private void reply(String text) {
    out.writeUtf8(text + "\r\n");
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
    return !closed && !tlsRequested && pendingDecision == null && !out.isOverLimit();
  }

  @Override
  public OptionalLong nextDeadline() {
    return closed ? OptionalLong.empty() : OptionalLong.of(lastActivity + IDLE_NANOS);
  }

  @Override
  public void onTimeout() {
    if (!closed && env.now() - lastActivity >= IDLE_NANOS) {
      reply("-ERR idle timeout");
      closed = true;
    }
  }

  @Override
  public boolean tlsRequested() {
    return tlsRequested;
  }

  @Override
  public void tlsEstablished(TlsInfo info) {
    if (!tlsRequested) {
      throw new IllegalStateException("TLS was not requested");
    }
    tlsRequested = false;
    tlsActive = true;
    framer.reset();
    events.add(new TlsUp(info));
  }

  @Override
  public boolean isClosed() {
    return closed;
  }
}
