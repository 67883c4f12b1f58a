package dev.missive.pop3.client.internal;

import dev.missive.wire.OutputQueue;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.OptionalLong;
import java.util.function.LongSupplier;

/**
 * The client's commands on their way out and in flight: the host's queue, the output not yet drained, and the
 * commands sent whose answers are still due, in order (RFC 1939 §3: one answer per command; RFC 2449 §6.6:
 * pipelined answers come in the order of the commands). Also keeps the monotonic time of the last exchange for
 * the response deadline.
 */
public final class CommandPipe {

  private final OutputQueue out;
  private final LongSupplier nanoTime;
  private final ArrayDeque<ClientCommand> queued = new ArrayDeque<>();
  private final ArrayDeque<ClientCommand> inFlight = new ArrayDeque<>();
  private long lastActivity;

  /** A pipe with an output soft limit, reading {@code nanoTime} for the deadline. */
  public CommandPipe(int maxUndrainedOutput, LongSupplier nanoTime) {
    this.out = new OutputQueue(maxUndrainedOutput);
    this.nanoTime = nanoTime;
    this.lastActivity = nanoTime.getAsLong();
  }

  /** The pending output. */
  public OutputQueue out() {
    return out;
  }

  /** Adds a host command to the queue. */
  public void queue(ClientCommand c) {
    queued.add(c);
  }

  /** Writes {@code c} and expects its answer; starts the deadline when nothing else was awaited. */
  public void send(ClientCommand c) {
    if (inFlight.isEmpty()) {
      touch();
    }
    out.writeUtf8(c.line());
    out.writeAscii("\r\n");
    inFlight.add(c);
  }

  /** Expects an answer without writing anything (the greeting). */
  public void expect(ClientCommand c) {
    inFlight.add(c);
  }

  /**
   * The next queued command that may be sent now, removed from the queue, or null: with nothing in flight
   * always; otherwise only when pipelining, below {@code maxInFlight} and below the output limit.
   */
  public ClientCommand nextToSend(boolean pipelining, int maxInFlight) {
    if (queued.isEmpty()) {
      return null;
    }
    if (!inFlight.isEmpty() && (!pipelining || out.isOverLimit() || inFlight.size() >= maxInFlight)) {
      return null;
    }
    return queued.poll();
  }

  /** The command whose answer comes next, or null. */
  public ClientCommand awaited() {
    return inFlight.peek();
  }

  /** Removes and returns the command whose answer is complete. */
  public ClientCommand answered() {
    return inFlight.poll();
  }

  /** Whether any answer is due. */
  public boolean awaiting() {
    return !inFlight.isEmpty();
  }

  /** Drops the host's queued commands (the session is ending). */
  public void dropQueued() {
    queued.clear();
  }

  /** Drops everything: queued, in flight, and (when {@code output}) undrained output. */
  public void clear(boolean output) {
    queued.clear();
    inFlight.clear();
    if (output) {
      out.clear();
    }
  }

  /** Notes that the server was heard from now. */
  public void touch() {
    lastActivity = nanoTime.getAsLong();
  }

  /**
   * When the host must call {@code onTimeout}: {@code timeout} after the server was last heard from (or the
   * first awaited command was sent); empty while no answer is due.
   */
  public OptionalLong deadline(Duration timeout) {
    return inFlight.isEmpty() ? OptionalLong.empty() : OptionalLong.of(lastActivity + timeout.toNanos());
  }

  /** Whether an answer is due and {@code timeout} has passed since the last activity, by the monotonic clock. */
  public boolean isDue(Duration timeout) {
    return !inFlight.isEmpty() && nanoTime.getAsLong() - (lastActivity + timeout.toNanos()) >= 0;
  }
}
