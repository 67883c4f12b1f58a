package dev.missive.pop3.server;

import dev.missive.pop3.MaildropEntry;
import dev.missive.pop3.Password;
import dev.missive.pop3.Pop3Response;
import dev.missive.pop3.ResponseCode;
import dev.missive.pop3.server.internal.CommandLine;
import dev.missive.pop3.server.internal.ContentStream;
import dev.missive.pop3.server.internal.ReplyWriter;
import dev.missive.wire.ConnectionSecurity;
import dev.missive.wire.EngineEnvironment;
import dev.missive.wire.EventEngine;
import dev.missive.wire.LineFramer;
import dev.missive.wire.OutputQueue;
import dev.missive.wire.PeerInfo;
import dev.missive.wire.ProtocolEngine;
import dev.missive.wire.SessionGuard;
import dev.missive.wire.StreamChange;
import dev.missive.wire.StreamLayer;
import dev.missive.wire.TlsInfo;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A sans-IO POP3 server session: the RFC 1939 state machine (AUTHORIZATION, TRANSACTION, UPDATE, §3–§6) with
 * CAPA (RFC 2449), STLS (RFC 2595), AUTH (RFC 5034), UTF8 and LANG (RFC 6856) and response codes (RFC 2449 §8,
 * RFC 3206), implementing the {@link ProtocolEngine} contract and its discipline (docs/architecture.md, "Engine
 * discipline"): no input is taken while an event is queued or a decision pending.
 *
 * <p>The host feeds bytes, drains output, and answers the {@link Pop3ServerEvent.DecisionRequired} events that
 * {@link #nextEvent()} returns with {@link #answer(Pop3Decision)} (or its shorthands {@link #accept()},
 * {@link #reject()}, {@link #apopSecret(Password)}, {@link #maildropOpened(List)}); RETR and TOP with
 * {@link #content(ByteBuffer)} and {@link #contentEnd()}. An answer may come later, from the host's own context.
 * For the common synchronous case use {@link Pop3HandlerServer}.
 *
 * <p>Plaintext logins (USER/PASS, APOP) are refused with {@code -ERR [AUTH]} before TLS unless the host declared
 * the connection {@link ConnectionSecurity#TRUSTED} in its {@link PeerInfo}; USER is then also absent from CAPA
 * (docs/security.md, "Logins before TLS"). Failed logins are answered after {@link Pop3Limits#failedLoginDelay()}
 * ({@link Status#DELAYED}; the engine never sleeps) and the session is closed after
 * {@link Pop3Limits#maxFailedLogins()}. Deletions are committed only in the UPDATE state after QUIT; a connection
 * lost after QUIT still waits for the host's UPDATE answer, and {@link Pop3ServerEvent.SessionEnded#updated()}
 * tells whether the deletions were committed. Bytes received before the greeting was drained end the session with
 * {@code -ERR} (docs/architecture.md, "The synchronisation check";
 * {@link Pop3ServerConfig.Builder#synchronizationCheck}).
 */
public final class Pop3Server implements EventEngine<Pop3ServerEvent> {

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

  /**
   * Starts a session and queues the greeting.
   *
   * @param config      the server configuration
   * @param environment clock, monotonic time and randomness (docs/architecture.md, "Determinism")
   * @param peer        the client's address, the session id every log line carries, and whether the connection is
   *                    plaintext, trusted or implicit TLS
   */
  public Pop3Server(Pop3ServerConfig config, EngineEnvironment environment, PeerInfo peer) {
    this.config = Objects.requireNonNull(config, "config");
    this.env = Objects.requireNonNull(environment, "environment");
    ConnectionSecurity security = Objects.requireNonNull(peer, "peer").security();
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
    String greeting = config.greeting();
    if (timestamp != null) {
      greeting = greeting.isEmpty() ? timestamp : greeting + " " + timestamp;
    }
    replies.reply(Pop3Response.ok(greeting));
    guard.syncMark("greeting");
    guard.idle(limits.inactivityTimeout());
    LOG.debug("[{}] session started ({})", sessionId, security);
  }

  // ---------------------------------------------------------------- queries

  /** {@return the current state (level-triggered)} */
  public Pop3State state() {
    return state;
  }

  /** {@return the APOP timestamp of the greeting, or null when APOP is disabled} */
  public String apopTimestamp() {
    return timestamp;
  }

  /** {@return whether TLS is in place (after STLS or implicit TLS)} */
  public boolean isTlsActive() {
    return tlsActive;
  }

  /** {@return whether plaintext logins are allowed now: TLS is active or the host declared the connection trusted} */
  public boolean plaintextLoginAllowed() {
    return tlsActive || trusted;
  }

  /** {@return a read-only view of the session: peer, TLS, who logged in, state} */
  public Pop3Session session() {
    return view;
  }

  /** {@return the event the engine waits for the host to answer, if any} */
  public Optional<Pop3ServerEvent.DecisionRequired> pendingDecision() {
    return pending == null ? Optional.empty() : Optional.of(pending.event());
  }

  @Override
  public Pop3ServerEvent nextEvent() {
    return events.poll();
  }

  // ---------------------------------------------------------------- ProtocolEngine

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
  public boolean hasOutput() {
    return out.hasOutput();
  }

  @Override
  public void drainOutput(ByteBuffer buffer) {
    out.drainTo(buffer);
  }

  @Override
  public Status status() {
    if (state == Pop3State.CLOSED) {
      return Status.CLOSED;
    } else if (!events.isEmpty()) {
      return Status.HAS_EVENTS;
    } else if (guard.pending().isPresent()) {
      return Status.STREAM_CHANGE;
    } else if (pending != null) {
      return Status.AWAITING_DECISION;
    } else if (guard.holding()) {
      return Status.DELAYED;
    }
    return out.isOverLimit() ? Status.OUTPUT_FULL : Status.NEEDS_INPUT;
  }

  /** {@inheritDoc} None while TLS is being negotiated (the host times its own handshake) or the host owes an answer. */
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

  @Override
  public Optional<StreamChange> pendingStreamChange() {
    return guard.pending();
  }

  /**
   * {@inheritDoc} After STLS the layer is the handshake's {@link TlsInfo}; the session forgets a USER given before
   * and UTF8 mode (RFC 2595 §4), and its inactivity timer starts again.
   */
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
  public EngineEnvironment environment() {
    return env;
  }

  /**
   * Ends the session because the host is stopping, without a reply and without entering UPDATE, even after QUIT
   * (nothing is deleted, RFC 1939 §6); {@link Pop3ServerEvent.SessionEnded} follows with {@code updated} false, so
   * the host releases the maildrop. An answer the host gives afterwards is ignored.
   */
  @Override
  public void shutdown() {
    if (state != Pop3State.CLOSED) {
      LOG.debug("[{}] host shutdown in {}", sessionId, state);
      close(false);
    }
  }

  // ---------------------------------------------------------------- host answers

  /**
   * Answers the pending {@link Pop3ServerEvent.DecisionRequired} event; {@link Pop3Decision} says which answer fits
   * which event. A rejected login is answered after the failed-login delay and counted; a rejected message after
   * its first {@link #content(ByteBuffer)} closes the session (the {@code +OK} cannot be taken back); a rejected
   * UPDATE ends the session anyway (RFC 1939 §6). An answer after the session closed is ignored.
   *
   * @param decision the host's answer
   * @throws IllegalStateException    if no decision is pending
   * @throws IllegalArgumentException if the answer does not fit the pending event
   */
  public void answer(Pop3Decision decision) {
    Objects.requireNonNull(decision, "decision");
    if (ignoredAfterClose()) {
      return;
    }
    Pending p = pending;
    if (p == null) {
      throw new IllegalStateException(name(decision) + " with no decision pending in state " + state);
    }
    pending = null;
    if (decision instanceof Pop3Decision.Reject r) {
      rejected(p, r.response().orElseGet(p::standardRejection));
    } else if (decision instanceof Pop3Decision.Accept && p instanceof Pending.Login l) {
      apply(login.accepted(l));
    } else if (decision instanceof Pop3Decision.Accept && p instanceof Pending.Update) {
      replies.reply(retrieval.signOff(config.hostname()));
      close(true);
    } else if (decision instanceof Pop3Decision.ApopSecret secret && p instanceof Pending.ApopSecret a) {
      apply(login.apop(a, secret.secret()));
    } else if (decision instanceof Pop3Decision.MaildropOpened m && p instanceof Pending.OpenMaildrop o) {
      opened(o, m.listing());
    } else {
      pending = p;
      throw new IllegalArgumentException(name(decision) + " does not answer " + name(p.event()) + " in " + state);
    }
  }

  /** Accepts the pending login ({@link Pop3ServerEvent.LoginRequested}) or the UPDATE state's deletions. */
  public void accept() {
    answer(Pop3Decision.accept());
  }

  /** Rejects the pending decision with its standard {@code -ERR}. */
  public void reject() {
    answer(Pop3Decision.reject());
  }

  /**
   * Rejects the pending decision with {@code response}, which must be negative; see {@link #answer(Pop3Decision)}.
   *
   * @param response the {@code -ERR} response to send, such as {@code -ERR [IN-USE]} for a locked maildrop
   */
  public void reject(Pop3Response response) {
    answer(Pop3Decision.reject(response));
  }

  /**
   * Answers {@link Pop3ServerEvent.ApopSecretRequested} with the user's shared secret; the engine checks it.
   *
   * @param secret the user's shared secret
   */
  public void apopSecret(Password secret) {
    answer(Pop3Decision.apopSecret(secret));
  }

  /**
   * Answers {@link Pop3ServerEvent.MaildropOpenRequested}: the maildrop is open and locked, with these messages;
   * the session enters TRANSACTION. A listing over {@link Pop3Limits#maxMessages()} is answered
   * {@code -ERR [SYS/PERM]} and ends the session ({@link Pop3ServerEvent.SessionEnded} follows, so the host
   * releases the lock).
   *
   * @param listing the messages, in message-number order
   */
  public void maildropOpened(List<MaildropEntry> listing) {
    answer(Pop3Decision.opened(listing));
  }

  /** {@return whether the engine takes the next chunk of the message being retrieved now (output under its limit)} */
  public boolean wantsContent() {
    return pending instanceof Pending.Retrieve r && !r.content().isComplete() && !out.isOverLimit();
  }

  /** {@return whether TOP's cut was reached: the host stops reading the message and calls {@link #contentEnd()}} */
  public boolean hasEnoughContent() {
    return pending instanceof Pending.Retrieve r && r.content().isComplete();
  }

  /**
   * Answers {@link Pop3ServerEvent.RetrieveRequested} with the next chunk of the stored message, consumed whole.
   * The first chunk sends the {@code +OK}; line endings are canonicalised and dots stuffed on the way out.
   *
   * @param chunk the next stored bytes of the message; its position advances
   */
  public void content(ByteBuffer chunk) {
    Objects.requireNonNull(chunk, "chunk");
    if (!ignoredAfterClose()) {
      startContent("content").write(chunk, out);
    }
  }

  /** Ends the message of {@link Pop3ServerEvent.RetrieveRequested}: writes the terminating line. */
  public void contentEnd() {
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

  private void rejected(Pending p, Pop3Response response) {
    if (p instanceof Pending.Login || p instanceof Pending.ApopSecret) {
      apply(login.rejected(p, response));
    } else if (p instanceof Pending.Retrieve r && r.started()) {
      LOG.warn("[{}] message {} failed while being sent; closing", sessionId, r.event().messageNumber());
      close(false);
    } else {
      replies.reply(response);
      if (p instanceof Pending.Update) {
        close(false);
      }
    }
  }

  private void opened(Pending.OpenMaildrop o, List<MaildropEntry> listing) {
    if (listing.size() > limits.maxMessages()) {
      LOG.warn("[{}] maildrop of {} messages is over the limit {}", sessionId, listing.size(), limits.maxMessages());
      replies.reply(Pop3Response.err(ResponseCode.SYS_PERM, "maildrop is too large for this server"));
      close(false); // SessionEnded tells the host to release the lock it took
      return;
    }
    retrieval = RetrievalPhase.over(listing, replies);
    view.authenticated(o.who());
    transition(Pop3State.TRANSACTION);
    replies.reply(retrieval.opened(o.event().user(), utf8));
  }

  private boolean ignoredAfterClose() {
    if (state == Pop3State.CLOSED) {
      LOG.debug("[{}] host answer after close ignored", sessionId);
    }
    return state == Pop3State.CLOSED;
  }

  private static String name(Object o) {
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
