package dev.missive.smtp.client;

import dev.missive.smtp.Envelope;
import dev.missive.wire.ConnectionSecurity;
import dev.missive.wire.EngineEnvironment;
import dev.missive.wire.ForwardingEngine;
import dev.missive.wire.PeerInfo;
import dev.missive.wire.ProtocolEngine;
import dev.missive.wire.StreamLayer;
import dev.missive.wire.TlsInfo;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.Optional;

/**
 * The sans-IO SMTP client engine (RFC 5321 §3–§4, with RFC 3207 STARTTLS, RFC 4954 AUTH, RFC 2920 PIPELINING,
 * RFC 3030 CHUNKING, RFC 1870 SIZE, RFC 6152 8BITMIME, RFC 6531 SMTPUTF8, RFC 3461 DSN and RFC 8689 REQUIRETLS).
 *
 * <p>The engine greets, reads the capabilities, upgrades to TLS and authenticates as its {@link SmtpClientConfig}
 * says, then runs the transactions the host submits with {@link #send(Envelope)}; the host streams each message's
 * content after {@link SmtpClientEvent.DataReady} and reads the outcome from {@link SmtpClientEvent.TransactionResult}.
 * Bytes move through the {@link ProtocolEngine} contract. Replies are matched to commands in order, so pipelined
 * groups (RFC 2920 §3.1: RSET, MAIL, every RCPT and DATA; STARTTLS and AUTH always end a group) need no special
 * case. A reply the engine cannot parse, a 421, a timeout, or any byte after the 220 to STARTTLS (docs/security.md,
 * "Replies injected before the client's handshake") ends the session at once; other fatal replies end it with QUIT.
 * Like every engine it consumes no input while events are queued: {@code receive} stops after the reply that
 * queued one.
 *
 * <p>This class is the public face; the package-private {@code SmtpClientCore} behind it owns the session's state
 * (docs/architecture.md, "State machines").
 */
public final class SmtpClient extends ForwardingEngine {

  private final PeerInfo peer;
  private final SmtpClientCore core;

  /**
   * Creates an engine for a plaintext connection to an unnamed server, with a session id from the environment's
   * random source; it waits for the server's greeting (RFC 5321 §3.1). For implicit TLS, pass a {@link PeerInfo}
   * whose security is {@link ConnectionSecurity#IMPLICIT_TLS}.
   *
   * @param config the client's configuration
   * @param env    the time and randomness the engine reads
   */
  public SmtpClient(SmtpClientConfig config, EngineEnvironment env) {
    this(config, env, PeerInfo.of("server", ConnectionSecurity.PLAINTEXT, env));
  }

  /**
   * Creates an engine for one connection; it waits for the server's greeting (RFC 5321 §3.1). Every log line
   * carries the peer's session id; a peer whose security is {@link ConnectionSecurity#IMPLICIT_TLS} starts the
   * session as under TLS and never sends STARTTLS (RFC 8314 §3.3, port 465).
   *
   * @param config the client's configuration
   * @param env    the time and randomness the engine reads
   * @param peer   the server connected to, the session id and the connection's security
   */
  public SmtpClient(SmtpClientConfig config, EngineEnvironment env, PeerInfo peer) {
    this(new SmtpClientCore(Objects.requireNonNull(config, "config"), Objects.requireNonNull(env, "env"),
        Objects.requireNonNull(peer, "peer")), peer);
  }

  private SmtpClient(SmtpClientCore core, PeerInfo peer) {
    super(core);
    this.core = core;
    this.peer = peer;
  }

  // ---- host API ------------------------------------------------------------------------------------------------

  /**
   * {@return the next event, or {@code null} when there is none now} It never takes input (the
   * {@code ProtocolEngine} contract, "Events").
   */
  public SmtpClientEvent nextEvent() {
    return core.nextEvent();
  }

  /** {@return the server connected to, with this session's id} */
  public PeerInfo peer() {
    return peer;
  }

  /**
   * Where the session stands.
   *
   * @return the current state
   */
  public SmtpClientState state() {
    return core.state();
  }

  /**
   * The capabilities of the last EHLO/HELO reply; empty before it and after the TLS handshake until the next.
   *
   * @return the server's current capabilities, or empty
   */
  public Optional<EhloCapabilities> capabilities() {
    return Optional.ofNullable(core.capabilities());
  }

