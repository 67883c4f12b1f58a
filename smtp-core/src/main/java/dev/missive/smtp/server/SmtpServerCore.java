package dev.missive.smtp.server;

import dev.missive.smtp.Reply;
import dev.missive.smtp.server.internal.FixedReply;
import dev.missive.smtp.server.internal.ReplyWriter;
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
 * The state of one SMTP server session and the only code that changes it, behind the {@link SmtpServer} facade:
 * the event queue, the pending decision, the state machine (RFC 5321 §4.1.4), the output and wire's
 * {@link SessionGuard}. {@link Commands}, {@link ContentPhase} and {@link AuthPhase} read input and return sealed
 * results; {@link ResultApplier} says what each result and each of the host's checked answers does, through the
 * methods here (docs/architecture.md, "State machines").
 */
final class SmtpServerCore implements ProtocolEngine {

  private static final Logger LOG = LoggerFactory.getLogger(SmtpServer.class);
  private static final ByteBuffer NO_INPUT = ByteBuffer.allocate(0).asReadOnlyBuffer();

  private final SmtpServerConfig config;
  /** What the configuration means for every session, shared with them (the replies, EHLO's lines, the limits). */
  private final ServerSetup setup;
  private final SmtpLimits limits;
  private final EngineEnvironment env;
  private final String sessionId;
  private final SessionClient client;
  private final OutputQueue out;
  private final LineFramer framer;
  private final SessionGuard guard;
  private final Commands commands;
  private final ContentPhase content;
  private final AuthPhase auth;
  private final SessionState session;
  private final ResultApplier results;
  private final ArrayDeque<SmtpServerEvent> events = new ArrayDeque<>(4); // rarely more than two at once
  private ServerState state = ServerState.CONNECTED;
  private SmtpServerEvent.DecisionRequired pending;
  private boolean closed;
  private boolean peerEnded;
  /** Whether bytes followed the DATA line in the buffer it came in: sent before the 354 (RFC 2920 §3.1). */
  private boolean dataFollowed;

  /** Queues the 220 greeting (RFC 5321 §4.3.1), or under implicit TLS (RFC 8314) starts as if TLS were in place. */
  SmtpServerCore(SmtpServerConfig config, EngineEnvironment env, PeerInfo peer) {
    this.setup = ServerSetup.of(config).forPeer(peer);
    config = setup.config();
    this.config = config;
    this.env = env;
    this.sessionId = peer.sessionId();
    this.client = new SessionClient(peer);
    this.limits = config.limits();
    this.out = new OutputQueue(limits.outputLimit(), setup.firstOutputBlock());
    this.framer = new LineFramer(limits.commandLineLength(), config.bareLineEndings());
    this.guard = new SessionGuard(env, out, config.synchronizationCheck(), false);
    this.commands = new Commands(setup, env.clock());
    this.content = new ContentPhase(config);
    this.auth = new AuthPhase(config, peer);
    boolean tls = peer.security() == ConnectionSecurity.IMPLICIT_TLS;
    this.session = new SessionState(tls ? TlsInfo.unknown() : null);
    this.results = new ResultApplier(this, setup, peer, session, guard, framer, out, content, auth);
    framer.setMaxLineLength(setup.lineLimit(tls));
    greet();
    guard.syncMark("greeting");
    touch();
  }

  // ---------------------------------------------------------------- what the facade reads

  ServerState state() {
    return state;
  }

  SessionState session() {
    return session;
  }

  /** Tells the commands the facade's {@link SmtpSession}, which the configuration's policies judge. */
  void view(SmtpSession view) {
    commands.view(view);
  }

