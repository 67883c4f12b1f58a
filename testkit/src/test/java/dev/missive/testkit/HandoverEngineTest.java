package dev.missive.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missive.wire.EngineEnvironment;
import dev.missive.wire.HandoverEngine;
import dev.missive.wire.OutputQueue;
import dev.missive.wire.ProtocolEngine;
import dev.missive.wire.StreamChange;
import dev.missive.wire.StreamLayer;
import dev.missive.wire.WakeableEngine;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * wire's {@link HandoverEngine} (docs/architecture.md, "Role reversal"): the announcing reply drained before the
 * successor speaks, unfed bytes dropped, the handover never shown to the host, the successor's own changes shown.
 */
class HandoverEngineTest {

  /** A scripted engine: queued output, a status, a pending change, and what it was fed and told. */
  private static class Scripted implements ProtocolEngine {
    final OutputQueue out = new OutputQueue(1024);
    final ByteArrayOutputStream fed = new ByteArrayOutputStream();
    Status status = Status.NEEDS_INPUT;
    StreamChange change;
    boolean ended;
    boolean shutDown;
    StreamLayer layer;

    Scripted(String output) {
      out.writeAscii(output);
    }

    @Override
    public void receive(ByteBuffer in) {
      while (in.hasRemaining()) {
        fed.write(in.get());
      }
    }

    @Override
    public void receiveEnd() {
      ended = true;
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
      return status;
    }

    @Override
    public OptionalLong nextDeadline() {
      return OptionalLong.of(42);
    }

    @Override
    public void onTimeout() {
    }

    @Override
    public Optional<StreamChange> pendingStreamChange() {
      return Optional.ofNullable(change);
    }

    @Override
    public void streamChanged(StreamLayer newLayer) {
      layer = newLayer;
    }

    @Override
    public EngineEnvironment environment() {
      return new ManualTime().fixedEnvironment();
    }

    @Override
    public void shutdown() {
      shutDown = true;
    }
  }

  private final Scripted successor = new Scripted("220 customer ready\r\n");
  private final Scripted first = new Scripted("250 OK now reversing the connection\r\n");

  private HandoverEngine reversing() {
    first.status = ProtocolEngine.Status.STREAM_CHANGE;
    first.change = new StreamChange.Handover(successor);
    return new HandoverEngine(first);
  }

  private static String drain(ProtocolEngine e) {
    ByteBuffer b = ByteBuffer.allocate(8);
    StringBuilder sb = new StringBuilder();
    while (e.hasOutput()) {
      b.clear();
      e.drainOutput(b);
      sb.append(new String(b.array(), 0, b.position(), StandardCharsets.US_ASCII));
    }
    return sb.toString();
  }

  @Test
  void theAnnouncingReplyIsDrainedBeforeTheSuccessorSpeaks() {
    HandoverEngine engine = reversing();
    assertThat(engine.status()).isEqualTo(ProtocolEngine.Status.OUTPUT_FULL);
    assertThat(engine.pendingStreamChange()).isEmpty();
    assertThat(engine.nextDeadline()).isEmpty();
    assertThat(engine.current()).isSameAs(first);
    assertThat(drain(engine)).isEqualTo("250 OK now reversing the connection\r\n220 customer ready\r\n");
    assertThat(engine.current()).isSameAs(successor);
    assertThat(engine.handovers()).isEqualTo(1);
    assertThat(engine.status()).isEqualTo(ProtocolEngine.Status.NEEDS_INPUT);
    assertThat(engine.nextDeadline()).hasValue(42);
  }

  @Test
  void bytesReadBeforeTheSwitchAreDroppedAndLaterOnesGoToTheSuccessor() {
    HandoverEngine engine = reversing();
    ByteBuffer early = ByteBuffer.wrap("EHLO too.early\r\n".getBytes(StandardCharsets.US_ASCII));
    engine.receive(early);
    assertThat(early.hasRemaining()).isFalse();
    drain(engine);
    engine.receive(ByteBuffer.wrap("EHLO provider\r\n".getBytes(StandardCharsets.US_ASCII)));
    assertThat(first.fed.size()).isZero();
    assertThat(successor.fed.toString(StandardCharsets.US_ASCII)).isEqualTo("EHLO provider\r\n");
  }

