package dev.missive.testkit;

import dev.missive.wire.ProtocolEngine;
import dev.missive.wire.ProtocolEngine.Status;
import dev.missive.wire.StreamChange;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The host loop of an engine's fuzz target (FUZZING.md, "Adding an engine target"), one home for client and server
 * targets: on every turn it drains the engine's output, lets the target write content and take events, starts TLS at
 * a pause through {@link PeerBytes#startTls()}, and feeds the peer's bytes read by read through {@link PeerBytes}.
 * The two roles differ only in what the loop does when the engine waits:
 * <ul>
 *   <li>a client's loop ({@link #FuzzHostLoop}) feeds the server's bytes whenever the engine is not paused for
 *   events or TLS, and once they are all read lets the engine's deadline pass now and then (a silent server) or ends
 *   the input;</li>
 *   <li>a server's loop ({@link #server}) hands the target every event and decision ({@code HAS_EVENTS},
 *   {@code AWAITING_DECISION}), lets a held-back reply's delay pass at once ({@code DELAYED}), and feeds the client's
 *   bytes only when the engine needs input, ending the input once they are all read.</li>
 * </ul>
 * After every turn it checks that the engine made progress (input taken, output written or an event logged within
 * three turns) and that its output stayed within the target's bound; a failed check is an {@link AssertionError}.
 */
public final class FuzzHostLoop {

  /** What the target does when the loop hands it the turn. */
  public interface Target {
    /** Takes every event the engine has, logging what it compares; a server's target also answers its decision. */
    void takeEvents();

    /**
     * The engine paused for a stream change: the target calls {@code streamChanged} when the handshake succeeds and
     * ends the session otherwise.
     *
     * @param handshakeSucceeds for TLS, what {@link PeerBytes#startTls()} said; true for any other change (COMPRESS),
     *                          where nothing is dropped and the peer's next octets are the new layer's
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
  private final boolean server;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteBuffer drain = ByteBuffer.allocate(512);
  private Target target;

  /**
   * A client's loop over {@code engine}.
   *
   * @param engine the client engine under test
   * @param in     the server's bytes
   * @param time   the engine's manual time, moved on for a silent server
   */
  public FuzzHostLoop(ProtocolEngine engine, PeerBytes in, ManualTime time) {
    this(engine, in, time, false);
  }

  private FuzzHostLoop(ProtocolEngine engine, PeerBytes in, ManualTime time, boolean server) {
    this.engine = Objects.requireNonNull(engine, "engine");
    this.in = Objects.requireNonNull(in, "in");
    this.time = Objects.requireNonNull(time, "time");
    this.server = server;
  }

  /**
   * A server's loop over {@code engine}.
   *
   * @param engine the server engine under test (or a {@code HandoverEngine} that starts as one)
   * @param in     the client's bytes
   * @param time   the engine's manual time, moved on when a reply is held back
   * @return the loop
   */
  public static FuzzHostLoop server(ProtocolEngine engine, PeerBytes in, ManualTime time) {
    return new FuzzHostLoop(engine, in, time, true);
  }

  /**
   * Runs the session until the engine closes, then drains it and takes its last events.
   *
   * @param feeding how the server's bytes are split into reads
   * @param target  what the target does on its turns
   */
  public void play(Feeding feeding, Target target) {
    this.target = Objects.requireNonNull(target, "target");
    Feeding.Splitter splitter = feeding.newSplitter();
    int stuck = 0;
    while (engine.status() != Status.CLOSED) {
      int outBefore = out.size();
      int loggedBefore = target.logged();
      int posBefore = in.position();
      drainAll(target);
      target.beforeFeed();
      drainAll(target);
      Status status = engine.status();
      if (status == Status.HAS_EVENTS || server && status == Status.AWAITING_DECISION) {
        target.takeEvents();
      } else if (status == Status.STREAM_CHANGE) {
        // only TLS starts at the peer's marker; after COMPRESS (RFC 4978) the next octets are the new layer's
        boolean tls = engine.pendingStreamChange().map(StreamChange.StartTls.class::isInstance).orElse(true);
        target.streamChange(!tls || in.startTls());
      } else if (server && status == Status.DELAYED) {
        time.advanceTo(engine.nextDeadline().getAsLong()); // a held-back reply (a failed login's delay)
        engine.onTimeout();
      } else if (status == Status.NEEDS_INPUT || !server && status != Status.CLOSED) {
        feed(splitter, target);
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
    } else if (!server && engine.nextDeadline().isPresent() && target.logged() % 2 == 1) {
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

  /**
   * Drains the engine's output now, for a target that writes more content than the engine holds in one turn (a
   * retrieval the host streams); only while {@link #play} runs.
   */
  public void drain() {
    drainAll(Objects.requireNonNull(target, "drain() outside play()"));
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
