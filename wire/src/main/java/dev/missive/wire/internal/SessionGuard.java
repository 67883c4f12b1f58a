package dev.missive.wire.internal;

import dev.missive.wire.EngineEnvironment;
import dev.missive.wire.OutputQueue;
import dev.missive.wire.ProtocolEngine;
import dev.missive.wire.StreamChange;
import dev.missive.wire.StreamLayer;
import dev.missive.wire.TlsInfo;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What every engine checks before it parses input and keeps between calls, in one place: the synchronisation
 * marks, the pause for a {@link StreamChange}, and the idle and hold timers (docs/architecture.md, "The
 * synchronisation check", "Stream changes", "Deadlines and time").
 *
 * <p>An engine calls {@link #admit(ByteBuffer)} first in {@code receive}; sets a {@link #syncMark(String) mark}
 * after queueing output the peer must read before it may send more (a server's greeting, SMTP's {@code 354} to
 * DATA, IMAP's {@code +} to a synchronizing literal); {@link #pause(StreamChange) pauses} once the reply announcing
 * a stream change is queued (server) or read (client) and {@link #resume() resumes} when the host reports the new
 * layer; restarts the {@link #idle(Duration) idle timer} on activity; {@link #hold(Duration) holds} a reply that
 * must wait (a failed login's delay, RFC 1939 §4, RFC 4954 §4); and answers {@code nextDeadline()} and
 * {@code onTimeout()} from {@link #deadline(boolean)} and {@link #expired(boolean)}. All times are the
 * environment's monotonic nanoseconds. One guard per engine, used from the engine's thread only.
 */
public final class SessionGuard {

  /** What {@link #admit(ByteBuffer)} decided about input offered to the engine. */
  public enum Admission {
    /** Parse it. */
    TAKE,
    /**
     * A server engine is paused for a stream change: the guard consumed the bytes and they must never be used
     * (RFC 3207 §4.2, CVE-2011-0411: commands injected before the TLS handshake).
     */
    DISCARD,
    /**
     * A client engine is paused for a stream change and the server sent more: the guard consumed nothing and the
     * engine fails the session (RFC 3207 §5, RFC 2595 §4: replies injected before the handshake).
     */
    PEER_SPOKE_EARLY,
    /**
     * The peer sent input before the output up to the last {@link #syncMark(String) mark} was drained, or bytes
     * were already waiting when the mark was set: the guard consumed the bytes and the engine answers with its
     * synchronisation error and closes.
     */
    SYNC_ERROR
  }

  /** Which timer {@link #expired(boolean)} found due. */
  public enum Expired {
    /** None is due: {@code onTimeout()} came early (or twice) and does nothing. */
    NONE,
    /** The held reply may go now; the engine writes it and takes input again. */
    HOLD,
    /** The peer was idle too long; the engine answers as its protocol says and closes. */
    IDLE
  }

  private final EngineEnvironment env;
  private final OutputQueue out;
  private final boolean syncCheck;
  private final boolean clientRole;
  private long mark;
  private String markName = "";
  private boolean bytesWaitedAtMark;
  private final StreamPause pause = new StreamPause();
  private boolean idleRunning;
  private long idleDeadline;
  private boolean holding;
  private long holdUntil;

  /**
   * A guard for one engine.
   *
   * @param env        the engine's environment, whose monotonic time the timers use
   * @param out        the engine's output queue, whose drained total the synchronisation marks are measured by
   * @param syncCheck  whether input before a mark was drained is an error (on by default in every server)
   * @param clientRole whether the engine is a client: during a stream change a client fails on input where a
   *                   server discards it
   */
  public SessionGuard(EngineEnvironment env, OutputQueue out, boolean syncCheck, boolean clientRole) {
    this.env = Objects.requireNonNull(env, "env");
    this.out = Objects.requireNonNull(out, "out");
    this.syncCheck = syncCheck;
    this.clientRole = clientRole;
  }

  /**
   * Decides what happens to input offered to the engine; call it first in {@code receive}. Empty input is always
   * {@link Admission#TAKE}.
   *
   * @param in the bytes offered; consumed (position set to its limit) for {@link Admission#DISCARD} and
   *           {@link Admission#SYNC_ERROR}, untouched otherwise
   * @return what the engine does with the bytes
   */
  public Admission admit(ByteBuffer in) {
    if (!in.hasRemaining()) {
      return Admission.TAKE;
    }
    if (pause.isPaused()) {
      if (clientRole) {
        return Admission.PEER_SPOKE_EARLY;
      }
      in.position(in.limit());
      return Admission.DISCARD;
    }
    if (syncCheck && (bytesWaitedAtMark || out.totalDrained() < mark)) {
      in.position(in.limit());
      return Admission.SYNC_ERROR;
    }
    return Admission.TAKE;
  }

  /**
   * Sets a synchronisation mark at the end of the output queued so far: input that reaches {@link #admit} before
   * the host drained that far is a {@link Admission#SYNC_ERROR}.
   *
   * @param what what the peer must wait for, for the engine's message, such as {@code greeting} or
   *             {@code 354 reply}
   */
  public void syncMark(String what) {
    syncMark(what, false);
  }

  /**
   * Sets a synchronisation mark, noting whether the peer's bytes were already waiting behind the command that
   * caused it. An engine that parses the host's buffer in place stops at that command and leaves the rest in the
   * host's buffer, which the host drains past the mark before it offers the rest again; so the engine notes
   * {@code in.hasRemaining()} where it stopped (for SMTP, after the DATA line), and with {@code true} the next
   * non-empty input is a {@link Admission#SYNC_ERROR} however much was drained.
   *
   * @param what                what the peer must wait for, such as {@code 354 reply}
   * @param bytesAlreadyWaiting whether the peer's next bytes had arrived before the mark's output was queued
   */
  public void syncMark(String what, boolean bytesAlreadyWaiting) {
    this.mark = out.totalWritten();
    this.markName = Objects.requireNonNull(what, "what");
    this.bytesWaitedAtMark |= bytesAlreadyWaiting;
  }

  /** {@return what the last mark was for (empty before the first), to name it in the synchronisation error} */
  public String markName() {
    return markName;
  }

  /**
   * Pauses the engine for a stream change; from now on input is discarded (server) or reported as the peer
   * speaking early (client), and no deadline runs.
   *
   * @param change the change the host must make
   * @throws IllegalStateException if a change is already pending
   */
  public void pause(StreamChange change) {
    pause.pause(change);
  }

  /** {@return the stream change the engine waits for, if any} */
  public Optional<StreamChange> pending() {
    return pause.pending();
  }

  /**
   * Ends the pause: the host reported the new layer.
   *
   * @return the change that was pending
   * @throws IllegalStateException if no change is pending
   */
  public StreamChange resume() {
    return pause.resume();
  }

  /**
   * Ends a STARTTLS/STLS pause with the layer the host reported ({@link StreamPause#resumeWithTls}).
   *
   * @param layer   the layer the host put in place
   * @param command the command that asked for TLS, for the messages ({@code "STARTTLS"}, {@code "STLS"})
   * @param state   the engine's state, for the message
   * @return the handshake's outcome
   * @throws IllegalStateException    if no change is pending
   * @throws IllegalArgumentException if the layer is not a {@link TlsInfo}
   */
  public TlsInfo resumeWithTls(StreamLayer layer, String command, Object state) {
    return pause.resumeWithTls(layer, command, state);
  }

  /**
   * (Re)starts the idle timer: {@code timeout} from now (RFC 5321 §4.5.3.2.7's 5 minutes between commands,
   * §4.5.3.2.6's 10 minutes while data streams; RFC 1939 §3's 10 minutes).
   *
   * @param timeout how long the peer may be silent
   */
  public void idle(Duration timeout) {
    idleDeadline = env.now() + timeout.toNanos();
    idleRunning = true;
  }

  /**
   * Holds a reply for {@code delay} from now (a failed login's delay): the engine takes no input until
   * {@link #expired(boolean)} reports {@link Expired#HOLD}, and its status is {@code DELAYED} meanwhile.
   *
   * @param delay how long the reply waits
   */
  public void hold(Duration delay) {
    holdUntil = env.now() + delay.toNanos();
    holding = true;
  }

  /** {@return whether a reply is held until its deadline} */
  public boolean holding() {
    return holding;
  }

  /**
   * A server engine's {@link ProtocolEngine#status()}, in the order the discipline gives (docs/architecture.md,
   * "Events and queries"): closed; events queued; a stream change pending; a decision owed by the host; a reply
   * held; the output over its limit; otherwise the engine needs input.
   *
   * @param closed          whether the session ended
   * @param eventsQueued    whether events wait for {@code nextEvent()}
   * @param decisionPending whether the host owes an answer
   * @return the engine's status now
   */
  public ProtocolEngine.Status status(boolean closed, boolean eventsQueued, boolean decisionPending) {
    if (closed) {
      return ProtocolEngine.Status.CLOSED;
    } else if (eventsQueued) {
      return ProtocolEngine.Status.HAS_EVENTS;
    } else if (pause.isPaused()) {
      return ProtocolEngine.Status.STREAM_CHANGE;
    } else if (decisionPending) {
      return ProtocolEngine.Status.AWAITING_DECISION;
    } else if (holding) {
      return ProtocolEngine.Status.DELAYED;
    }
    return out.isOverLimit() ? ProtocolEngine.Status.OUTPUT_FULL : ProtocolEngine.Status.NEEDS_INPUT;
  }

  /** Stops both timers and forgets a held reply: the session ended. */
  public void stopTimers() {
    holding = false;
    idleRunning = false;
  }

  /**
   * The engine's next deadline: empty while a stream change is pending or the host owes an answer (the host's own
   * work is not timed by the engine); the held reply's deadline while one is held (the peer waits for the engine
   * then, so it is not idle); otherwise the idle deadline, if the timer runs.
   *
   * @param hostOwesAnswer whether the engine waits for the host's decision
   * @return the deadline in the environment's monotonic nanoseconds, or empty
   */
  public OptionalLong deadline(boolean hostOwesAnswer) {
    if (pause.isPaused() || hostOwesAnswer) {
      return OptionalLong.empty();
    }
    if (holding) {
      return OptionalLong.of(holdUntil);
    }
    return idleRunning ? OptionalLong.of(idleDeadline) : OptionalLong.empty();
  }

  /**
   * Which timer is due now, for {@code onTimeout()}; each is reported once (the hold ends, the idle timer stops
   * until the next {@link #idle(Duration)}). Nothing is due while a stream change is pending or the host owes an
   * answer, as in {@link #deadline(boolean)}.
   *
   * @param hostOwesAnswer whether the engine waits for the host's decision
   * @return the timer that fired, or {@link Expired#NONE}
   */
  public Expired expired(boolean hostOwesAnswer) {
    OptionalLong due = deadline(hostOwesAnswer);
    if (due.isEmpty() || env.now() - due.getAsLong() < 0) {
      return Expired.NONE;
    }
    if (holding) {
      holding = false;
      return Expired.HOLD;
    }
    idleRunning = false;
    return Expired.IDLE;
  }

  @Override
  public String toString() {
    return "SessionGuard[" + (pause.isPaused() ? "paused for " + pause.pending().get() : holding ? "holding" : "open")
        + (syncCheck ? ", mark " + mark + " (" + markName + "), drained " + out.totalDrained() : "") + "]";
  }
}
