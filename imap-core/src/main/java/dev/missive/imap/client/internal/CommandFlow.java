package dev.missive.imap.client.internal;

import dev.missive.imap.command.SelectedCommand;
import dev.missive.imap.mailbox.UpdatePolicy;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The client's commands waiting to go and in flight, and the rules of RFC 9051 §5.5 on which may be pipelined: a
 * command goes while others are in flight only when the result cannot depend on their order. A command that changes
 * the state, carries a literal the server must accept first, or causes EXPUNGE responses (SELECT, APPEND, IDLE,
 * EXPUNGE, MOVE, …) goes alone; a command with message sequence numbers never follows one during which the server
 * may send EXPUNGE (§5.5, §7.5.1: only FETCH, STORE and SEARCH forbid it); two commands that gather the same kind of
 * untagged response (two LISTs, two STATUSes) do not overlap, so each gets its own. Nothing is written while a
 * command still waits for a continuation request or for the host's literal octets.
 */
public final class CommandFlow {

  private final ArrayDeque<ClientCommand> waiting = new ArrayDeque<>();
  private final Map<String, ClientCommand> inFlight = new LinkedHashMap<>();
  private final int maxInFlight;

  /**
   * An empty flow.
   *
   * @param maxInFlight the most commands in flight at once (1 turns pipelining off)
   */
  public CommandFlow(int maxInFlight) {
    if (maxInFlight < 1) {
      throw new IllegalArgumentException("maxInFlight must be at least 1");
    }
    this.maxInFlight = maxInFlight;
  }

  /**
   * Queues a command until {@link #next()} lets it go.
   *
   * @param c the command
   */
  public void queue(ClientCommand c) {
    waiting.add(c);
  }

  /**
   * Puts a command in flight at once, ahead of the queue (the session opening's commands).
   *
   * @param c the command
   */
  public void sendNow(ClientCommand c) {
    inFlight.put(c.tag(), c);
  }

  /**
   * Takes the oldest waiting command if it may go now, and counts it in flight.
   *
   * @return the command, or null when none may go
   */
  public ClientCommand next() {
    ClientCommand c = waiting.peek();
    if (c == null || !mayGo(c)) {
      return null;
    }
    waiting.poll();
    inFlight.put(c.tag(), c);
    return c;
  }

  private boolean mayGo(ClientCommand c) {
    if (inFlight.isEmpty()) {
      return true;
    }
    if (c.kind().barrier() || inFlight.size() >= maxInFlight) {
      return false;
    }
    boolean numbered = usesSequenceNumbers(c);
    for (ClientCommand f : inFlight.values()) {
      if (f.kind().barrier() || f.awaitsContinuation() || f.endsInHostContent()) {
        return false;
      }
      if (numbered && UpdatePolicy.during(f.command()).allowsExpunge()) {
        return false;
      }
      if (c.kind().collects() != null && c.kind().collects().equals(f.kind().collects())) {
        return false;
      }
    }
    return true;
  }

  private static boolean usesSequenceNumbers(ClientCommand c) {
    return c.command() instanceof SelectedCommand s && !s.uid()
        && !(s instanceof SelectedCommand.Close || s instanceof SelectedCommand.Check
        || s instanceof SelectedCommand.Expunge);
  }

  /**
   * The in-flight command with this tag.
   *
   * @param tag the tag of a tagged response
   * @return the command, or null when none has it
   */
  public ClientCommand inFlight(String tag) {
    return inFlight.get(tag);
  }

  /**
   * Takes the command a tagged response completed.
   *
   * @param tag its tag
   * @return the command, or null when none has it
   */
  public ClientCommand complete(String tag) {
    return inFlight.remove(tag);
  }

  /** {@return the commands in flight, oldest first} */
  public Collection<ClientCommand> inFlight() {
    return inFlight.values();
  }

  /**
   * The in-flight command of this kind, the oldest if several.
   *
   * @param kind the kind
   * @return the command, or null
   */
  public ClientCommand inFlight(ClientCommand.Kind kind) {
    for (ClientCommand c : inFlight.values()) {
      if (c.kind() == kind) {
        return c;
      }
    }
    return null;
  }

  /** {@return the command that may take a continuation request: the newest in flight, if it awaits one} */
  public ClientCommand continuable() {
    ClientCommand last = null;
    for (ClientCommand c : inFlight.values()) {
      last = c;
    }
    return last;
  }

  /** {@return whether any command is in flight} */
  public boolean busy() {
    return !inFlight.isEmpty();
  }

  /** {@return whether commands wait to go} */
  public boolean hasWaiting() {
    return !waiting.isEmpty();
  }

  /** {@return the waiting commands, oldest first, and forgets them} */
  public ArrayDeque<ClientCommand> drainWaiting() {
    ArrayDeque<ClientCommand> all = new ArrayDeque<>(waiting);
    waiting.clear();
    return all;
  }

  /** {@return the in-flight commands, oldest first, and forgets them} */
  public ArrayDeque<ClientCommand> drainInFlight() {
    ArrayDeque<ClientCommand> all = new ArrayDeque<>(inFlight.values());
    inFlight.clear();
    return all;
  }
}