  /**
   * Submits a transaction that delivers to every recipient the server accepts ({@link RecipientPolicy#EACH}).
   *
   * @param envelope the transaction's reverse-path, recipients and parameters
   * @throws IllegalStateException    if a transaction is already submitted or running, or the session is ending
   * @throws IllegalArgumentException if the envelope has no recipient
   */
  public void send(Envelope envelope) {
    send(envelope, RecipientPolicy.EACH);
  }

  /**
   * Submits a transaction; it starts once the session is ready (after the greeting, EHLO, STARTTLS and AUTH). An
   * envelope the server cannot take (a path over the limits of RFC 5321 §4.5.3.1, UTF-8 without SMTPUTF8, a
   * parameter it does not offer) is reported as {@link SmtpClientEvent.Outcome#NOT_SENT} before anything is written.
   *
   * @param envelope the transaction's reverse-path, recipients and parameters
   * @param policy   whether the message goes to the accepted recipients or only if all are accepted
   * @throws IllegalStateException    if a transaction is already submitted or running, or the session is ending
   * @throws IllegalArgumentException if the envelope has no recipient
   */
  public void send(Envelope envelope, RecipientPolicy policy) {
    core.send(envelope, policy);
  }

  /**
   * Asks the server to verify a user name or mailbox with VRFY (RFC 5321 §4.1.1.6); the answer comes as
   * {@link SmtpClientEvent.Verified}.
   *
   * @param argument the VRFY argument, a user name or mailbox
   * @throws IllegalStateException    unless the session is {@link SmtpClientState#READY}
   * @throws IllegalArgumentException if {@code argument} is empty, not printable US-ASCII or holds CR, LF or NUL
   */
  public void verify(String argument) {
    core.verify(argument);
  }

  /**
   * Asks the server to start its queue run for a node, a domain and its subdomains, or a named queue with ETRN
   * (RFC 1985 §5); the answer comes as {@link SmtpClientEvent.QueueRunResult}. A server that did not advertise ETRN
   * in its EHLO reply is not sent the command (RFC 1985 §2): the result says {@link QueueRunOutcome#NOT_OFFERED}.
   *
   * @param request the node, {@code @domain} or {@code #queue}
   * @throws IllegalStateException unless the session is {@link SmtpClientState#READY}
   */
  public void etrn(dev.missive.smtp.EtrnRequest request) {
    core.etrn(Objects.requireNonNull(request, "request"));
  }

  /**
   * Asks the provider for the mail it holds for this customer with ATRN (RFC 2645 §5.2.1), after AUTH; the answer
   * comes as {@link SmtpClientEvent.AtrnResult}. On {@code 250} the engine builds its successor with
   * {@code successor} — a server engine for this connection, such as an {@code SmtpHandlerServer} over the
   * customer's store, whose 220 greeting is the customer's first line in the reversed roles (RFC 2645 §5.3) — and
   * asks for a {@link dev.missive.wire.StreamChange.Handover} to it ({@link dev.missive.wire.HandoverEngine} makes it
   * on any transport). A provider that did not advertise ATRN is not sent it (the result has no reply).
   *
   * @param request   the domains, or none for all of the customer's
   * @param successor builds the server engine that takes over the connection once the roles reverse
   * @throws IllegalStateException unless the session is {@link SmtpClientState#READY}
   */
  public void atrn(dev.missive.smtp.AtrnRequest request,
      java.util.function.Supplier<? extends dev.missive.wire.ProtocolEngine> successor) {
    core.atrn(Objects.requireNonNull(request, "request"), Objects.requireNonNull(successor, "successor"));
  }

  /**
   * Whether {@link #writeContent(ByteBuffer)} will take a buffer now; level-triggered, so the host asks again after
   * each drain and each {@code receive}. False outside {@link SmtpClientState#CONTENT}, while the undrained output
   * is at {@link SmtpClientLimits#maxUndrainedOutput()}, and with BDAT while the chunks already sent await their
   * replies (one chunk without PIPELINING, RFC 2920 §3.1 and RFC 3030 §2; a bounded number with it). A reply that
   * turns it true ends that {@code receive} call, so the host writes before the next reply is read whatever the
   * reads hold (docs/architecture.md, "Engine discipline").
   *
   * @return whether {@link #writeContent(ByteBuffer)} will take a buffer now
   */
  public boolean canWriteContent() {
    return core.canWriteContent();
  }

