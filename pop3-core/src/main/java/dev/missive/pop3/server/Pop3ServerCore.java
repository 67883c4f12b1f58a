package dev.missive.pop3.server;

import dev.missive.pop3.Pop3Response;
import dev.missive.pop3.server.internal.CommandLine;
import dev.missive.pop3.server.internal.ContentStream;
import dev.missive.pop3.server.internal.ReplyWriter;
import dev.missive.wire.ConnectionSecurity;
import dev.missive.wire.EngineEnvironment;
import dev.missive.wire.LineFramer;
import dev.missive.wire.OutputQueue;
import dev.missive.wire.PeerInfo;
import dev.missive.wire.ProtocolEngine.Status;
import dev.missive.wire.ProtocolEngine;
import dev.missive.wire.StreamChange;
import dev.missive.wire.StreamLayer;
import dev.missive.wire.TlsInfo;
import dev.missive.wire.internal.SessionGuard;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state of one POP3 server session and the only code that changes it, behind the {@link Pop3Server} facade: the
 * RFC 1939 state, the event queue, the pending decision ({@link Pending}), the output and wire's
 * {@link SessionGuard}. {@link LoginPhase}, {@link Commands} and {@link RetrievalPhase} read commands,
 * {@link HostAnswers} reads the host's answers, and they return {@link Step}s; {@link #apply(Step)} is the one place that writes replies, queues events and changes the session
 * (docs/architecture.md, "State machines").
 */
final class Pop3ServerCore implements ProtocolEngine {

  private static final Logger LOG = LoggerFactory.getLogger(Pop3Server.class);
  private static final StreamChange START_TLS = new StreamChange.StartTls(false);

  private final Pop3ServerConfig config;
  private final Pop3Limits limits;
  private final EngineEnvironment env;
  private final String sessionId;
  private final String timestamp;
  private final boolean trusted;
  private final LineFramer framer;
  private final OutputQueue out;
  private final ReplyWriter replies;
  private final SessionGuard guard;
  private final ArrayDeque<Pop3ServerEvent> events = new ArrayDeque<>();
  private final LoginPhase login;
  private final HostAnswers answers;
  private final Commands commands;
  private final SessionView view;
  private RetrievalPhase retrieval;
  private Pop3State state = Pop3State.AUTHORIZATION;
  private Pending pending;
  private Step.Failed held;
  private boolean tlsActive;
  private boolean utf8;
  private int badCommands;
  private boolean peerEnded;

  Pop3ServerCore(Pop3ServerConfig config, EngineEnvironment environment, PeerInfo peer) {
    this.config = config;
    this.env = environment;
    ConnectionSecurity security = peer.security();
    this.limits = config.limits();
    this.sessionId = peer.sessionId();
    this.view = new SessionView(this, peer);
    this.tlsActive = security == ConnectionSecurity.IMPLICIT_TLS;
    this.trusted = security == ConnectionSecurity.TRUSTED;
    this.framer = new LineFramer(limits.maxCommandLineLength(), config.commandLineEndings());
    this.out = new OutputQueue(limits.outputSoftLimit());
    this.replies = new ReplyWriter(out);
    this.guard = new SessionGuard(env, out, config.synchronizationCheck(), false);
    this.timestamp = config.apopTimestamps() == null ? null : config.apopTimestamps().apply(env);
    if (timestamp != null && !Pop3ServerConfig.isValidApopTimestamp(timestamp)) {
      throw new IllegalStateException("the APOP timestamp supplier returned no msg-id (RFC 1939 §7)");
    }
    this.login = new LoginPhase(config, timestamp, sessionId);
    this.commands = new Commands(config, login);
    this.answers = new HostAnswers(login, replies, config, sessionId);
    String greeting = config.greeting();
    if (timestamp != null) {
      greeting = greeting.isEmpty() ? timestamp : greeting + " " + timestamp;
    }
    replies.reply(Pop3Response.ok(greeting));
    guard.syncMark("greeting");
    guard.idle(limits.inactivityTimeout());
    LOG.debug("[{}] session started ({})", sessionId, security);
  }

  // ---------------------------------------------------------------- what the facade reads

  Pop3State state() {
    return state;
  }

  String apopTimestamp() {
    return timestamp;
  }

  boolean isTlsActive() {
    return tlsActive;
  }

  boolean plaintextLoginAllowed() {
    return tlsActive || trusted;
  }

