package dev.missive.smtp.server;

import dev.missive.sasl.Authentication;
import dev.missive.smtp.Envelope;
import dev.missive.smtp.Reply;
import dev.missive.smtp.SmtpExtension;
import dev.missive.wire.ConnectionSecurity;
import dev.missive.wire.EngineEnvironment;
import dev.missive.wire.ForwardingEngine;
import dev.missive.wire.PeerInfo;
import dev.missive.wire.ProtocolEngine;
import dev.missive.wire.StreamLayer;
import dev.missive.wire.TlsInfo;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

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
 * engine waits, {@code receive} consumes nothing. Implicit TLS (RFC 8314) is a peer whose security is
 * {@link ConnectionSecurity#IMPLICIT_TLS}; a {@link ConnectionSecurity#TRUSTED} peer may use mechanisms that send
 * secrets in the clear before TLS, as {@link SmtpServerConfig#plaintextAuthAllowed()} allows for every peer. Peer
 * mistakes never throw; host misuse throws {@link IllegalStateException}, but an answer that comes after the session
 * closed (a timeout or the peer's end won the race) is ignored. Used from one thread at a time.
 *
 * <p>This class is the public face; the package-private {@code SmtpServerCore} behind it owns the session's state
 * and alone changes it: {@link Commands}, {@link ContentPhase} and {@link AuthPhase} read input and return sealed
 * results that it applies (docs/architecture.md, "State machines"); the synchronisation marks, the STARTTLS pause
 * and the timers are wire's session guard (docs/architecture.md, "The synchronisation check", "The TLS
 * pause").
 *
 * <p>A failed AUTH is answered only after {@link SmtpLimits#authFailureDelay()}: the engine reports the moment
 * through {@link #nextDeadline()} and sends the reply from {@link #onTimeout()}, reading no command meanwhile
 * ({@link ProtocolEngine.Status#DELAYED}); the session ends with {@code 421 4.7.0} after
 * {@link SmtpLimits#maxAuthFailures()} (RFC 4954 §4 leaves both to the server).
 */
public final class SmtpServer extends ForwardingEngine {

  private final SmtpServerConfig config;
  private final EngineEnvironment env;
  private final SmtpServerCore core;
  private final SmtpSession session;

  /**
   * Creates the engine for one connection and queues the 220 greeting (RFC 5321 §4.3.1), or with implicit TLS
   * (RFC 8314: the peer's {@link ConnectionSecurity#IMPLICIT_TLS}) starts
   * as if TLS were already established.
   *
   * @param config the server's configuration
   * @param env    the time and randomness the engine reads
   * @param peer   the client's address, the session id and the connection's security
   */
  public SmtpServer(SmtpServerConfig config, EngineEnvironment env, PeerInfo peer) {
    this(new SmtpServerCore(Objects.requireNonNull(config, "config"), Objects.requireNonNull(env, "env"),
        Objects.requireNonNull(peer, "peer")), config, env);
  }

  private SmtpServer(SmtpServerCore core, SmtpServerConfig config, EngineEnvironment env) {
    super(core);
    this.core = core;
    this.config = config;
    this.env = env;
    this.session = new SessionView(this);
    core.view(session);
  }

  /**
   * Creates the engine for a plaintext connection with the system environment and a random session id.
   *
   * @param config        the server's configuration
   * @param remoteAddress the client's address
   * @return the engine, its greeting queued
   */
  public static SmtpServer create(SmtpServerConfig config, String remoteAddress) {
    EngineEnvironment env = EngineEnvironment.system();
    return new SmtpServer(config, env, PeerInfo.of(remoteAddress, ConnectionSecurity.PLAINTEXT, env));
  }

  // ---------------------------------------------------------------- ProtocolEngine

  /**
   * {@inheritDoc} The idle timeout (RFC 5321 §4.5.3.2) while the engine waits for the client, or, while the reply to
   * a failed AUTH is held back ({@link SmtpLimits#authFailureDelay()}), the moment it is due; none while a decision
   * or the TLS handshake is pending.
   */
  @Override
  public OptionalLong nextDeadline() {
    return super.nextDeadline();
  }

  /**
   * {@inheritDoc} After STARTTLS the layer is the handshake's {@link TlsInfo}; the session resets to its state before
   * the greeting's answer (RFC 3207 §4.2): client name, authentication, transaction and extensions are forgotten.
   */
  @Override
  public void streamChanged(StreamLayer layer) {
    super.streamChanged(layer);
  }

  /** Ends the session at server shutdown with {@code 421 4.3.2} (RFC 5321 §3.8). */
  @Override
  public void shutdown() {
    super.shutdown();
  }

  // ---------------------------------------------------------------- events and decisions

  /**
   * {@return the next event, or {@code null} when there is none now} It never takes input ({@link ProtocolEngine},
   * "Events"). A {@link SmtpServerEvent.DataChunk}'s buffer is a view of the host's input buffer: valid until the host
   * calls this method or {@code receive} again, which empty it (docs/architecture.md, "Engine discipline").
   */
  public SmtpServerEvent nextEvent() {
    return core.nextEvent();
  }

  /**
   * The event the host owes an answer to (see {@link SmtpServerEvent#needsDecision()}); while there is one,
   * {@link #status()} is {@link ProtocolEngine.Status#AWAITING_DECISION} once the event queue is empty.
   *
   * @return the pending decision event, or empty
   */
  public Optional<SmtpServerEvent.DecisionRequired> pendingDecision() {
    return core.pending();
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
    core.answer(Objects.requireNonNull(decision, "decision"));
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
    return core.state();
  }

  /** {@return the name the client gave in HELO/EHLO/LHLO, if it greeted} */
  public Optional<String> clientName() {
    return core.session().clientName();
  }

  /** {@return whether TLS is active (after STARTTLS, or implicit)} */
  public boolean isTls() {
    return core.session().tls();
  }

  /**
   * The TLS in effect: after STARTTLS the handshake's protocol and cipher suite as the host reported them
   * ({@link #streamChanged(StreamLayer)}), {@link TlsInfo#unknown()} under implicit TLS.
   *
   * @return the TLS session, or empty on a plaintext connection
   */
  public Optional<TlsInfo> tls() {
    return core.session().tlsInfo();
  }

  /** {@return the authorization identity after a successful AUTH} */
  public Optional<String> authorizationId() {
    return authentication().map(Authentication::authorizationId);
  }

  /** {@return who the client authenticated as, after a successful AUTH (RFC 4954 §4); empty again after STARTTLS} */
  public Optional<Authentication> authentication() {
    return core.session().authentication();
  }

  /** {@return the current transaction's envelope, once MAIL FROM was accepted} */
  public Optional<Envelope> envelope() {
    return core.session().envelope();
  }

  /** {@return the extensions in effect (after EHLO/LHLO; none after HELO)} */
  public Set<SmtpExtension> extensions() {
    return Set.copyOf(core.session().offered());
  }

  /**
   * The {@code Received:} field for the current message (RFC 5321 §4.4, RFC 3848), dated by the environment.
   *
   * @return the trace field to prepend to the message
   */
  public dev.missive.smtp.ReceivedField receivedField() {
    return core.session().receivedField(config, core.client().traceClient(), env);
  }

  /**
   * A read-only view of this session (peer, TLS, client name, authentication, transaction, extensions), for code
   * that should see the session but never answer for it, such as an {@link SmtpHandler}. Every call reads the
   * current state; the view cannot be turned back into the engine.
   *
   * @return the session view, the same object on every call
   */
  public SmtpSession session() {
    return session;
  }

  /** {@return the peer and session id: the connection's, or after XCLIENT the forwarded client's address} */
  public PeerInfo peer() {
    return core.client().peer();
  }

  /**
   * What a trusted proxy said about the client with Postfix's XCLIENT (for the rest of the session) or XFORWARD (for
   * the current transaction, which it wins over XCLIENT for), offered only with {@link SmtpExtension#XCLIENT} and
   * {@link SmtpExtension#XFORWARD} in the configuration; {@link #peer()} and the {@code Received:} field name its
   * address.
   *
   * @return the forwarded client, or empty
   */
  public Optional<ForwardedClient> forwardedClient() {
    return core.client().forwarded();
  }

  /** {@return the octets of output queued and not yet drained (for the tests of the output bound)} */
  int queuedOutput() {
    return core.out().size();
  }
}
