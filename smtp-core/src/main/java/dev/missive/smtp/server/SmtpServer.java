package dev.missive.smtp.server;

import dev.missive.smtp.Reply;
import dev.missive.smtp.SmtpExtension;

import dev.missive.smtp.server.internal.ContentReceiver;
import dev.missive.smtp.server.internal.ReplyWriter;
import dev.missive.wire.ConnectionSecurity;
import dev.missive.wire.EngineEnvironment;
import dev.missive.wire.EventEngine;
import dev.missive.wire.LineFramer;
import dev.missive.wire.OutputQueue;
import dev.missive.wire.PeerInfo;
import dev.missive.wire.ProtocolEngine;
import dev.missive.wire.StreamChange;
import dev.missive.wire.StreamLayer;
import dev.missive.wire.TlsInfo;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
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
 * {@link ProtocolEngine.Status#AWAITING_DECISION}. Pipelined input that one {@code receive} brought stays buffered in
 * order (up to {@link SmtpLimits#inputBufferSize()}) and is parsed as the host takes events and answers; while the
 * engine waits, {@code receive} consumes nothing. Implicit TLS (RFC 8314) is
 * {@link SmtpServerConfig#implicitTls()} or a peer whose security is {@link ConnectionSecurity#IMPLICIT_TLS}. Peer
 * mistakes never throw; host misuse throws {@link IllegalStateException}, but an answer that comes after the session
 * closed (a timeout or the peer's end won the race) is ignored. Used from one thread at a time.
 *
 * <p>A failed AUTH is answered only after {@link SmtpLimits#authFailureDelay()}: the engine reports the moment
 * through {@link #nextDeadline()} and sends the reply from {@link #onTimeout()}, reading no command meanwhile
 * ({@link ProtocolEngine.Status#DELAYED}); the session ends with {@code 421 4.7.0} after
 * {@link SmtpLimits#maxAuthFailures()} (RFC 4954 §4 leaves both to the server).
 */
public final class SmtpServer implements EventEngine<SmtpServerEvent> {

  private static final Logger LOG = LoggerFactory.getLogger(SmtpServer.class);
  /**
   * The inbox's first size once input arrives; it grows to {@link SmtpLimits#inputBufferSize()} only when input
   * waits for room, and is given back whenever the engine is idle between commands.
   */
  private static final int INBOX_FIRST = 128;
  /** The most the inbox grows to while message content streams (see {@link #room()}). */
  private static final int STREAM_INBOX = 4096;
  /** The inbox of an idle engine: no array of its own (capacity 0, so its position and limit stay 0). */
  private static final ByteBuffer NO_INBOX = ByteBuffer.allocate(0).asReadOnlyBuffer();
  private static final StreamChange START_TLS = new StreamChange.StartTls(false);

  final SmtpServerConfig config;
  final EngineEnvironment env;
  final PeerInfo peer;
  final OutputQueue out;
  final LineFramer framer;
  final ContentReceiver content;
  /**
   * Input not yet consumed, in read mode; replaced by a bigger copy when it grows and by {@link #NO_INBOX} when
   * idle (old slices stay valid either way).
   */
  ByteBuffer inbox;
  private final int inboxCapacity;
  final ArrayDeque<SmtpServerEvent> events = new ArrayDeque<>();
  final Session session = new Session();
  private final CommandProcessor commands;

  ServerState state = ServerState.CONNECTED;
  SmtpServerEvent.DecisionRequired pending;
  boolean closed;
  private boolean tlsRequested;
  private boolean peerEnded;
  private final long greetingEnd;
  long dataSyncMark = -1;
  private long deadline;

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
    SmtpLimits limits = config.limits();
    this.out = new OutputQueue(limits.outputLimit());
    this.framer = new LineFramer(limits.commandLineLength(), config.bareLineEndings());
    this.content = new ContentReceiver(config.bareLineEndings(), limits.textLineLength(), limits.maxMessageSize());
    this.inboxCapacity = limits.inputBufferSize();
    this.inbox = NO_INBOX;
    this.session.tls = config.implicitTls() || peer.security() == ConnectionSecurity.IMPLICIT_TLS;
    this.commands = new CommandProcessor(this);
    commands.updateLineLimit();
    write(new Reply(220, Optional.empty(), List.of(config.hostname() + " " + config.greeting())), false);
    this.greetingEnd = out.totalWritten();
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
    if (!in.hasRemaining()) {
      return;
    }
    if (tlsRequested) {
      in.position(in.limit()); // RFC 3207 §4.2, CVE-2011-0411: nothing sent before the handshake is used
      return;
    }
    if (status() != Status.NEEDS_INPUT) {
      return; // the host offers it again once the engine wants input
    }
    if (config.synchronizationCheck() && (out.totalDrained() < greetingEnd
        || (dataSyncMark >= 0 && out.totalDrained() < dataSyncMark))) {
      in.position(in.limit());
      commands.fatal(reply(ReplyText.SYNCHRONIZATION_ERROR),
          "client sent data before the " + (out.totalDrained() < greetingEnd ? "greeting" : "354 reply"));
      return;
    }
    touch();
    if (events.isEmpty() && inbox.position() > 0) {
      inbox.compact(); // no DataChunk handed out still points into the inbox
      inbox.flip();
    }
    int n = Math.min(room(), in.remaining());
    int at = inbox.limit();
    if (at + n > inbox.capacity()) {
      growInbox(at + n);
    }
    inbox.limit(at + n);
    inbox.put(at, in, in.position(), n);
    in.position(in.position() + n);
    advance();
  }

  @Override
  public void receiveEnd() {
    peerEnded = true;
    advance();
  }

  @Override
  public boolean hasOutput() {
    return out.hasOutput();
  }

  @Override
  public void drainOutput(ByteBuffer buffer) {
    boolean wasOver = out.isOverLimit();
    out.drainTo(buffer);
    if (dataSyncMark >= 0 && out.totalDrained() >= dataSyncMark) {
      dataSyncMark = -1;
    }
    if (wasOver && !out.isOverLimit()) {
      advance();
    }
  }

  @Override
  public Status status() {
    if (closed) {
      return Status.CLOSED;
    }
    if (!events.isEmpty()) {
      return Status.HAS_EVENTS;
    }
    if (tlsRequested) {
      return Status.STREAM_CHANGE;
    }
    if (pending != null) {
      return Status.AWAITING_DECISION;
    }
    if (commands.auth().holding()) {
      return Status.DELAYED;
    }
    return out.isOverLimit() ? Status.OUTPUT_FULL : Status.NEEDS_INPUT;
  }

  /**
   * How many more octets the inbox takes now. While message content streams, the inbox does not grow past
   * {@link #STREAM_INBOX}: content moves through it in steps (the host offers the rest again, as the contract says),
   * so a message costs one small inbox whatever its size or the host's chunk size; between commands it may grow to
   * the limit, to hold pipelined commands.
   */
  private int room() {
    int free = inboxCapacity - inbox.limit();
    if (state == ServerState.DATA || state == ServerState.BDAT) {
      int streaming = Math.max(Math.min(STREAM_INBOX, inboxCapacity), inbox.capacity()) - inbox.limit();
      if (streaming > 0) {
        return Math.min(free, streaming);
      }
    }
    return free;
  }

  /** Replaces the inbox with one of at least {@code needed} octets (at most the limit), same content and marks. */
  private void growInbox(int needed) {
    long size = Math.max(needed, Math.max(INBOX_FIRST, 2L * inbox.capacity()));
    ByteBuffer bigger = ByteBuffer.allocate((int) Math.min(inboxCapacity, size));
    bigger.put(0, inbox, 0, inbox.limit());
    bigger.limit(inbox.limit()).position(inbox.position());
    inbox = bigger;
  }

  /**
   * {@inheritDoc} The idle timeout (RFC 5321 §4.5.3.2) while the engine waits for the client, or, while the reply to
   * a failed AUTH is held back ({@link SmtpLimits#authFailureDelay()}), the moment it is due; none while a decision
   * or the TLS handshake is pending.
   */
  @Override
  public OptionalLong nextDeadline() {
    if (commands.auth().holding() && !closed) {
      return OptionalLong.of(commands.auth().heldUntil());
    }
    return closed || tlsRequested || pending != null ? OptionalLong.empty() : OptionalLong.of(deadline);
  }

  @Override
  public void onTimeout() {
    if (commands.auth().holding() && !closed) {
      commands.auth().release(env.now());
      if (!commands.auth().holding()) {
        touch();
        advance(); // commands the client pipelined behind the AUTH
      }
      return;
    }
    if (closed || tlsRequested || pending != null || env.now() - deadline < 0) {
      return;
    }
    Reply timeout = reply(ReplyText.TIMEOUT);
    commands.abortContent(timeout);
    commands.fatal(timeout, "idle timeout");
  }

  @Override
  public Optional<StreamChange> pendingStreamChange() {
    return tlsRequested ? Optional.of(START_TLS) : Optional.empty();
  }

  /**
   * {@inheritDoc} After STARTTLS the layer is the handshake's {@link TlsInfo}; the session resets to its state before
   * the greeting's answer (RFC 3207 §4.2): client name, authentication, transaction and extensions are forgotten.
   */
  @Override
  public void streamChanged(StreamLayer layer) {
    Objects.requireNonNull(layer, "layer");
    if (!tlsRequested) {
      throw new IllegalStateException("streamChanged without a pending STARTTLS (state " + state + ")");
    }
    if (!(layer instanceof TlsInfo info)) {
      throw new IllegalArgumentException("STARTTLS puts TLS in place, not " + layer);
    }
    tlsRequested = false;
    session.resetForTls(info);
    inbox.clear().flip();
    framer.reset();
    transition(ServerState.CONNECTED);
    commands.updateLineLimit();
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

  // ---------------------------------------------------------------- events and decisions

  /**
   * {@inheritDoc} A {@link SmtpServerEvent.DataChunk}'s buffer is valid until the next call into the engine. Input
   * that an earlier {@code receive} buffered is parsed here once the queue is empty, up to the next event.
   */
  @Override
  public SmtpServerEvent nextEvent() {
    if (events.isEmpty()) {
      advance();
    }
    return events.poll();
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
    check(pending, decision);
    commands.decide(pending, decision);
    touch();
    if (events.isEmpty()) {
      advance();
    }
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

  /** Throws {@link IllegalArgumentException} if {@code d} is no answer to {@code event}. */
  private void check(SmtpServerEvent.DecisionRequired event, SmtpDecision d) {
    if (d instanceof SmtpDecision.Accept a && a.reply().isPresent()) {
      int code = a.reply().get().code();
      if (event instanceof SmtpServerEvent.DataStart start) {
        if (start.chunked() || code != 354) {
          throw new IllegalArgumentException("DATA is accepted with 354; BDAT chunks get the engine's replies");
        }
      } else if (code / 100 != 2) {
        throw new IllegalArgumentException("accept needs a positive reply, not " + code + " (pending: " + event + ")");
      }
    } else if (d instanceof SmtpDecision.Reject r && r.reply().code() / 100 != 4 && r.reply().code() / 100 != 5) {
      throw new IllegalArgumentException("reject needs a 4xx or 5xx reply, not " + r.reply().code());
    } else if (d instanceof SmtpDecision.PerRecipient p) {
      if (!(event instanceof SmtpServerEvent.DataEnd) || !config.lmtp()) {
        throw new IllegalArgumentException("per-recipient replies answer DataEnd in LMTP mode; pending: " + event);
      }
      if (p.replies().size() != session.recipients.size()) {
        throw new IllegalArgumentException(
            "need " + session.recipients.size() + " replies, got " + p.replies().size());
      }
      for (Reply r : p.replies()) {
        if (r.code() / 100 == 3) {
          throw new IllegalArgumentException("LMTP per-recipient replies are 2xx, 4xx or 5xx");
        }
      }
    }
  }

  /** Ends the session at server shutdown with {@code 421 4.3.2} (RFC 5321 §3.8). */
  @Override
  public void shutdown() {
    if (!closed) {
      commands.abortContent(null);
      commands.fatal(reply(ReplyText.SHUTDOWN),
          "server shutdown");
    }
  }

  // ---------------------------------------------------------------- queries

  /** {@return the current state} */
  public ServerState state() {
    return state;
  }

  /** {@return the name the client gave in HELO/EHLO/LHLO, if it greeted} */
  public Optional<String> clientName() {
    return Optional.ofNullable(session.clientName);
  }

  /** {@return whether TLS is active (after STARTTLS, or implicit)} */
  public boolean isTls() {
    return session.tls;
  }

  /** {@return the authorization identity after a successful AUTH} */
  public Optional<String> authorizationId() {
    return authentication().map(Authentication::authorizationId);
  }

  /** {@return who the client authenticated as, after a successful AUTH (RFC 4954 §4); empty again after STARTTLS} */
  public Optional<Authentication> authentication() {
    return Optional.ofNullable(session.authentication);
  }

  /** {@return the current transaction's envelope, once MAIL FROM was accepted} */
  public Optional<Envelope> envelope() {
    return session.envelope();
  }

  /** {@return the extensions in effect (after EHLO/LHLO; none after HELO)} */
  public Set<SmtpExtension> extensions() {
    return Set.copyOf(session.offered);
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

  // ---------------------------------------------------------------- internals shared with CommandProcessor

  void advance() {
    while (events.isEmpty() && pending == null && !closed && !tlsRequested && !out.isOverLimit()
        && !commands.auth().holding()) {
      if (!commands.step()) {
        break;
      }
    }
    if (peerEnded && !closed && events.isEmpty() && pending == null && !inbox.hasRemaining()) {
      commands.abortContent(null);
      LOG.debug("session {}: peer closed the connection in state {}", peer.sessionId(), state);
      close();
    }
    releaseIdleInbox();
  }

  /** Gives the inbox's array back when all input was consumed between commands (not while content streams). */
  private void releaseIdleInbox() {
    if (inbox != NO_INBOX && !inbox.hasRemaining() && events.isEmpty() && pending == null
        && state != ServerState.DATA && state != ServerState.BDAT) {
      inbox = NO_INBOX;
    }
  }

  /** The engine's own reply {@code which}, in the configured wording (RFC 5321 §4.2). */
  Reply reply(ReplyText which) {
    return config.texts().reply(which, config.hostname());
  }

  void write(Reply reply, boolean enhancedAllowed) {
    ReplyWriter.write(out, reply, enhancedAllowed && config.enhancedStatusCodes());
  }

  void writeRaw(String asciiLine) {
    out.writeAscii(asciiLine);
  }

  void startTlsPause() {
    tlsRequested = true;
    inbox.position(inbox.limit());
    framer.reset();
    transition(ServerState.TLS_PENDING);
  }

  void transition(ServerState to) {
    if (state != to) {
      LOG.debug("session {}: {} -> {}", peer.sessionId(), state, to);
      state = to;
    }
  }

  void close() {
    transition(ServerState.CLOSED);
    closed = true;
    pending = null;
    commands.auth().clear();
    inbox.position(inbox.limit());
  }

  /** Restarts the idle timer (RFC 5321 §4.5.3.2.7). */
  void touch() {
    boolean inContent = state == ServerState.DATA || state == ServerState.BDAT;
    deadline = env.now() + (inContent ? config.limits().dataTimeout() : config.limits().commandTimeout()).toNanos();
  }

  /** Whether the reply to a failed AUTH is held back until {@link #nextDeadline()} (no input is read meanwhile). */
  boolean holdingReply() {
    return !closed && commands.auth().holding();
  }

  long totalWritten() {
    return out.totalWritten();
  }
}
