package dev.missive.pop3.pop2;

import dev.missive.pop3.pop2.internal.Folder;
import dev.missive.wire.OutputQueue;
import dev.missive.wire.internal.SessionGuard;
import java.util.ArrayDeque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state of one POP2 session and the steps that change it (RFC 937, "Server State Diagram"), shared by
 * {@link Pop2Server} (the engine contract and the host's answers) and {@link Pop2Commands} (the client's commands):
 * the state, the decision waited for, the user and open folder, the events, the replies and the end of the session.
 */
final class Pop2Session {

  private static final Logger LOG = LoggerFactory.getLogger(Pop2Server.class);

  private final Pop2Limits limits;
  private final String sessionId;
  private final OutputQueue out;
  private final SessionGuard guard;
  private final ArrayDeque<Pop2ServerEvent> events = new ArrayDeque<>();
  private Pop2State state = Pop2State.AUTH;
  private PendingDecision pending;
  private String user;
  private Folder folder;
  private int badCommands;

  Pop2Session(Pop2Limits limits, String sessionId, OutputQueue out, SessionGuard guard) {
    this.limits = limits;
    this.sessionId = sessionId;
    this.out = out;
    this.guard = guard;
  }

  Pop2Limits limits() {
    return limits;
  }

  String sessionId() {
    return sessionId;
  }

  OutputQueue out() {
    return out;
  }

  SessionGuard guard() {
    return guard;
  }

  Pop2State state() {
    return state;
  }

  boolean closed() {
    return state == Pop2State.DONE;
  }

  PendingDecision pending() {
    return pending;
  }

  /** Takes the pending decision, to answer it; {@link #restore} puts it back when the answer does not fit. */
  PendingDecision takePending() {
    PendingDecision p = pending;
    pending = null;
    return p;
  }

  void restore(PendingDecision p) {
    pending = p;
  }

  String user() {
    return user;
  }

  void user(String name) {
    user = name;
  }

  Folder folder() {
    return folder;
  }

  void folder(Folder open) {
    folder = open;
  }

  boolean hasEvents() {
    return !events.isEmpty();
  }

  Pop2ServerEvent nextEvent() {
    return events.poll();
  }

  void event(Pop2ServerEvent e) {
    events.add(e);
  }

  /** Reports {@code p}'s event and waits for the host's answer. */
  void ask(PendingDecision p) {
    pending = p;
    events.add(p.event());
  }

  /** Whether the session is in one of {@code allowed}; otherwise the command is a bad one (RFC 937: {@code -}). */
  boolean inState(Pop2State... allowed) {
    for (Pop2State s : allowed) {
      if (state == s) {
        return true;
      }
    }
    bad("- command out of sequence", "command out of sequence in " + state);
    return false;
  }

  /** Answers a bad command; the last one allowed ({@link Pop2Limits#maxBadCommands()}) ends the session. */
  void bad(String response, String description) {
    badCommands++;
    events.add(new Pop2ServerEvent.ProtocolViolation(description));
    reply(response);
    if (badCommands >= limits.maxBadCommands()) {
      close(false);
    }
  }

  void reply(String line) {
    out.writeAscii(line);
    out.write(new byte[] {'\r', '\n'});
  }

  void transition(Pop2State to) {
    if (state != to) {
      LOG.debug("[{}] {} -> {}", sessionId, state, to);
      state = to;
    }
  }

  /** Ends the session; {@code updated} says whether the host removed the ACKD'd messages at QUIT. */
  void close(boolean updated) {
    Pop2State last = state;
    transition(Pop2State.DONE);
    pending = null;
    guard.stopTimers();
    events.add(new Pop2ServerEvent.SessionEnded(last, updated));
  }
}