  @Test
  void anEngineWithEventsQueuedIsNotHandedOver() {
    HandoverEngine engine = reversing();
    first.status = ProtocolEngine.Status.HAS_EVENTS;
    drain(engine);
    assertThat(engine.current()).isSameAs(first);
    assertThat(engine.status()).isEqualTo(ProtocolEngine.Status.HAS_EVENTS);
    first.status = ProtocolEngine.Status.STREAM_CHANGE;
    assertThat(engine.current()).isSameAs(successor);
  }

  @Test
  void theSuccessorsOwnStreamChangeIsShownAndReported() {
    HandoverEngine engine = reversing();
    drain(engine);
    successor.status = ProtocolEngine.Status.STREAM_CHANGE;
    successor.change = new StreamChange.StartTls(true);
    assertThat(engine.status()).isEqualTo(ProtocolEngine.Status.STREAM_CHANGE);
    assertThat(engine.pendingStreamChange()).contains(new StreamChange.StartTls(true));
    StreamLayer tls = new dev.missive.wire.TlsInfo("TLSv1.3", "TLS_AES_128_GCM_SHA256");
    engine.streamChanged(tls);
    assertThat(successor.layer).isEqualTo(tls);
  }

  @Test
  void thePeersEndAndAShutdownBeforeTheSwitchReachTheSuccessor() {
    HandoverEngine ended = reversing();
    ended.receiveEnd();
    assertThat(ended.current()).isSameAs(successor);
    assertThat(successor.ended).isTrue();
    Scripted other = new Scripted("220 x\r\n");
    Scripted announcing = new Scripted("250 OK\r\n");
    announcing.status = ProtocolEngine.Status.STREAM_CHANGE;
    announcing.change = new StreamChange.Handover(other);
    HandoverEngine stopping = new HandoverEngine(announcing);
    stopping.shutdown();
    assertThat(other.shutDown).isTrue();
    assertThat(announcing.shutDown).isFalse();
  }

  /** An IDLE-like successor: other threads hand it work, so the host must be able to wake it. */
  private static final class Idling extends Scripted implements WakeableEngine {
    Runnable wakeup;
    int woken;

    Idling() {
      super("220 customer ready\r\n");
    }

    @Override
    public void wakeUpWith(Runnable w) {
      wakeup = w;
    }

    @Override
    public void onWake() {
      woken++;
      out.writeAscii("* 3 EXISTS\r\n");
    }
  }

  /**
   * docs/architecture.md, "Wake-ups": a host gives its wake-up once, before it first drives the engine, and only to
   * an engine that is a {@link WakeableEngine} - so the handover forwards it to a successor that takes one, and
   * passes {@code onWake} on once the successor holds the connection (an IDLE-like successor was never woken).
   */
  @Test
  void aWakeableSuccessorGetsTheHostsWakeupAndIsWoken() {
    Idling idling = new Idling();
    first.status = ProtocolEngine.Status.STREAM_CHANGE;
    first.change = new StreamChange.Handover(idling);
    ProtocolEngine engine = new HandoverEngine(first);
    assertThat(engine).isInstanceOf(WakeableEngine.class);
    Runnable hostWakeup = () -> { };
    ((WakeableEngine) engine).wakeUpWith(hostWakeup);
    ((WakeableEngine) engine).onWake(); // before the switch: the old engine is paused, nothing happens
    assertThat(idling.woken).isZero();
    assertThat(drain(engine)).isEqualTo("250 OK now reversing the connection\r\n220 customer ready\r\n");
    assertThat(idling.wakeup).isSameAs(hostWakeup);
    ((WakeableEngine) engine).onWake();
    assertThat(idling.woken).isEqualTo(1);
    assertThat(drain(engine)).isEqualTo("* 3 EXISTS\r\n");
  }
}
