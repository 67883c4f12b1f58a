package dev.missive.smtp.server;

import dev.missive.smtp.BodyType;
import dev.missive.smtp.Envelope;
import dev.missive.smtp.Recipient;
import dev.missive.smtp.Reply;
import dev.missive.smtp.SmtpExtension;
import dev.missive.smtp.server.internal.BdatCommand;
import dev.missive.smtp.server.internal.ReplyWriter;
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
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sans-IO SMTP and LMTP server engine (RFC 5321, RFC 2033, with PIPELINING, SIZE, 8BITMIME, CHUNKING,
 * BINARYMIME, SMTPUTF8, DSN, STARTTLS, AUTH, REQUIRETLS and ENHANCEDSTATUSCODES): one per connection, driven by the
 * host through the {@link ProtocolEngine} contract, reporting {@link SmtpServerEvent}s that the host answers with
 * {@link #answer(SmtpDecision)} (or its sugar {@link #accept()}, {@link #reject(Reply)}, {@link #complete(List)}).
 *
 * <pre>{@code
 * SmtpServer smtp = new SmtpServer(config, EngineEnvironment.system(),
 *     new PeerInfo("[192.0.2.1]", "s1", ConnectionSecurity.PLAINTEXT));
 * smtp.receive(bytesFromSocket);
 * for (SmtpServerEvent e; (e = smtp.nextEvent()) != null; ) {
 *   if (e instanceof SmtpServerEvent.RcptTo r) smtp.reject(Reply.of(550, "5.1.1", "No such user here"));
 *   else if (e instanceof SmtpServerEvent.DataChunk c) sink.write(c.bytes());
 *   else if (e.needsDecision()) smtp.accept();
 * }
 * smtp.drainOutput(socketBuffer);
 * }</pre>
 *
 * <p>A decision may come later; until then {@link #nextEvent()} returns null and {@link #status()} is
 * {@link ProtocolEngine.Status#AWAITING_DECISION}. The engine parses the host's buffer in place: {@code receive}
 * consumes up to the first event, decision, held reply or STARTTLS and leaves the rest, which the host offers again
 * once the status is {@link ProtocolEngine.Status#NEEDS_INPUT} (docs/architecture.md, "Engine discipline"); while the
 * engine waits, {@code receive} consumes nothing. Implicit TLS (RFC 8314) is
 * {@link SmtpServerConfig#implicitTls()} or a peer whose security is {@link ConnectionSecurity#IMPLICIT_TLS}. Peer
 * mistakes never throw; host misuse throws {@link IllegalStateException}, but an answer that comes after the session
 * closed (a timeout or the peer's end won the race) is ignored. Used from one thread at a time.
 *
 * <p>The engine alone changes the session: {@link Commands}, {@link ContentPhase} and {@link AuthPhase} read input
 * and return sealed results that it applies (docs/architecture.md, "State machines"); the synchronisation marks,
 * the STARTTLS pause and the timers are wire's {@link SessionGuard} (docs/architecture.md, "The synchronisation
 * check", "The TLS pause").
 *
 * <p>A failed AUTH is answered only after {@link SmtpLimits#authFailureDelay()}: the engine reports the moment
 * through {@link #nextDeadline()} and sends the reply from {@link #onTimeout()}, reading no command meanwhile
 * ({@link ProtocolEngine.Status#DELAYED}); the session ends with {@code 421 4.7.0} after
 * {@link SmtpLimits#maxAuthFailures()} (RFC 4954 §4 leaves both to the server).
 */
public final class SmtpServer implements EventEngine<SmtpServerEvent> {

  private static final Logger LOG = LoggerFactory.getLogger(SmtpServer.class);
  /** MAIL accepted: X.1.0 "other address status" (RFC 3463 §3.2), as in RFC 2034 §6's example. */
  private static final Reply SENDER_OK = Reply.of(250, "2.1.0", "OK");
  /** RCPT accepted: X.1.5 "destination address valid" (RFC 3463 §3.2), as in RFC 2034 §6's example. */
  private static final Reply RECIPIENT_OK = Reply.of(250, "2.1.5", "OK");
  private static final StreamChange START_TLS = new StreamChange.StartTls(false);
  private static final ByteBuffer NO_INPUT = ByteBuffer.allocate(0).asReadOnlyBuffer();

  private final SmtpServerConfig config;
  private final SmtpLimits limits;
  private final EngineEnvironment env;
  private final PeerInfo peer;
  private final OutputQueue out;
  private final LineFramer framer;
  private final SessionGuard guard;
  private final Commands commands;
  private final ContentPhase content;
  private final AuthPhase auth;
  private final SessionState session;
  private final ArrayDeque<SmtpServerEvent> events = new ArrayDeque<>();
  private ServerState state = ServerState.CONNECTED;
  private SmtpServerEvent.DecisionRequired pending;
  private boolean closed;
  private boolean peerEnded;
  /** Whether bytes followed the DATA line in the buffer it came in: sent before the 354 (RFC 2920 §3.1). */
  private boolean dataFollowed;
  private int authFailures;
  /** The reply to a failed AUTH while the guard holds it (RFC 4954 §4 leaves the delay to the server). */
  private Reply heldReply;

  /**
   * Creates the engine for one connection and queues the 220 greeting (RFC 5321 §4.3.1), or with implicit TLS
   * (RFC 8314: {@link SmtpServerConfig#implicitTls()}, or the peer's {@link ConnectionSecurity#IMPLICIT_TLS}) starts
   * as if TLS were already established.
   *
   * @param config the server's configuration
   * @param env    the time and randomness the engine reads
   * @param peer   the client's address, the session id and the connection's security
   */
  public SmtpServer(SmtpServerConfig config, EngineEnvironment env, PeerInfo peer) {
    this.config = Objects.requireNonNull(config, "config");
    this.env = Objects.requireNonNull(env, "env");
    this.peer = Objects.requireNonNull(peer, "peer");
    this.limits = config.limits();
    this.out = new OutputQueue(limits.outputLimit());
    this.framer = new LineFramer(limits.commandLineLength(), config.bareLineEndings());
    this.guard = new SessionGuard(env, out, config.synchronizationCheck(), false);
    this.commands = new Commands(config);
    this.content = new ContentPhase(config);
    this.auth = new AuthPhase(config, peer);
    boolean tls = config.implicitTls() || peer.security() == ConnectionSecurity.IMPLICIT_TLS;
    this.session = new SessionState(tls ? TlsInfo.unknown() : null);
    framer.setMaxLineLength(commands.lineLimit(tls));
    write(new Reply(220, Optional.empty(), List.of(config.hostname() + " " + config.greeting())), false);
    guard.syncMark("greeting");
    touch();
  }

  /**
   * Creates the engine with the system environment and a random session id.
   *
   * @param config        the server's configuration
   * @param remoteAddress the client's address
   * @return the engine, its greeting queued
   */
  public static SmtpServer create(SmtpServerConfig config, String remoteAddress) {
    EngineEnvironment env = EngineEnvironment.system();
    return new SmtpServer(config, env, PeerInfo.of(remoteAddress,
        config.implicitTls() ? ConnectionSecurity.IMPLICIT_TLS : ConnectionSecurity.PLAINTEXT, env));
  }

  // ---------------------------------------------------------------- ProtocolEngine

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
  public boolean hasOutput() {
    return out.hasOutput();
  }

  @Override
  public void drainOutput(ByteBuffer buffer) {
    out.drainTo(buffer);
  }

  @Override
  public Status status() {
    if (closed) {
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

  /**
   * {@inheritDoc} The idle timeout (RFC 5321 §4.5.3.2) while the engine waits for the client, or, while the reply to
   * a failed AUTH is held back ({@link SmtpLimits#authFailureDelay()}), the moment it is due; none while a decision
   * or the TLS handshake is pending.
   */
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
        Reply due = heldReply;
        heldReply = null;
        refuseAuth(due);
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

  @Override
  public Optional<StreamChange> pendingStreamChange() {
    return guard.pending();
  }

  /**
   * {@inheritDoc} After STARTTLS the layer is the handshake's {@link TlsInfo}; the session resets to its state before
   * the greeting's answer (RFC 3207 §4.2): client name, authentication, transaction and extensions are forgotten.
   */
  @Override
  public void streamChanged(StreamLayer layer) {
    TlsInfo info = guard.resumeWithTls(layer, "STARTTLS", state);
    session.tlsStarted(info);
    auth.cancel();
    framer.reset();
    framer.setMaxLineLength(commands.lineLimit(true));
    transition(ServerState.CONNECTED);
    touch();
  }

  @Override
  public boolean isClosed() {
    return closed;
  }

  @Override
  public EngineEnvironment environment() {
    return env;
  }

  /** Ends the session at server shutdown with {@code 421 4.3.2} (RFC 5321 §3.8). */
  @Override
  public void shutdown() {
    if (!closed) {
      abortContent(null);
      fatal(reply(ReplyText.SHUTDOWN), "server shutdown");
    }
  }

  // ---------------------------------------------------------------- events and decisions

  /**
   * {@inheritDoc} A {@link SmtpServerEvent.DataChunk}'s buffer is a view of the host's input buffer: valid until the
   * host refills that buffer or calls {@code receive} again (docs/architecture.md, "Engine discipline").
   */
  @Override
  public SmtpServerEvent nextEvent() {
    SmtpServerEvent e = events.poll();
    if (events.isEmpty()) {
      endIfPeerGone();
    }
    return e;
  }

  /**
   * The event the host owes an answer to (see {@link SmtpServerEvent#needsDecision()}); while there is one,
   * {@link #status()} is {@link ProtocolEngine.Status#AWAITING_DECISION} once the event queue is empty.
   *
   * @return the pending decision event, or empty
   */
  public Optional<SmtpServerEvent.DecisionRequired> pendingDecision() {
    return Optional.ofNullable(pending);
  }

  /**
   * Answers the pending {@link SmtpServerEvent.DecisionRequired} event (RFC 5321 §4.2: every command gets a reply):
   * <ul>
   *   <li>{@link SmtpDecision.Accept} with no reply sends the engine's standard positive reply ({@code 250} with
   *       the extensions to EHLO, {@code 250 2.1.0} to MAIL, {@code 250 2.1.5} to RCPT, {@code 354} to DATA, the
   *       next chunk of BDAT, {@code 250 2.0.0} after the data, {@code 252} to VRFY and EXPN); with a reply, that
   *       reply (2xx; {@code 354} for DATA; none for BDAT, whose chunks get the engine's replies);</li>
   *   <li>{@link SmtpDecision.Reject} sends its 4xx or 5xx reply (to each recipient under LMTP after the data;
   *       after a refused first BDAT the chunks are still read, RFC 3030 §2, and the refusal answers each);</li>
   *   <li>{@link SmtpDecision.PerRecipient} answers {@link SmtpServerEvent.DataEnd} under LMTP with one reply per
   *       accepted recipient, in RCPT order (RFC 2033 §4.2).</li>
   * </ul>
   * An answer that comes after the session closed (a timeout or the peer's end won the race) is ignored and logged
   * at debug level (docs/architecture.md, "Decisions").
   *
   * @param decision the host's answer
   * @throws IllegalStateException    if no decision is pending
   * @throws IllegalArgumentException if the decision does not fit the pending event (a reply of the wrong class,
   *                                  per-recipient replies outside LMTP's DataEnd or of the wrong number)
   */
  public void answer(SmtpDecision decision) {
    Objects.requireNonNull(decision, "decision");
    if (closed) {
      LOG.debug("session {}: host answer after close ignored", peer.sessionId());
      return;
    }
    if (pending == null) {
      throw new IllegalStateException("no decision pending (state " + state + ")");
    }
    DecisionCheck.check(pending, decision, config.lmtp(), session.recipientCount());
    SmtpServerEvent.DecisionRequired event = pending;
    pending = null;
    Reply reply = decision instanceof SmtpDecision.Accept a ? a.reply().orElse(null)
        : decision instanceof SmtpDecision.Reject r ? r.reply() : null;
    decided(event, decision instanceof SmtpDecision.Accept, reply,
        decision instanceof SmtpDecision.PerRecipient p ? p.replies() : null);
    if (state == ServerState.BDAT && content.ended()) {
      apply(content.step(NO_INPUT, state, session)); // BDAT 0 LAST: the chunk is complete without input
    }
    touch();
    endIfPeerGone();
  }

  /** Accepts the pending event with the engine's standard positive reply: {@code answer(SmtpDecision.accept())}. */
  public void accept() {
    answer(SmtpDecision.accept());
  }

  /**
   * Accepts the pending event with the host's own positive reply (2xx; for {@code DataStart} after DATA, 354), for
   * example {@code 250 Mark Crispin <Admin.MRC@foo.com>} to VRFY: {@code answer(SmtpDecision.accept(positive))}.
   *
   * @param positive the 2xx reply (354 for DATA)
   */
  public void accept(Reply positive) {
    answer(SmtpDecision.accept(positive));
  }

  /**
   * Rejects the pending event with {@code reply} (4xx or 5xx): {@code answer(SmtpDecision.reject(reply))}.
   *
   * @param reply the 4xx or 5xx reply
   */
  public void reject(Reply reply) {
    answer(SmtpDecision.reject(reply));
  }

  /**
   * LMTP (RFC 2033 §4.2): answers {@link SmtpServerEvent.DataEnd} with one reply per accepted recipient, in the
   * order of their RCPT commands: {@code answer(SmtpDecision.perRecipient(perRecipient))}.
   *
   * @param perRecipient one reply per accepted recipient, in RCPT order
   */
  public void complete(List<Reply> perRecipient) {
    answer(SmtpDecision.perRecipient(perRecipient));
  }

  // ---------------------------------------------------------------- queries

  /** {@return the current state} */
  public ServerState state() {
    return state;
  }

  /** {@return the name the client gave in HELO/EHLO/LHLO, if it greeted} */
  public Optional<String> clientName() {
    return session.clientName();
  }

  /** {@return whether TLS is active (after STARTTLS, or implicit)} */
  public boolean isTls() {
    return session.tls();
  }

  /**
   * The TLS in effect: after STARTTLS the handshake's protocol and cipher suite as the host reported them
   * ({@link #streamChanged(StreamLayer)}), {@link TlsInfo#unknown()} under implicit TLS.
   *
   * @return the TLS session, or empty on a plaintext connection
   */
  public Optional<TlsInfo> tls() {
    return session.tlsInfo();
  }

  /** {@return the authorization identity after a successful AUTH} */
  public Optional<String> authorizationId() {
    return authentication().map(Authentication::authorizationId);
  }

  /** {@return who the client authenticated as, after a successful AUTH (RFC 4954 §4); empty again after STARTTLS} */
  public Optional<Authentication> authentication() {
    return session.authentication();
  }

  /** {@return the current transaction's envelope, once MAIL FROM was accepted} */
  public Optional<Envelope> envelope() {
    return session.envelope();
  }

  /** {@return the extensions in effect (after EHLO/LHLO; none after HELO)} */
  public Set<SmtpExtension> extensions() {
    return Set.copyOf(session.offered());
  }

  /**
   * The {@code Received:} field for the current message (RFC 5321 §4.4, RFC 3848), dated by the environment.
   *
   * @return the trace field to prepend to the message
   */
  public dev.missive.smtp.ReceivedField receivedField() {
    return session.receivedField(config, peer, env);
  }

  /** {@return the peer and session id this engine was created with} */
  public PeerInfo peer() {
    return peer;
  }

  /** {@return the octets of output queued and not yet drained (for the tests of the output bound)} */
  int queuedOutput() {
    return out.size();
  }

  // ---------------------------------------------------------------- parsing and applying results

  /** Closes once the peer ended its side and the host took every event and gave every answer. */
  private void endIfPeerGone() {
    if (peerEnded && !closed && events.isEmpty() && pending == null) {
      abortContent(null);
      LOG.debug("session {}: peer closed the connection in state {}", peer.sessionId(), state);
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
      apply(r);
      if ((r instanceof ContentPhase.Result.Content || r instanceof ContentPhase.Result.Dropped) && content.ended()) {
        apply(content.step(in, state, session)); // the end came with these octets: no more input is needed
      }
      return true;
    }
    LineFramer.Status status = framer.next(in);
    if (status == LineFramer.Status.NEED_MORE) {
      return false;
    }
    if (auth.inProgress()) {
      apply(auth.respond(status, framer, session.tls()));
    } else {
      CommandResult result = commands.read(status, framer, state, session);
      dataFollowed = in.hasRemaining();
      apply(result);
    }
    return true;
  }

  private void apply(CommandResult result) {
    if (result instanceof CommandResult.Send s) {
      write(s.reply(), s.enhanced());
    } else if (result instanceof CommandResult.Refuse r) {
      error(r.reply(), r.enhanced());
    } else if (result instanceof CommandResult.BareLineEnding b) {
      events.add(new SmtpServerEvent.ProtocolViolation(b.reply(), "bare CR or LF in a command line", false));
      error(b.reply(), true);
    } else if (result instanceof CommandResult.Junk j) {
      if (session.countJunk() > limits.maxJunkCommands()) {
        abortContent(null);
        fatal(reply(ReplyText.TOO_MANY_COMMANDS), "too many commands");
      } else {
        apply(j.then());
      }
    } else if (result instanceof CommandResult.Ask a) {
      if (a.event() instanceof SmtpServerEvent.Hello && session.inTransaction()) {
        events.add(new SmtpServerEvent.Reset()); // RFC 5321 §4.1.4: EHLO resets like RSET
        finishTransaction();
      }
      ask(a.event());
    } else if (result instanceof CommandResult.Bdat b) {
      if (b.first()) {
        session.content(new ContentMode.Chunk(b.chunk()));
        ask(new SmtpServerEvent.DataStart(true));
      } else {
        startChunk(b.chunk());
      }
    } else if (result instanceof CommandResult.DiscardChunk d) {
      session.content(new ContentMode.Discard(d.chunk(), d.reply(), state));
      content.discardChunk(d.chunk());
      transition(ServerState.BDAT);
    } else if (result instanceof CommandResult.Reset) {
      if (state == ServerState.CHUNKING) {
        events.add(new SmtpServerEvent.DataAborted(null));
      }
      finishTransaction();
      events.add(new SmtpServerEvent.Reset());
      write(Reply.ok(), true);
    } else if (result instanceof CommandResult.Quit) {
      abortContent(null);
      write(reply(ReplyText.CLOSING), true);
      events.add(new SmtpServerEvent.Quit());
      close();
    } else if (result instanceof CommandResult.StartTls) {
      write(reply(ReplyText.READY_TO_START_TLS), true);
      events.add(new SmtpServerEvent.StartTlsRequested());
      guard.pause(START_TLS);
      framer.reset();
      transition(ServerState.TLS_PENDING);
    } else {
      CommandResult.Auth a = (CommandResult.Auth) result;
      apply(auth.start(a.mechanism(), a.initialResponse(), session.tls()));
    }
  }

  private void apply(AuthPhase.Result result) {
    if (result instanceof AuthPhase.Result.Challenge c) {
      out.writeAscii("334 " + c.base64() + "\r\n");
      transition(ServerState.AUTH);
      return;
    }
    transition(ServerState.GREETED);
    if (result instanceof AuthPhase.Result.Succeeded s) {
      session.authenticated(s.who());
      write(s.reply(), true);
      events.add(new SmtpServerEvent.AuthSucceeded(s.who().mechanism(), s.who().authorizationId(),
          s.who().authenticationId()));
    } else if (result instanceof AuthPhase.Result.Refused r) {
      error(r.reply(), true);
    } else {
      AuthPhase.Result.Failed f = (AuthPhase.Result.Failed) result;
      authFailures++;
      events.add(new SmtpServerEvent.AuthFailed(f.mechanism(), authFailures, limits.authFailureDelay()));
      LOG.info("session {}: failed AUTH {} of {} ({})", peer.sessionId(), authFailures, limits.maxAuthFailures(),
          f.mechanism());
      if (limits.authFailureDelay().isZero()) {
        refuseAuth(f.reply());
      } else {
        heldReply = f.reply();
        guard.hold(limits.authFailureDelay());
      }
    }
  }

  /** Sends a failed AUTH's reply; after the last failure allowed, {@code 421 4.7.0} and the end of the session. */
  private void refuseAuth(Reply refusal) {
    error(refusal, true);
    if (!closed && authFailures >= limits.maxAuthFailures()) {
      fatal(reply(ReplyText.TOO_MANY_AUTH_FAILURES), "too many failed AUTH exchanges");
    }
  }

  private void apply(ContentPhase.Result result) {
    if (result instanceof ContentPhase.Result.Content c) {
      events.add(new SmtpServerEvent.DataChunk(c.bytes(), c.eightBit()));
    } else if (result instanceof ContentPhase.Result.Discarded d) {
      session.content(null);
      transition(d.resumeIn());
      error(d.reply(), true);
    } else if (result instanceof ContentPhase.Result.ChunkRead c) {
      if (c.refusal()) {
        session.refuse(c.reply());
      }
      transition(ServerState.CHUNKING);
      write(c.reply(), true);
    } else if (result instanceof ContentPhase.Result.Refused r) {
      events.add(new SmtpServerEvent.DataAborted(r.reply()));
      if (r.smuggling()) {
        events.add(new SmtpServerEvent.ProtocolViolation(r.reply(), "bare CR or LF in message data", false));
      }
      write(r.reply(), true);
      finishTransaction();
    } else if (result instanceof ContentPhase.Result.Ended e) {
      ask(new SmtpServerEvent.DataEnd(e.info()));
    }
  }

  private void ask(SmtpServerEvent.DecisionRequired event) {
    pending = event;
    events.add(event);
  }

  /** Applies the host's checked answer to {@code event}; {@code reply} null means the standard one. */
  private void decided(SmtpServerEvent.DecisionRequired event, boolean positive, Reply reply, List<Reply> each) {
    if (event instanceof SmtpServerEvent.Hello h) {
      if (!positive) {
        write(reply, false);
        return;
      }
      session.greeted(h.kind(), h.clientName(), h.kind() == HelloKind.HELO ? EnumSet.noneOf(SmtpExtension.class)
          : Capabilities.offered(config, session.tls()));
      transition(ServerState.GREETED);
      write(h.kind() != HelloKind.HELO ? Capabilities.ehloReply(config, session.tls(), h.clientName())
          : reply != null ? reply : Reply.of(250, config.hostname()), false);
    } else if (event instanceof SmtpServerEvent.MailFrom m) {
      if (positive) {
        session.mail(m.reversePath(), m.parameters());
        transition(ServerState.MAIL);
      }
      write(reply == null ? SENDER_OK : reply, true);
    } else if (event instanceof SmtpServerEvent.RcptTo r) {
      if (positive) {
        session.rcpt(new Recipient(r.forwardPath(), r.parameters()));
        transition(ServerState.RCPT);
      }
      write(reply == null ? RECIPIENT_OK : reply, true);
    } else if (event instanceof SmtpServerEvent.DataStart d && d.chunked()) {
      if (!positive) {
        session.refuse(reply); // RFC 3030 §2: the chunks are read anyway, each answered with the refusal
      }
      startChunk(((ContentMode.Chunk) session.contentMode()).command());
    } else if (event instanceof SmtpServerEvent.DataStart) {
      if (!positive) {
        write(reply, true);
        return;
      }
      write(reply != null ? reply : reply(ReplyText.START_MAIL_INPUT), false);
      session.content(new ContentMode.Data());
      content.startData();
      transition(ServerState.DATA);
      guard.syncMark("354 reply", dataFollowed); // data that came with DATA is an error when next fed
    } else if (event instanceof SmtpServerEvent.DataEnd) {
      for (int i = 0; i < (config.lmtp() ? session.recipientCount() : 1); i++) {
        write(each != null ? each.get(i) : reply != null ? reply : Reply.ok(), true);
      }
      session.messageDelivered();
      finishTransaction();
    } else {
      write(reply == null ? reply(ReplyText.CANNOT_VERIFY) : reply, true); // VRFY, EXPN
    }
  }

  private void startChunk(BdatCommand chunk) {
    session.content(new ContentMode.Chunk(chunk));
    content.startChunk(chunk, session.mailParameters().body().orElse(null) == BodyType.BINARY_MIME);
    transition(ServerState.BDAT);
  }

  private void finishTransaction() {
    session.endTransaction();
    content.reset();
    transition(session.clientName().isPresent() ? ServerState.GREETED : ServerState.CONNECTED);
  }

  /** Reports an unfinished message as aborted (peer closed, timeout, shutdown, QUIT, too many errors). */
  private void abortContent(Reply reply) {
    boolean inContent = state == ServerState.DATA || state == ServerState.BDAT || state == ServerState.CHUNKING;
    if (inContent || pending instanceof SmtpServerEvent.DataEnd) {
      events.add(new SmtpServerEvent.DataAborted(reply));
      content.reset();
      session.clearTransaction();
    }
  }

  /** Refuses a command; the last error allowed ({@link SmtpLimits#maxErrors()}) ends the session. */
  private void error(Reply reply, boolean enhanced) {
    write(reply, enhanced);
    if (session.countError() >= limits.maxErrors()) {
      abortContent(null);
      fatal(reply(ReplyText.TOO_MANY_ERRORS), "too many errors");
    }
  }

  /** Sends {@code reply}, reports the violation and closes the session. */
  private void fatal(Reply reply, String description) {
    write(reply, true);
    events.add(new SmtpServerEvent.ProtocolViolation(reply, description, true));
    close();
  }

  private void close() {
    transition(ServerState.CLOSED);
    closed = true;
    pending = null;
    heldReply = null;
    guard.stopTimers();
    auth.cancel();
  }

  private void transition(ServerState to) {
    if (state != to) {
      LOG.debug("session {}: {} -> {}", peer.sessionId(), state, to);
      state = to;
    }
  }

  /** Restarts the idle timer (RFC 5321 §4.5.3.2.7; §4.5.3.2.6 while data streams). */
  private void touch() {
    boolean inContent = state == ServerState.DATA || state == ServerState.BDAT;
    guard.idle(inContent ? limits.dataTimeout() : limits.commandTimeout());
  }

  /** The engine's own reply {@code which}, in the configured wording (RFC 5321 §4.2). */
  private Reply reply(ReplyText which) {
    return config.texts().reply(which, config.hostname());
  }

  private void write(Reply reply, boolean enhancedAllowed) {
    ReplyWriter.write(out, reply, enhancedAllowed && config.enhancedStatusCodes());
  }
}
