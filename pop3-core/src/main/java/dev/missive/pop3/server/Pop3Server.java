package dev.missive.pop3.server;

import dev.missive.pop3.MaildropEntry;
import dev.missive.pop3.Password;
import dev.missive.pop3.Pop3Response;
import dev.missive.wire.ConnectionSecurity;
import dev.missive.wire.EngineEnvironment;
import dev.missive.wire.ForwardingEngine;
import dev.missive.wire.PeerInfo;
import dev.missive.wire.ProtocolEngine;
import dev.missive.wire.StreamLayer;
import dev.missive.wire.TlsInfo;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

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
 *
 * <p>This class is the public face; the package-private {@code Pop3ServerCore} behind it owns the session's state
 * and alone changes it, applying what the login and retrieval phases return (docs/architecture.md, "State
 * machines").
 */
public final class Pop3Server extends ForwardingEngine {

  private final Pop3ServerCore core;

  /**
   * Starts a session and queues the greeting.
   *
   * @param config      the server configuration
   * @param environment clock, monotonic time and randomness (docs/architecture.md, "Determinism")
   * @param peer        the client's address, the session id every log line carries, and whether the connection is
   *                    plaintext, trusted or implicit TLS
   */
  public Pop3Server(Pop3ServerConfig config, EngineEnvironment environment, PeerInfo peer) {
    this(new Pop3ServerCore(Objects.requireNonNull(config, "config"),
        Objects.requireNonNull(environment, "environment"), Objects.requireNonNull(peer, "peer")));
  }

  private Pop3Server(Pop3ServerCore core) {
    super(core);
    this.core = core;
  }

  // ---------------------------------------------------------------- queries

  /** {@return the current state (level-triggered)} */
  public Pop3State state() {
    return core.state();
  }

  /** {@return the APOP timestamp of the greeting, or null when APOP is disabled} */
  public String apopTimestamp() {
    return core.apopTimestamp();
  }

  /** {@return whether TLS is in place (after STLS or implicit TLS)} */
  public boolean isTlsActive() {
    return core.isTlsActive();
  }

  /** {@return whether plaintext logins are allowed now: TLS is active or the host declared the connection trusted} */
  public boolean plaintextLoginAllowed() {
    return core.plaintextLoginAllowed();
  }

  /** {@return a read-only view of the session: peer, TLS, who logged in, state} */
  public Pop3Session session() {
    return core.session();
  }

  /** {@return the event the engine waits for the host to answer, if any} */
  public Optional<Pop3ServerEvent.DecisionRequired> pendingDecision() {
    return core.pendingDecision();
  }

  /**
   * {@return the next event, or {@code null} when there is none now} It never takes input (the
   * {@code ProtocolEngine} contract, "Events").
   */
  public Pop3ServerEvent nextEvent() {
    return core.nextEvent();
  }

  // ---------------------------------------------------------------- ProtocolEngine

  /** {@inheritDoc} None while TLS is being negotiated (the host times its own handshake) or the host owes an answer. */
  @Override
  public OptionalLong nextDeadline() {
    return super.nextDeadline();
  }

  /**
   * {@inheritDoc} After STLS the layer is the handshake's {@link TlsInfo}; the session forgets a USER given before
   * and UTF8 mode (RFC 2595 §4), and its inactivity timer starts again.
   */
  @Override
  public void streamChanged(StreamLayer layer) {
    super.streamChanged(layer);
  }

  /**
   * Ends the session because the host is stopping, without a reply and without entering UPDATE, even after QUIT
   * (nothing is deleted, RFC 1939 §6); {@link Pop3ServerEvent.SessionEnded} follows with {@code updated} false, so
   * the host releases the maildrop. An answer the host gives afterwards is ignored.
   */
  @Override
  public void shutdown() {
    super.shutdown();
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
    core.answer(Objects.requireNonNull(decision, "decision"));
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
    return core.wantsContent();
  }

  /** {@return whether TOP's cut was reached: the host stops reading the message and calls {@link #contentEnd()}} */
  public boolean hasEnoughContent() {
    return core.hasEnoughContent();
  }

  /**
   * Answers {@link Pop3ServerEvent.RetrieveRequested} with the next chunk of the stored message, consumed whole.
   * The first chunk sends the {@code +OK}; line endings are canonicalised and dots stuffed on the way out.
   *
   * @param chunk the next stored bytes of the message; its position advances
   */
  public void content(ByteBuffer chunk) {
    core.content(Objects.requireNonNull(chunk, "chunk"));
  }

  /** Ends the message of {@link Pop3ServerEvent.RetrieveRequested}: writes the terminating line. */
  public void contentEnd() {
    core.contentEnd();
  }
}