  Pop3Session session() {
    return view;
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
  public EngineEnvironment environment() {
    return env;
  }

  Optional<Pop3ServerEvent.DecisionRequired> pendingDecision() {
    return pending == null ? Optional.empty() : Optional.of(pending.event());
  }

  @Override
  public Optional<StreamChange> pendingStreamChange() {
    return guard.pending();
  }

  public Pop3ServerEvent nextEvent() {
    return events.poll();
  }

  // ---------------------------------------------------------------- the engine contract

  @Override
  public void receive(ByteBuffer in) {
    if (state == Pop3State.CLOSED || peerEnded) {
      throw new IllegalStateException("receive " + (peerEnded ? "after receiveEnd " : "") + "in state " + state);
    }
    SessionGuard.Admission admission = guard.admit(in); // DISCARD during STLS: RFC 2595 §4, CVE-2011-0411
    if (admission == SessionGuard.Admission.SYNC_ERROR) {
      events.add(new Pop3ServerEvent.ProtocolViolation("client sent data before the greeting"));
      replies.reply(Pop3Response.err("protocol synchronization error: data before the greeting"));
      close(false);
    }
    while (admission == SessionGuard.Admission.TAKE && in.hasRemaining() && status() == Status.NEEDS_INPUT) {
      LineFramer.Status line = framer.next(in); // stops at an event, a decision, a held reply or STLS
      if (line == LineFramer.Status.NEED_MORE) {
        return;
      }
      guard.idle(limits.inactivityTimeout());
      if (login.inExchange()) {
        apply(login.respond(framer.line(), line == LineFramer.Status.LINE_TOO_LONG,
            framer.lineHasBareLineEnding()));
      } else if (line == LineFramer.Status.LINE_TOO_LONG) {
        badCommand(Pop3Response.err("line too long"), "command line over " + framer.maxLineLength() + " octets");
      } else if (framer.lineHasBareLineEnding()) {
        badCommand(Pop3Response.err("command lines end with CRLF"), "bare CR or LF in a command line");
      } else {
        apply(commands.handle(CommandLine.parse(framer.line(), utf8), state, retrieval, tlsActive,
            plaintextLoginAllowed()));
      }
    }
  }

  @Override
  public void receiveEnd() {
    if (state != Pop3State.CLOSED && !peerEnded) {
      LOG.debug("[{}] connection lost in {}", sessionId, state);
      peerEnded = true;
      if (!(pending instanceof Pending.Update)) {
        close(false); // after QUIT the UPDATE state goes on (RFC 1939 §6) and the host's answer ends the session
      }
    }
  }

  @Override
  public Status status() {
    return guard.status(state == Pop3State.CLOSED, !events.isEmpty(), pending != null);
  }

  @Override
  public OptionalLong nextDeadline() {
    return state == Pop3State.CLOSED ? OptionalLong.empty() : guard.deadline(pending != null);
  }

  @Override
  public void onTimeout() {
    SessionGuard.Expired expired = state == Pop3State.CLOSED ? SessionGuard.Expired.NONE
        : guard.expired(pending != null);
    if (expired == SessionGuard.Expired.HOLD) {
      Step.Failed f = held;
      held = null;
      failedLoginReply(f);
    } else if (expired == SessionGuard.Expired.IDLE) {
      LOG.debug("[{}] autologout after {} idle", sessionId, limits.inactivityTimeout());
      replies.reply(Pop3Response.err("autologout: idle for too long")); // RFC 1939 §3: close without UPDATE
      close(false);
    }
  }

  /** RFC 2595 §4: the session forgets a USER given before and UTF8 mode; the inactivity timer starts again. */
  @Override
  public void streamChanged(StreamLayer layer) {
    TlsInfo info = guard.resumeWithTls(layer, "STLS", state);
    tlsActive = true;
    view.tls(info);
    framer.reset();
    login.reset();
    utf8(false);
    guard.idle(limits.inactivityTimeout());
    LOG.debug("[{}] TLS established: {} {}", sessionId, info.protocol(), info.cipherSuite());
  }

  @Override
  public void shutdown() {
    if (state != Pop3State.CLOSED) {
      LOG.debug("[{}] host shutdown in {}", sessionId, state);
      close(false);
    }
  }

  // ---------------------------------------------------------------- host answers

  void answer(Pop3Decision decision) {
    if (ignoredAfterClose()) {
      return;
    }
    if (pending == null) {
      throw new IllegalStateException(name(decision) + " with no decision pending in state " + state);
    }
    Step step = answers.answer(pending, decision, retrieval); // throws before any change if it does not fit
    pending = null;
    apply(step);
  }

  boolean wantsContent() {
    return pending instanceof Pending.Retrieve r && !r.content().isComplete() && !out.isOverLimit();
  }

  boolean hasEnoughContent() {
    return pending instanceof Pending.Retrieve r && r.content().isComplete();
  }

  void content(ByteBuffer chunk) {
    if (!ignoredAfterClose()) {
      startContent("content").write(chunk, out);
    }
  }

  void contentEnd() {
    if (!ignoredAfterClose()) {
      startContent("contentEnd").finish(out);
      pending = null;
    }
  }

  private ContentStream startContent(String what) {
    if (!(pending instanceof Pending.Retrieve r)) {
      throw pending == null ? new IllegalStateException(what + " with no retrieval pending in state " + state)
          : new IllegalArgumentException(what + " does not answer " + name(pending.event()));
    }
    if (!r.started()) {
      pending = new Pending.Retrieve(r.event(), r.content(), true);
      replies.reply(r.content().isTop() ? Pop3Response.ok("top of message follows")
          : Pop3Response.ok(r.event().size() + " octets"));
    }
    return r.content();
  }

  private boolean ignoredAfterClose() {
    if (state == Pop3State.CLOSED) {
      LOG.debug("[{}] host answer after close ignored", sessionId);
    }
    return state == Pop3State.CLOSED;
  }

  static String name(Object o) {
    return o.getClass().getSimpleName();
  }

  // ---------------------------------------------------------------- steps

  /** Applies what a phase asks for: the one place that writes replies, queues events and changes the session. */
  private void apply(Step step) {
    framer.setMaxLineLength(step instanceof Step.Challenge ? limits.maxAuthResponseLength()
        : limits.maxCommandLineLength());
    if (step instanceof Step.Reply r) {
      replies.reply(r.response());
    } else if (step instanceof Step.Listing l) {
      replies.multiLine(l.first(), l.lines());
    } else if (step instanceof Step.Challenge c) {
      replies.line(c.line());
    } else if (step instanceof Step.Bad bad) {
      badCommand(bad.response(), bad.description());
    } else if (step instanceof Step.Ask a) {
      if (a.pending() instanceof Pending.Update) {
        transition(Pop3State.UPDATE);
      }
      pending = a.pending();
      events.add(pending.event());
    } else if (step instanceof Step.Failed f) {
      events.add(f.event());
      if (f.event().delay().isZero()) {
        failedLoginReply(f);
      } else {
        held = f;
        guard.hold(f.event().delay());
      }
    } else if (step instanceof Step.StartTls) {
      replies.reply(Pop3Response.ok("Begin TLS negotiation"));
      guard.pause(START_TLS);
      framer.reset();
    } else if (step instanceof Step.EnableUtf8) {
      utf8(true);
      replies.reply(Pop3Response.ok("UTF8 enabled"));
    } else if (step instanceof Step.SignOff off) {
      replies.reply(off.response());
      close(off.updated());
    } else if (step instanceof Step.Opened o) {
      retrieval = o.retrieval();
      view.authenticated(o.request().who());
      transition(Pop3State.TRANSACTION);
      replies.reply(retrieval.opened(o.request().event().user(), utf8));
    } else if (step instanceof Step.Drop) {
      close(false);
    }
  }

  private void failedLoginReply(Step.Failed f) {
    replies.reply(f.response());
    if (f.last()) {
      close(false);
    }
  }

  // ---------------------------------------------------------------- output and state

  private void badCommand(Pop3Response response, String description) {
    badCommands++;
    events.add(new Pop3ServerEvent.ProtocolViolation(description));
    if (badCommands >= limits.maxBadCommands()) {
      replies.reply(Pop3Response.err("too many bad commands; closing"));
      close(false);
    } else {
      replies.reply(response);
    }
  }

  private void utf8(boolean on) {
    utf8 = on;
    replies.utf8(on);
  }

  private void transition(Pop3State to) {
    LOG.debug("[{}] {} -> {}", sessionId, state, to);
    state = to;
  }

  private void close(boolean updated) {
    Pop3State last = state;
    transition(Pop3State.CLOSED);
    pending = null;
    held = null;
    guard.stopTimers();
    login.reset();
    events.add(new Pop3ServerEvent.SessionEnded(last, updated));
  }
}
