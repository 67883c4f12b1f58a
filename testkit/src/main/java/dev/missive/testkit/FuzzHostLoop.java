package dev.missive.testkit;

import dev.missive.wire.ProtocolEngine;
import dev.missive.wire.ProtocolEngine.Status;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The host loop of a client engine's fuzz target (FUZZING.md, "Adding an engine target"): on every turn it drains
 * the engine's output, lets the target write content and take events, starts TLS at a pause through
 * {@link PeerBytes#startTls()}, and feeds the server's bytes read by read through {@link PeerBytes} — or, once they
 * are all read, lets the engine's deadline pass now and then (a silent server) or ends the input. After every turn it
 * checks that the engine made progress (input taken, output written or an event logged within three turns) and that
 * its output stayed within the target's bound; a failed check is an {@link AssertionError}.
 */
public final class FuzzHostLoop {

  /** What the target does when the loop hands it the turn. */
  public interface Target {
    /** Takes every event the engine has, logging what it compares. */
    void takeEvents();

    /**
     * The engine paused for a stream change: the target calls {@code streamChanged} when the handshake succeeds and
     * ends the session otherwise.
     *
     * @param handshakeSucceeds what {@link PeerBytes#startTls()} said
     */
    void streamChange(boolean handshakeSucceeds);

    /** Before the engine is fed, once its output was drained: writes message content while the engine takes it. */
    default void beforeFeed() {
    }

    /**
     * Sees every piece of output drained, for checks on what goes out (no password before TLS).
     *
     * @param octets the piece, one char per octet (ISO-8859-1)
     */
    default void sent(String octets) {
    }

    /** {@return how many output octets the engine may have written so far} */
    long outputBound();

    /** {@return how many entries the target logged so far} */
    int logged();
  }

  private final ProtocolEngine engine;
  private final PeerBytes in;
  private final ManualTime time;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteBuffer drain = ByteBuffer.allocate(512);

  /**
   * A loop over {@code engine}.
   *
   * @param engine the client engine under test
   * @param in     the server's bytes
   * @param time   the engine's manual time, moved on for a silent server
   */
  public FuzzHostLoop(ProtocolEngine engine, PeerBytes in, ManualTime time) {
    this.engine = Objects.requireNonNull(engine, "engine");
    this.in = Objects.requireNonNull(in, "in");
    this.time = Objects.requireNonNull(time, "time");
  }

  /**
   * Runs the session until the engine closes, then drains it and takes its last events.
   *
   * @param feeding how the server's bytes are split into reads
   * @param target  what the target does on its turns
   */
  public void play(Feeding feeding, Target target) {
    Feeding.Splitter splitter = feeding.newSplitter();
    int stuck = 0;
    while (engine.status() != Status.CLOSED) {
      int outBefore = out.size();
      int loggedBefore = target.logged();
      int posBefore = in.position();
      drainAll(target);
      target.beforeFeed();
      drainAll(target);
      switch (engine.status()) {
        case HAS_EVENTS -> target.takeEvents();
        case STREAM_CHANGE -> target.streamChange(in.startTls());
        case NEEDS_INPUT, OUTPUT_FULL, DELAYED, AWAITING_DECISION -> feed(splitter, target);
        default -> { }
      }
      stuck = in.position() == posBefore && out.size() == outBefore && target.logged() == loggedBefore
          && !engine.hasOutput() && engine.status() != Status.CLOSED ? stuck + 1 : 0;
      if (stuck >= 3) {
        throw new AssertionError("no progress in " + engine.status());
      }
      if (out.size() > target.outputBound()) {
        throw new AssertionError("output bound: " + out.size() + " octets, at most " + target.outputBound());
      }
    }
    drainAll(target);
    target.takeEvents();
  }

  private void feed(Feeding.Splitter splitter, Target target) {
    if (in.hasMore()) {
      ByteBuffer read = in.nextRead(splitter);
      engine.receive(read);
      in.took(read);
    } else if (engine.nextDeadline().isPresent() && target.logged() % 2 == 1) {
      time.advanceTo(engine.nextDeadline().getAsLong()); // a silent server, now and then
      engine.onTimeout();
    } else {
      engine.receiveEnd();
    }
  }

  private void drainAll(Target target) {
    while (engine.hasOutput()) {
      drain.clear();
      engine.drainOutput(drain);
      target.sent(new String(drain.array(), 0, drain.position(), StandardCharsets.ISO_8859_1));
      out.write(drain.array(), 0, drain.position());
    }
  }

  /** {@return how many octets the engine wrote so far} */
  public int outputSize() {
    return out.size();
  }

  /** {@return everything the engine wrote, one char per octet (ISO-8859-1)} */
  public String output() {
    return out.toString(StandardCharsets.ISO_8859_1);
  }
}
