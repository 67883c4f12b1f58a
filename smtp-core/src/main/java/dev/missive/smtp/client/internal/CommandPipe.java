package dev.missive.smtp.client.internal;

import dev.missive.smtp.client.SmtpClientTimeouts;
import dev.missive.wire.EngineEnvironment;
import dev.missive.wire.OutputQueue;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.OptionalLong;

/**
 * The client engine's command plumbing: the output queue, the commands sent and awaiting their replies in order
 * (which is what pipelining needs, RFC 2920 §3.1), the commands queued until the server's replies allow them, and
 * the reply deadline of the oldest unanswered command in the environment's monotonic time (RFC 5321 §4.5.3.2).
 */
public final class CommandPipe {

  private record Queued(Command kind, String line) {
  }

  private final OutputQueue out;
  private final EngineEnvironment env;
  private final SmtpClientTimeouts timeouts;
  private final ArrayDeque<Command> pending = new ArrayDeque<>();
  private final ArrayDeque<Queued> queued = new ArrayDeque<>();
  private long deadline;
  private boolean hasDeadline;

  /** Creates the plumbing with an output queue of {@code outputLimit} octets. */
  public CommandPipe(int outputLimit, EngineEnvironment env, SmtpClientTimeouts timeouts) {
    this.out = new OutputQueue(outputLimit);
    this.env = env;
    this.timeouts = timeouts;
  }

  /** The output queue. */
  public OutputQueue out() {
    return out;
  }

  /** Writes {@code line} and CRLF now (as UTF-8 when {@code utf8}, else US-ASCII) and awaits its reply. */
  public void send(Command kind, String line, boolean utf8) {
    if (utf8) {
      out.writeUtf8(line);
    } else {
      out.writeAscii(line);
    }
    out.writeAscii("\r\n");
    expect(kind);
  }

  /** Awaits the reply to a command already written (content, BDAT chunks). */
  public void expect(Command kind) {
    boolean idle = pending.isEmpty();
    pending.add(kind);
    if (idle) {
      arm(false);
    }
  }

  /** Queues a command until {@link #flush(boolean, boolean)} may send it. */
  public void queue(Command kind, String line) {
    queued.add(new Queued(kind, line));
  }

  /** Sends queued commands: all of them when pipelining, else one once every earlier reply has come. */
  public void flush(boolean pipelining, boolean utf8) {
    while (!queued.isEmpty() && (pending.isEmpty() || pipelining)) {
      Queued q = queued.poll();
      send(q.kind(), q.line(), utf8);
    }
  }

  /** The oldest unanswered command, removed; {@code null} if none. */
  public Command poll() {
    return pending.poll();
  }

  /** The oldest unanswered command, or {@code null}. */
  public Command peek() {
    return pending.peek();
  }

  /** Whether a reply is awaited. */
  public boolean awaiting() {
    return !pending.isEmpty();
  }

  /** Whether {@code kind} awaits its reply. */
  public boolean awaiting(Command kind) {
    return pending.contains(kind);
  }

  /** Whether commands wait to be sent. */
  public boolean hasQueued() {
    return !queued.isEmpty();
  }

  /** Drops the queued commands. */
  public void clearQueued() {
    queued.clear();
  }

  /** Drops the queued and the awaited commands and the deadline, at the end of the session. */
  public void clear() {
    queued.clear();
    pending.clear();
    hasDeadline = false;
  }

  /**
   * Starts the timer of the oldest unanswered command; with none, the data-block timer while the host streams
   * content, or no timer.
   */
  public void arm(boolean streamingContent) {
    Command head = pending.peek();
    Duration timeout = head == null ? (streamingContent ? timeouts.dataBlock() : null) : timeout(head);
    hasDeadline = timeout != null;
    if (hasDeadline) {
      deadline = env.now() + timeout.toNanos();
    }
  }

  private Duration timeout(Command head) {
    switch (head) {
      case GREETING:
        return timeouts.greeting();
      case MAIL:
        return timeouts.mail();
      case RCPT:
        return timeouts.rcpt();
      case DATA:
        return timeouts.dataInitiation();
      case DATA_END:
      case BDAT:
      case BDAT_LAST:
        return timeouts.dataTermination();
      default:
        return timeouts.command();
    }
  }

  /** The deadline, if a timer runs. */
  public OptionalLong deadline() {
    return hasDeadline ? OptionalLong.of(deadline) : OptionalLong.empty();
  }

  /** Whether the deadline has passed. */
  public boolean due() {
    return hasDeadline && env.now() - deadline >= 0;
  }
}
