package dev.missive.smtp.client;

import dev.missive.smtp.Envelope;
import dev.missive.smtp.Reply;
import dev.missive.smtp.SmtpExtension;
import dev.missive.smtp.client.SmtpClientEvent.Failed;
import dev.missive.smtp.client.internal.ReplyReader;
import dev.missive.wire.CommandPipeline;
import dev.missive.wire.ConnectionSecurity;
import dev.missive.wire.EngineEnvironment;
import dev.missive.wire.EventEngine;
import dev.missive.wire.PeerInfo;
import dev.missive.wire.ProtocolEngine;
import dev.missive.wire.StreamChange;
import dev.missive.wire.StreamLayer;
import dev.missive.wire.TlsInfo;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 */
public final class SmtpClient implements EventEngine<SmtpClientEvent> {

  private static final Logger LOG = LoggerFactory.getLogger(SmtpClient.class);
  private static final StreamChange START_TLS = new StreamChange.StartTls(true);

  private final SmtpClientConfig config;
  private final EngineEnvironment env;
  private final PeerInfo peer;
  private final CommandPipeline<Command> pipe;
  private final ReplyReader reader;
  private final TransactionFlow flow;
  private final ArrayDeque<SmtpClientEvent> events = new ArrayDeque<>();
  private SmtpClientState state = SmtpClientState.GREETING;
  private final SessionOpening opening;
  private Envelope waiting;
  private RecipientPolicy waitingPolicy;
  private String verifying;
  private boolean quitRequested;
  private boolean failing;

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
    this.config = Objects.requireNonNull(config, "config");
    this.env = Objects.requireNonNull(env, "env");
    this.peer = Objects.requireNonNull(peer, "peer");
    SmtpClientLimits limits = config.limits();
    this.pipe = new CommandPipeline<>(limits.maxUndrainedOutput(), env, c -> c.replyTimeout(limits));
    this.reader = new ReplyReader(limits.maxReplyLineLength(), limits.maxReplyLines(), limits.maxReplySize());
    FlowSession callbacks = new FlowSession();
    this.opening = new SessionOpening(callbacks, pipe, config, peer.security() == ConnectionSecurity.IMPLICIT_TLS);
    this.flow = new TransactionFlow(callbacks, pipe, limits.maxUndrainedOutput(), limits.dataBlockTimeout(),
        config.lmtp());
    pipe.expect(Command.GREETING);
  }

  /** What the session opening and the transaction flow need from the engine. */
  private final class FlowSession implements ClientPort {

    @Override
    public void event(SmtpClientEvent event) {
      events.add(event);
    }

    @Override
    public void transition(SmtpClientState to) {
      SmtpClient.this.transition(to);
    }

    @Override
    public boolean pipelining() {
      return SmtpClient.this.pipelining();
    }

    @Override
    public void failQuit(Reply reply, String reason) {
      SmtpClient.this.failQuit(reply, reason);
    }

    @Override
    public void ready() {
      SmtpClient.this.ready();
    }
  }

  // ---- host API ------------------------------------------------------------------------------------------------

  @Override
  public SmtpClientEvent nextEvent() {
    return events.poll();
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
    return state;
  }

  /**
   * The capabilities of the last EHLO/HELO reply; empty before it and after the TLS handshake until the next.
   *
   * @return the server's current capabilities, or empty
   */
  public Optional<EhloCapabilities> capabilities() {
    return Optional.ofNullable(opening.capabilities());
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
    Objects.requireNonNull(policy, "policy");
    if (envelope.recipients().isEmpty()) {
      throw new IllegalArgumentException("an envelope to send has at least one recipient");
    }
    requireIdle("send");
    if (state == SmtpClientState.READY) {
      begin(envelope, policy);
    } else {
      waiting = envelope;
      waitingPolicy = policy;
    }
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
    requireIdle("verify");
    requireState(SmtpClientState.READY, "verify");
    if (argument.isEmpty() || !argument.chars().allMatch(c -> c >= 0x20 && c < 0x7F)) {
      throw new IllegalArgumentException("VRFY argument must be printable US-ASCII");
    }
    verifying = argument;
    transition(SmtpClientState.VERIFY);
    pipe.send(Command.VRFY, "VRFY " + argument, false);
  }

  /**
   * Whether {@link #writeContent(ByteBuffer)} will take a buffer now; level-triggered, so the host asks again after
   * each drain and each {@code receive}. False outside {@link SmtpClientState#CONTENT}, while the undrained output
   * is at {@link SmtpClientLimits#maxUndrainedOutput()}, and with BDAT while the chunks already sent await their
   * replies (one chunk without PIPELINING, RFC 2920 §3.1 and RFC 3030 §2; a bounded number with it).
   *
   * @return whether {@link #writeContent(ByteBuffer)} will take a buffer now
   */
  public boolean canWriteContent() {
    return state == SmtpClientState.CONTENT && flow.canWrite();
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
    requireState(SmtpClientState.CONTENT, "writeContent");
    flow.write(in);
  }

  /**
   * Ends the message content: the final dot after DATA, or {@code BDAT n LAST} (sent once the earlier chunks are
   * answered where RFC 3030 §2 or LMTP requires). Every octet given to {@link #writeContent(ByteBuffer)} was taken,
   * so the message the server gets is exactly what the host wrote.
   *
   * @throws IllegalStateException if no content is expected now
   */
  public void endContent() {
    requireState(SmtpClientState.CONTENT, "endContent");
    flow.end();
  }

  /** Ends the session with QUIT once the current transaction (if any) is over; idempotent. */
  public void quit() {
    if (state == SmtpClientState.CLOSED || state == SmtpClientState.QUIT) {
      return;
    }
    quitRequested = true;
    if (state == SmtpClientState.READY) {
      sendQuit();
    }
  }

  // ---- ProtocolEngine ------------------------------------------------------------------------------------------

  @Override
  public void receive(ByteBuffer in) {
    if (state == SmtpClientState.CLOSED) {
      throw new IllegalStateException("receive after the session closed");
    }
    if (!in.hasRemaining()) {
      return;
    }
    if (state == SmtpClientState.TLS_HANDSHAKE) {
      abort(null, "the server sent bytes after its 220 reply to STARTTLS (RFC 3207 §5)");
      return;
    }
    while (in.hasRemaining() && status() == Status.NEEDS_INPUT) {
      Reply reply = reader.next(in);
      if (reply == null) {
        if (reader.error() != null) {
          abort(null, "protocol error: " + reader.error());
        }
        return;
      }
      onReply(reply);
      if (state == SmtpClientState.TLS_HANDSHAKE && in.hasRemaining()) {
        abort(null, "the server sent bytes after its 220 reply to STARTTLS (RFC 3207 §5)");
        return;
      }
    }
  }

  @Override
  public void receiveEnd() {
    if (state == SmtpClientState.QUIT) {
      close();
    } else if (state != SmtpClientState.CLOSED) {
      abort(null, "the server closed the connection in state " + state);
    }
  }

  @Override
  public boolean hasOutput() {
    return pipe.out().hasOutput();
  }

  @Override
  public void drainOutput(ByteBuffer buffer) {
    pipe.out().drainTo(buffer);
  }

  @Override
  public Status status() {
    if (state == SmtpClientState.CLOSED) {
      return Status.CLOSED;
    }
    if (!events.isEmpty()) {
      return Status.HAS_EVENTS;
    }
    if (state == SmtpClientState.TLS_HANDSHAKE) {
      return Status.STREAM_CHANGE;
    }
    return pipe.out().isOverLimit() ? Status.OUTPUT_FULL : Status.NEEDS_INPUT;
  }

  @Override
  public OptionalLong nextDeadline() {
    return pipe.deadline();
  }

  @Override
  public void onTimeout() {
    if (state != SmtpClientState.CLOSED && pipe.due()) {
      Command head = pipe.awaited();
      abort(null, "timed out " + (head == null ? "waiting for message content" : "waiting for the reply to " + head)
          + " (RFC 5321 §4.5.3.2)");
    }
  }

  @Override
  public Optional<StreamChange> pendingStreamChange() {
    return state == SmtpClientState.TLS_HANDSHAKE ? Optional.of(START_TLS) : Optional.empty();
  }

  /**
   * {@inheritDoc} After STARTTLS the layer is the handshake's {@link TlsInfo}; the engine forgets the capabilities
   * it learnt in plaintext and greets again with EHLO (RFC 3207 §4.2).
   */
  @Override
  public void streamChanged(StreamLayer layer) {
    Objects.requireNonNull(layer, "layer");
    requireState(SmtpClientState.TLS_HANDSHAKE, "streamChanged");
    if (!(layer instanceof TlsInfo)) {
      throw new IllegalArgumentException("STARTTLS puts TLS in place, not " + layer);
    }
    reader.reset();
    opening.tlsEstablished();
  }

  @Override
  public boolean isClosed() {
    return state == SmtpClientState.CLOSED;
  }

  @Override
  public EngineEnvironment environment() {
    return env;
  }

  /**
   * Ends the session at once because the host is stopping, as a failure: {@link SmtpClientEvent.Failed}, the
   * running and the submitted transaction reported as not delivered, then {@link SmtpClientEvent.Closed}. No QUIT is
   * sent; the server drops an unfinished transaction when the connection closes (RFC 5321 §3.8).
   */
  @Override
  public void shutdown() {
    if (state != SmtpClientState.CLOSED) {
      abort(null, "the host is shutting down");
    }
  }

  // ---- replies -------------------------------------------------------------------------------------------------

  private void onReply(Reply reply) {
    Command command = pipe.answered();
    if (command == null || reply.code() == 421 && command != Command.QUIT) {
      abort(reply, reply.code() == 421 ? "the server is closing the session" : "unexpected reply " + reply);
      return;
    }
    if (command == Command.QUIT) {
      close();
      return;
    }
    if (!failing) {
      dispatch(command, reply);
      if (!failing) {
        pipe.flush(pipelining(), Integer.MAX_VALUE);
      }
    }
    if (state == SmtpClientState.CONTENT) {
      pipe.streaming(config.limits().dataBlockTimeout()); // RFC 5321 §4.5.3.2.5, while no reply is awaited
    }
  }

  private void dispatch(Command command, Reply reply) {
    switch (command) {
      case GREETING -> {
        if (quitRequested && reply.code() == 220) { // quit() before the greeting: no EHLO, just QUIT
          events.add(new SmtpClientEvent.Greeted(reply));
          sendQuit();
        } else {
          opening.onReply(command, reply);
        }
      }
      case EHLO, HELO, STARTTLS, AUTH -> opening.onReply(command, reply);
      case VRFY -> {
        events.add(new SmtpClientEvent.Verified(verifying, reply));
        ready();
      }
      default -> flow.onReply(command, reply); // RSET, MAIL, RCPT, DATA, BDAT, BDAT_LAST, DATA_END
    }
  }

  private void ready() {
    transition(SmtpClientState.READY);
    if (quitRequested) {
      sendQuit();
    } else if (waiting != null) {
      Envelope next = waiting;
      waiting = null;
      begin(next, waitingPolicy);
    } else {
      events.add(new SmtpClientEvent.Ready());
    }
  }

  // ---- transactions --------------------------------------------------------------------------------------------

  private void begin(Envelope envelope, RecipientPolicy policy) {
    if (!flow.begin(envelope, policy, opening.capabilities(), opening.tls(), config.chunking())) {
      ready();
    }
  }

  // ---- failing, closing ----------------------------------------------------------------------------------------

  private boolean pipelining() {
    EhloCapabilities caps = opening.capabilities();
    return config.pipelining() && caps != null && caps.has(SmtpExtension.PIPELINING);
  }

  private void sendQuit() {
    transition(SmtpClientState.QUIT);
    pipe.send(Command.QUIT, "QUIT", false);
  }

  /** Reports a failure and ends the session politely with QUIT; later replies to earlier commands are ignored. */
  private void failQuit(Reply reply, String reason) {
    failed(reply, reason);
    failing = true;
    pipe.dropQueued();
    sendQuit();
  }

  /** Reports a failure and ends the session at once, without another command. */
  private void abort(Reply reply, String reason) {
    failed(reply, reason);
    close();
  }

  /** Reports the failure and ends the running and the submitted transaction with it. */
  private void failed(Reply reply, String reason) {
    LOG.debug("[{}] SMTP client session failed in state {}: {}", peer.sessionId(), state, reason);
    events.add(new Failed(Optional.ofNullable(reply), reason));
    flow.abort(reply, reason);
    if (waiting != null) {
      events.add(Transaction.notSent(waiting, reason));
      waiting = null;
    }
  }

  /**
   * Ends the session. Events still queued that ask the host to act ({@code Ready}: send or verify;
   * {@code DataReady}: stream content; {@code TlsRequested}: layer TLS) are withdrawn: one {@code receive} may take
   * several replies, and a host taking its events afterwards must not be sent to call a closed engine.
   */
  private void close() {
    failing = true;
    pipe.clear(false);
    transition(SmtpClientState.CLOSED);
    events.removeIf(e -> e instanceof SmtpClientEvent.Ready || e instanceof SmtpClientEvent.DataReady
        || e instanceof SmtpClientEvent.TlsRequested);
    events.add(new SmtpClientEvent.Closed());
  }

  /** The one place the state changes (docs/architecture.md, "State machines"); logs {@code from -> to}, never a
   * command's text. */
  private void transition(SmtpClientState to) {
    if (LOG.isDebugEnabled() && state != to) {
      LOG.debug("[{}] SMTP client {} -> {}", peer.sessionId(), state, to);
    }
    state = to;
  }

  private void requireIdle(String operation) {
    if (state == SmtpClientState.CLOSED || state == SmtpClientState.QUIT || quitRequested) {
      throw new IllegalStateException(operation + " is not allowed in state " + state
          + (quitRequested ? " after quit()" : ""));
    }
    if (flow.active() || waiting != null || state == SmtpClientState.VERIFY) {
      throw new IllegalStateException(operation + " is not allowed while a transaction or VRFY runs (state "
          + state + ")");
    }
  }

  private void requireState(SmtpClientState expected, String operation) {
    if (state != expected) {
      throw new IllegalStateException(operation + " is not allowed in state " + state);
    }
  }
}
