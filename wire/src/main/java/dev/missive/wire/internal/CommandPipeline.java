package dev.missive.wire.internal;

import dev.missive.wire.EngineEnvironment;
import dev.missive.wire.OutputQueue;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.function.Function;

/**
 * A client engine's commands on their way out and in flight: the output queue, the commands sent and awaiting
 * their replies in order, the commands queued until they may go, and the reply deadline of the oldest one. Replies
 * come in the order of the commands (RFC 5321 §4.1, RFC 1939 §3), which is all that pipelining needs (RFC 2920
 * §3.1, RFC 2449 §6.6): a reply always answers {@link #awaited()}.
 *
 * <p>Each awaited command is timed from the moment it becomes the oldest one, with the timeout
 * {@code replyTimeout} gives for it (RFC 5321 §4.5.3.2 has one per command); {@link #heard()} restarts that timer
 * where any byte from the server counts as life (POP3), and {@link #streaming(Duration)} keeps a timer running
 * while no reply is due but the host streams message content. {@code C} is the engine's own command type; the
 * pipeline never logs or shows command lines (a line may carry a password), so {@code C} should carry what is
 * safe to show.
 *
 * @param <C> the engine's command type
 */
public final class CommandPipeline<C> {

  private static final class Queued<C> {
    final C command;
    final CharSequence line;
    final boolean utf8;

    Queued(C command, CharSequence line, boolean utf8) {
      this.command = command;
      this.line = line;
      this.utf8 = utf8;
    }
  }

  private final OutputQueue out;
  private final EngineEnvironment env;
  private final Function<? super C, Duration> replyTimeout;
  private final ArrayDeque<C> awaited = new ArrayDeque<>();
  private final ArrayDeque<Queued<C>> queued = new ArrayDeque<>();
  private boolean timing;
  private long deadline;

  /**
   * An empty pipeline.
   *
   * @param outputLimit  the output queue's soft limit in octets (see {@link OutputQueue#isOverLimit()})
   * @param env          the engine's environment, whose monotonic time the reply deadline uses
   * @param replyTimeout how long the server may take to answer each command
   */
  public CommandPipeline(int outputLimit, EngineEnvironment env, Function<? super C, Duration> replyTimeout) {
    this.out = new OutputQueue(outputLimit);
    this.env = Objects.requireNonNull(env, "env");
    this.replyTimeout = Objects.requireNonNull(replyTimeout, "replyTimeout");
  }

  /** {@return the output queue the commands are written to; the engine writes message content there too} */
  public OutputQueue out() {
    return out;
  }

  /**
   * Writes {@code line} and CRLF now and awaits the reply to {@code command}.
   *
   * @param command the command, as the engine names it
   * @param line    the command line without CRLF
   * @param utf8    whether the line may be UTF-8 (SMTPUTF8, POP3 UTF8); otherwise it must be US-ASCII
   * @throws IllegalArgumentException if {@code utf8} is false and the line is not US-ASCII (nothing is written)
   */
  public void send(C command, CharSequence line, boolean utf8) {
    Objects.requireNonNull(command, "command");
    if (utf8) {
      out.writeUtf8(line);
    } else {
      out.writeAscii(line);
    }
    out.writeAscii("\r\n");
    expect(command);
  }

  /**
   * Awaits a reply without writing anything: the greeting, or the end of message content the engine wrote itself.
   *
   * @param command what the reply will answer
   */
  public void expect(C command) {
    boolean idle = awaited.isEmpty();
    awaited.add(Objects.requireNonNull(command, "command"));
    if (idle) {
      arm();
    }
  }

  /**
   * Queues a command until {@link #sendNext(boolean, int)} or {@link #flush(boolean, int)} may send it.
   *
   * @param command the command
   * @param line    the command line without CRLF
   * @param utf8    whether the line may be UTF-8
   */
  public void queue(C command, CharSequence line, boolean utf8) {
    queued.add(new Queued<>(Objects.requireNonNull(command, "command"), Objects.requireNonNull(line, "line"), utf8));
  }