  @Override
  public boolean isClosed() {
    return closed;
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

  OutputQueue out() {
    return out;
  }

  Optional<SmtpServerEvent.DecisionRequired> pending() {
    return Optional.ofNullable(pending);
  }

  @Override
  public Optional<StreamChange> pendingStreamChange() {
    return guard.pending();
  }

  // ---------------------------------------------------------------- the engine contract

  @Override
  public void receive(ByteBuffer in) {
    if (closed) {
      throw new IllegalStateException("receive after the session closed (state " + state + ")");
    }
    if (!in.hasRemaining() || guard.pending().isEmpty() && status() != Status.NEEDS_INPUT) {
      return; // the host offers it again once the engine wants input
    }
    SessionGuard.Admission admission = guard.admit(in);
    if (admission == SessionGuard.Admission.SYNC_ERROR) {
      abortContent(null);
      fatal(reply(ReplyText.SYNCHRONIZATION_ERROR), "client sent data before the " + guard.markName());
    }
    if (admission != SessionGuard.Admission.TAKE) {
      return; // RFC 3207 §4.2, CVE-2011-0411: nothing sent before the handshake is used
    }
    touch();
    while (events.isEmpty() && pending == null && !closed && guard.pending().isEmpty() && !out.isOverLimit()
        && !guard.holding() && step(in)) {
      // each step applied one line or one piece of content
    }
    if (guard.pending().isPresent()) {
      in.position(in.limit()); // RFC 3207 §4.2: what followed STARTTLS is never used
    }
  }

  @Override
  public void receiveEnd() {
    peerEnded = true;
    endIfPeerGone();
  }

  @Override
  public Status status() {
    return guard.status(closed, !events.isEmpty(), pending != null);
  }

  @Override
  public OptionalLong nextDeadline() {
    return closed ? OptionalLong.empty() : guard.deadline(pending != null);
  }

  @Override
  public void onTimeout() {
    if (closed) {
      return;
    }
    switch (guard.expired(pending != null)) {
      case HOLD:
        results.releaseHeldReply();
        touch(); // the host feeds what the client pipelined behind the AUTH
        break;
      case IDLE:
        Reply timeout = reply(ReplyText.TIMEOUT);
        abortContent(timeout);
        fatal(timeout, "idle timeout");
        break;
      default:
        break;
    }
  }

  /** RFC 3207 §4.2: the session forgets the greeting, authentication, transaction and extensions. */
  @Override
  public void streamChanged(StreamLayer layer) {
    TlsInfo info = guard.resumeWithTls(layer, "STARTTLS", state);
    session.tlsStarted(info);
    auth.cancel();
    framer.reset();
    framer.setMaxLineLength(setup.lineLimit(true));
    transition(ServerState.CONNECTED);
    touch();
  }

  /** {@code 421 4.3.2} (RFC 5321 §3.8). */
  @Override
  public void shutdown() {
    if (!closed) {
      abortContent(null);
      fatal(reply(ReplyText.SHUTDOWN), "server shutdown");
    }
  }

  public SmtpServerEvent nextEvent() {
    SmtpServerEvent e = content.handOut(events.poll()); // ends the last DataChunk's lifetime
    if (events.isEmpty()) {
      endIfPeerGone();
    }
    return e;
  }

  void answer(SmtpDecision decision) {
    if (closed) {
      LOG.debug("[{}] host answer after close ignored", sessionId);
      return;
    }
    if (pending == null) {
      throw new IllegalStateException("no decision pending (state " + state + ")");
    }
    DecisionCheck.check(pending, decision, config.lmtp(), session.recipientCount());
    SmtpServerEvent.DecisionRequired event = pending;
    pending = null;
    if (decision instanceof SmtpDecision.Reverse r) {
      results.reverse(r.successor());
      return;
    }
    results.decided(event, decision);
    if (state == ServerState.BDAT && content.ended()) {
      results.apply(content.step(NO_INPUT, state, session)); // BDAT 0 LAST: the chunk is complete without input
    }
    touch();
    endIfPeerGone();
  }

  // ---------------------------------------------------------------- reading input

  /** Closes once the peer ended its side and the host took every event and gave every answer. */
  private void endIfPeerGone() {
    if (peerEnded && !closed && events.isEmpty() && pending == null) {
      abortContent(null);
      LOG.debug("[{}] peer closed the connection in state {}", sessionId, state);
      close();
    }
  }

  /** Reads one line or one piece of content from {@code in} and applies it; false when {@code in} is used up. */
  private boolean step(ByteBuffer in) {
    if (state == ServerState.DATA || state == ServerState.BDAT) {
      ContentPhase.Result r = content.step(in, state, session);
      if (r == null) {
        return false;
      }
      results.apply(r);
      if ((r instanceof ContentPhase.Result.Content || r instanceof ContentPhase.Result.Dropped) && content.ended()) {
        results.apply(content.step(in, state, session)); // the end came with these octets: no more input is needed
      }
      return true;
    }
    LineFramer.Status status = framer.next(in);
    if (status == LineFramer.Status.NEED_MORE) {
      return false;
    }
    if (auth.inProgress()) {
      results.apply(auth.respond(status, framer, session.tls()));
    } else {
      CommandResult result = commands.read(status, framer, state, session);
      dataFollowed = in.hasRemaining();
      results.apply(result);
    }
    return true;
  }

  // ---------------------------------------------------------------- what results do, for ResultApplier

  /** {@return whether bytes followed the last command line in its buffer (for the DATA sync mark, RFC 2920 §3.1)} */
  boolean dataFollowed() {
    return dataFollowed;
  }

  /** {@return who the client is: the connection's peer, or the client XCLIENT or XFORWARD named} */
  SessionClient client() {
    return client;
  }

  /** Queues the 220 greeting (RFC 5321 §4.3.1): at the start, and again after XCLIENT. */
  void greet() {
    write(setup.greeting(), false);
  }

  void event(SmtpServerEvent event) {
    events.add(event);
  }

  void ask(SmtpServerEvent.DecisionRequired event) {
    pending = event;
    events.add(event);
  }

  void finishTransaction() {
    session.endTransaction();
    client.endTransaction();
    content.reset();
    transition(session.hasGreeted() ? ServerState.GREETED : ServerState.CONNECTED);
  }

  /** Reports an unfinished message as aborted (peer closed, timeout, shutdown, QUIT, too many errors). */
  void abortContent(Reply reply) {
    boolean inContent = state == ServerState.DATA || state == ServerState.BDAT || state == ServerState.CHUNKING;
    if (inContent || pending instanceof SmtpServerEvent.DataEnd) {
      events.add(new SmtpServerEvent.DataAborted(reply));
      content.reset();
      session.clearTransaction();
    }
  }

  /** Refuses a command; the last error allowed ({@link SmtpLimits#maxErrors()}) ends the session. */
  void error(Reply reply, boolean enhanced) {
    write(reply, enhanced);
    if (session.countError() >= limits.maxErrors()) {
      abortContent(null);
      fatal(reply(ReplyText.TOO_MANY_ERRORS), "too many errors");
    }
  }

  /** Sends {@code reply}, reports the violation and closes the session. */
  void fatal(Reply reply, String description) {
    write(reply, true);
    events.add(new SmtpServerEvent.ProtocolViolation(reply, description, true));
    close();
  }

  void close() {
    transition(ServerState.CLOSED);
    closed = true;
    pending = null;
    results.forgetHeldReply();
    guard.stopTimers();
    auth.cancel();
  }

  void transition(ServerState to) {
    if (state != to) {
      if (LOG.isDebugEnabled()) { // no argument array per transition while debug logging is off
        LOG.debug("[{}] {} -> {}", sessionId, state, to);
      }
      state = to;
    }
  }

  /** Restarts the idle timer (RFC 5321 §4.5.3.2.7; §4.5.3.2.6 while data streams). */
  private void touch() {
    boolean inContent = state == ServerState.DATA || state == ServerState.BDAT;
    guard.idle(inContent ? limits.dataTimeout() : limits.commandTimeout());
  }

  /** The engine's own reply {@code which}, in the configured wording (RFC 5321 §4.2). */
  Reply reply(ReplyText which) {
    return setup.reply(which);
  }

  void write(Reply reply, boolean enhancedAllowed) {
    ReplyWriter.write(out, reply, enhancedAllowed && config.enhancedStatusCodes());
  }

  void write(FixedReply reply, boolean enhancedAllowed) {
    reply.writeTo(out, enhancedAllowed && config.enhancedStatusCodes());
  }

}