  /**
   * Streams message content: takes <em>all</em> of {@code in} or, throwing, none of it. After DATA the octets are
   * CRLF-canonicalised and dot-stuffed (RFC 5321 §4.5.2); with BDAT each call is one chunk, {@code BDAT n} with
   * {@code n} the canonical length, CRLF-canonical unless the body is BINARYMIME (RFC 3030 §2–§3). A refused BDAT
   * chunk ends the transaction (RFC 3030 §2: no further BDAT): {@link #canWriteContent()} turns false and, once the
   * chunks in flight are answered, the {@link SmtpClientEvent.TransactionResult} says the message was refused; the
   * host stops streaming and need not call {@link #endContent()}.
   *
   * <p>Why all or nothing: an API that takes what fits and leaves the rest in the caller's buffer (as
   * {@code SocketChannel.write} does) makes every caller responsible for noticing the rest, and a caller that does
   * not sends a truncated message the server accepts. Here no call leaves octets behind, so {@link #endContent()}
   * can never cut a message short; back-pressure is the level-triggered {@link #canWriteContent()}, and a write
   * while it is false throws instead of queueing without bound. The engine copies each buffer into its output, so
   * memory stays within {@link SmtpClientLimits#maxUndrainedOutput()} plus the host's largest buffer (after DATA,
   * twice that at most, for canonicalisation and stuffing): hosts streaming a file or an {@code InputStream} pass
   * pieces of a few KiB; a message already in memory may go in one call. The engine never pulls content from the
   * host, so it never runs host I/O inside {@code receive} or {@code drainOutput}.
   *
   * <pre>{@code
   * while (!eof && client.canWriteContent()) {
   *   int n = stream.read(buf.clear().array());       // ByteBuffer buf = ByteBuffer.allocate(16 * 1024)
   *   if (n < 0) { eof = true; client.endContent(); }
   *   else client.writeContent(buf.limit(n));          // all n octets are taken
   * }
   * }</pre>
   *
   * @param in the message octets; its position advances to its limit
   * @throws IllegalStateException    if no content is expected now ({@link SmtpClientState#CONTENT}) or
   *                                  {@link #canWriteContent()} is false; nothing of {@code in} is taken
   * @throws IllegalArgumentException if {@code in} holds an 8-bit octet and the envelope did not declare
   *                                  {@code BODY=8BITMIME} or {@code BINARYMIME}; nothing of {@code in} is taken
   */
  public void writeContent(ByteBuffer in) {
    core.writeContent(in);
  }

  /**
   * Ends the message content: the final dot after DATA, or {@code BDAT n LAST} (sent once the earlier chunks are
   * answered where RFC 3030 §2 or LMTP requires). Every octet given to {@link #writeContent(ByteBuffer)} was taken,
   * so the message the server gets is exactly what the host wrote.
   *
   * @throws IllegalStateException if no content is expected now
   */
  public void endContent() {
    core.endContent();
  }

  /** Ends the session with QUIT once the current transaction (if any) is over; idempotent. */
  public void quit() {
    core.quit();
  }

  // ---- ProtocolEngine ------------------------------------------------------------------------------------------

  /**
   * {@inheritDoc} After STARTTLS the layer is the handshake's {@link TlsInfo}; the engine forgets the capabilities
   * it learnt in plaintext and greets again with EHLO (RFC 3207 §4.2).
   */
  @Override
  public void streamChanged(StreamLayer layer) {
    super.streamChanged(layer);
  }

  /**
   * Ends the session at once because the host is stopping, as a failure: {@link SmtpClientEvent.Failed}, the
   * running and the submitted transaction reported as not delivered, then {@link SmtpClientEvent.Closed}. No QUIT is
   * sent; the server drops an unfinished transaction when the connection closes (RFC 5321 §3.8).
   */
  @Override
  public void shutdown() {
    super.shutdown();
  }
}