  /**
   * Sends the oldest queued command if it may go now: always when no reply is awaited; otherwise only when
   * pipelining, while fewer than {@code maxInFlight} replies are awaited and the output is under its limit.
   *
   * @param pipelining  whether the server allows pipelining (RFC 2920, RFC 2449 §6.6)
   * @param maxInFlight the most commands awaiting replies at once while pipelining
   * @return the command sent, or {@code null} when none may go now
   */
  public C sendNext(boolean pipelining, int maxInFlight) {
    if (queued.isEmpty()) {
      return null;
    }
    if (!awaited.isEmpty() && (!pipelining || awaited.size() >= maxInFlight || out.isOverLimit())) {
      return null;
    }
    Queued<C> q = queued.poll();
    send(q.command, q.line, q.utf8);
    return q.command;
  }

  /**
   * Sends every queued command that may go now, as {@link #sendNext(boolean, int)} decides for each.
   *
   * @param pipelining  whether the server allows pipelining
   * @param maxInFlight the most commands awaiting replies at once while pipelining
   * @return how many commands were sent
   */
  public int flush(boolean pipelining, int maxInFlight) {
    int sent = 0;
    while (sendNext(pipelining, maxInFlight) != null) {
      sent++;
    }
    return sent;
  }

  /** {@return the command the next reply answers, or {@code null} when none is awaited} */
  public C awaited() {
    return awaited.peek();
  }

  /**
   * Takes the command whose reply is complete; the next awaited command's timer starts now.
   *
   * @return the command answered, or {@code null} when none was awaited (a reply nobody asked for)
   */
  public C answered() {
    C done = awaited.poll();
    arm();
    return done;
  }

  /** {@return whether any reply is awaited} */
  public boolean awaiting() {
    return !awaited.isEmpty();
  }

  /**
   * Whether {@code command} awaits its reply.
   *
   * @param command the command, compared with {@code equals}
   * @return whether it is among the awaited commands
   */
  public boolean awaiting(C command) {
    return awaited.contains(command);
  }

  /** {@return how many replies are awaited} */
  public int inFlight() {
    return awaited.size();
  }

  /** {@return whether commands wait to be sent} */
  public boolean hasQueued() {
    return !queued.isEmpty();
  }

  /** Drops the queued commands (the session is ending); those awaiting replies stay. */
  public void dropQueued() {
    queued.clear();
  }

  /**
   * Drops the queued and the awaited commands and stops the timer, at the end of the session.
   *
   * @param dropOutput whether the undrained output goes too (an aborted session writes nothing more)
   */
  public void clear(boolean dropOutput) {
    queued.clear();
    awaited.clear();
    timing = false;
    if (dropOutput) {
      out.clear();
    }
  }

  /** Restarts the oldest awaited command's timer: the server was heard from (POP3 counts any byte). */
  public void heard() {
    if (!awaited.isEmpty()) {
      arm();
    }
  }

  /**
   * While no reply is awaited, (re)starts a timer of {@code dataBlock} for the host's message content (RFC 5321
   * §4.5.3.2.5: the server waits at most that long for each block); the engine calls it after each content write
   * and after each reply while content streams. Does nothing while a reply is awaited: its timer rules.
   *
   * @param dataBlock how long the host may take to supply the next content
   */
  public void streaming(Duration dataBlock) {
    if (awaited.isEmpty()) {
      deadline = env.now() + dataBlock.toNanos();
      timing = true;
    }
  }

  /** {@return the deadline in the environment's monotonic nanoseconds, or empty when no timer runs} */
  public OptionalLong deadline() {
    return timing ? OptionalLong.of(deadline) : OptionalLong.empty();
  }

  /** {@return whether the timer runs and its deadline has passed} */
  public boolean due() {
    return timing && env.now() - deadline >= 0;
  }

  private void arm() {
    C head = awaited.peek();
    timing = head != null;
    if (timing) {
      deadline = env.now() + replyTimeout.apply(head).toNanos();
    }
  }

  /** Shows the commands, never their lines. */
  @Override
  public String toString() {
    return "CommandPipeline[awaited=" + awaited + ", queued=" + queued.size() + "]";
  }
}
