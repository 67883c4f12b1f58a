package dev.missive.testkit;

import dev.missive.wire.BareLineEndingPolicy;
import dev.missive.wire.DotUnstuffer;
import dev.missive.wire.EngineEnvironment;
import dev.missive.wire.LineFramer;
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
final class ToyServer extends ToyEngine {

  static final long DEFAULT_IDLE_NANOS = 60_000_000_000L;

  /** Events the host answers or records. */
  sealed interface Event permits Decide, DataChunk, DataEnd, TlsUp {}

  record Decide(String what) implements Event {}

  record DataChunk(byte[] bytes) implements Event {}

  record DataEnd(long length, boolean bareLineEnding) implements Event {}

  record TlsUp(TlsInfo info) implements Event {}

  private final long idleNanos;
  private final LineFramer framer = new LineFramer(64, BareLineEndingPolicy.REJECT);
  private final DotUnstuffer unstuffer = new DotUnstuffer(BareLineEndingPolicy.REJECT, 998);
  private final ArrayDeque<Event> events = new ArrayDeque<>();
  private boolean inData;
  private String pendingDecision;
  private boolean tlsActive;
  private long lastActivity;
  private final long greetingEnd;

  ToyServer(EngineEnvironment env) {
    this(env, 1 << 16, DEFAULT_IDLE_NANOS);
  }

  ToyServer(EngineEnvironment env, int outputLimit, long idleNanos) {
    super(outputLimit, env);
    this.idleNanos = idleNanos;
    this.lastActivity = env.now();
    line("+OK toy ready");
    greetingEnd = out.totalWritten();
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
    line((accept ? "+OK accepted " : "-ERR rejected ") + pendingDecision);
    pendingDecision = null;
  }

  boolean tlsActive() {
    return tlsActive;
  }

  @Override
  public void receive(ByteBuffer in) {
    checkOpen();
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
        line("-ERR line too long");
      } else if (framer.lineHasBareLineEnding()) {
        line("-ERR bare line ending");
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
    line("+OK " + unstuffer.contentLength() + " octets");
    unstuffer.reset();
    inData = false;
    return true;
  }

  private void command(String line) {
    // talking before the greeting was drained (docs/architecture.md, "The synchronisation check")
    if (out.totalDrained() < greetingEnd) {
      line("-ERR sync: talked before the greeting");
      closed = true;
    } else if (line.startsWith("ECHO ")) {
      line("+OK " + line.substring(5));
    } else if (line.startsWith("DECIDE ")) {
      pendingDecision = line.substring(7);
      events.add(new Decide(pendingDecision));
    } else if (line.equals("STARTTLS")) {
      if (tlsActive) {
        line("-ERR TLS already active");
      } else {
        line("+OK begin TLS");
        tlsRequested = true;
      }
    } else if (line.equals("DATA")) {
      line("+OK send data");
      inData = true;
    } else if (line.equals("QUIT")) {
      line("+OK bye");
      closed = true;
    } else {
      line("-ERR unknown command");
    }
  }

  @Override
  protected boolean awaitingDecision() {
    return pendingDecision != null;
  }

  @Override
  protected boolean clientMode() {
    return false;
  }

  @Override
  public OptionalLong nextDeadline() {
    return closed ? OptionalLong.empty() : OptionalLong.of(lastActivity + idleNanos);
  }

  @Override
  public void onTimeout() {
    if (!closed && env.now() - lastActivity >= idleNanos) {
      line("-ERR idle timeout");
      closed = true;
    }
  }

  @Override
  protected void tlsUp(TlsInfo info) {
    tlsActive = true;
    framer.reset();
    events.add(new TlsUp(info));
  }

}
