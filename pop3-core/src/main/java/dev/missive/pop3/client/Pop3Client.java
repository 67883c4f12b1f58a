package dev.missive.pop3.client;

import dev.missive.pop3.Capability;
import dev.missive.pop3.Pop3Response;
import dev.missive.pop3.client.internal.ClientCommand;
import dev.missive.pop3.client.internal.ClientCommand.Kind;
import dev.missive.pop3.client.internal.ResponseReader;
import dev.missive.wire.CommandPipeline;
import dev.missive.wire.ConnectionSecurity;
import dev.missive.wire.EngineEnvironment;
import dev.missive.wire.EventEngine;
import dev.missive.wire.PeerInfo;
import dev.missive.wire.ProtocolEngine;
import dev.missive.wire.StreamChange;
import dev.missive.wire.StreamLayer;
import dev.missive.wire.TlsInfo;
import dev.missive.wire.TlsPolicy;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sans-IO POP3 client engine (RFC 1939, with RFC 2449 CAPA, PIPELINING and response codes, RFC 2595 STLS,
 * RFC 8314 implicit TLS and RFC 5034 AUTH).
 *
 * <p>The engine reads the greeting, asks for the capabilities, upgrades with STLS and logs in as its
 * {@link Pop3ClientConfig} says, then sends the commands the host queued ({@link #stat()}, {@link #list()},
 * {@link #uidl()}, {@link #retrieve(int)}, {@link #top(int, int)}, {@link #delete(int)}, {@link #reset()},
 * {@link #noop()}, {@link #quit()}) in order, one at a time or pipelined when the server lists PIPELINING, and
 * reports the answers as {@link Pop3ClientEvent}s. Message content is streamed as un-stuffed slices. A status
 * line that is not {@code +OK}/{@code -ERR}, a line over the limit, an answer nobody asked for, a timeout, or any
 * byte after the {@code +OK} to STLS (docs/security.md, "Replies injected before the client's handshake") ends the
 * session at once; a failed login or missing STLS under {@link TlsPolicy#REQUIRED} ends it with QUIT. Events must
 * be taken before more input is consumed: {@code receive} stops at the first and {@link #wantsInput()} is false
 * while any is pending, so content slices stay valid until the host reuses its buffer.
 */
public final class Pop3Client extends Pop3Commands implements EventEngine<Pop3ClientEvent> {

  private static final Logger LOG = LoggerFactory.getLogger(Pop3Client.class);
  private static final StreamChange START_TLS = new StreamChange.StartTls(true);

  private final Pop3ClientConfig config;
  private final EngineEnvironment env;
  private final PeerInfo peer;
  private final CommandPipeline<ClientCommand> pipe;
  private final ResponseReader reader;
  private final ListingCollector listing;
  private final SessionOpening opening;
  private final ArrayDeque<Pop3ClientEvent> events = new ArrayDeque<>();
  private Pop3ClientState state = Pop3ClientState.GREETING;
  private boolean tlsPending;
  private boolean quitQueued;
  private String quitReason;

  /**
   * Creates an engine for a plaintext connection, with a session id from the environment's random source; it waits
   * for the server's greeting (RFC 1939 §4). For implicit TLS, pass a {@link PeerInfo} whose security is
   * {@link ConnectionSecurity#IMPLICIT_TLS}.
   *
   * @param config the client's configuration
   * @param env    the time and randomness the engine reads
   */
  public Pop3Client(Pop3ClientConfig config, EngineEnvironment env) {
    this(config, env, PeerInfo.of("server", ConnectionSecurity.PLAINTEXT, env));
  }

  /**
   * Creates an engine for one connection; it waits for the server's greeting (RFC 1939 §4). Every log line carries
   * the peer's session id; a peer whose security is {@link ConnectionSecurity#IMPLICIT_TLS} starts the session as
   * under TLS and never sends STLS (RFC 8314 §3.3, port 995).
   *
   * @param config the client's configuration
   * @param env    the time and randomness the engine reads
   * @param peer   the server connected to, the session id and the connection's security
   */
  public Pop3Client(Pop3ClientConfig config, EngineEnvironment env, PeerInfo peer) {
    this.config = Objects.requireNonNull(config, "config");
    this.env = Objects.requireNonNull(env, "env");
    this.peer = Objects.requireNonNull(peer, "peer");
    Pop3ClientLimits limits = config.limits();
    this.pipe = new CommandPipeline<>(limits.maxUndrainedOutput(), env, c -> limits.responseTimeout());
    this.reader = new ResponseReader(limits.maxLineLength(), limits.maxContentLineLength());
    this.listing = new ListingCollector(limits.maxListingLines());
    this.opening = new SessionOpening(new Port(), config, peer.sessionId(),
        peer.security() == ConnectionSecurity.IMPLICIT_TLS);
    pipe.expect(ClientCommand.GREETING);
  }

  /** What the session opening needs from the engine. */
  private final class Port implements ClientPort {

    @Override
    public void send(ClientCommand command) {
      Pop3Client.this.send(command);
    }

    @Override
    public void event(Pop3ClientEvent event) {
      events.add(event);
    }

    @Override
    public void transition(Pop3ClientState to) {
      Pop3Client.this.transition(to);
    }

    @Override
    public void startTls() {
      tlsPending = true;
      events.add(new Pop3ClientEvent.TlsRequested());
    }

    @Override
    public void failQuit(String reason) {
      quitNow(reason);
    }

    @Override
    public void abort(String reason) {
      Pop3Client.this.abort(reason);
    }

    @Override
    public void ready() {
      Pop3Client.this.transition(Pop3ClientState.TRANSACTION);
      pump();
    }
  }

  // ---- host API ------------------------------------------------------------------------------------------------

  @Override
  public Pop3ClientEvent nextEvent() {
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
  public Pop3ClientState state() {
    return state;
  }

  /** {@return the capabilities of the last CAPA answer; empty before it and after the TLS handshake until the next} */
  public Optional<List<Capability>> capabilities() {
    return Optional.ofNullable(opening.capabilities());
  }

  /** {@return whether the session runs under TLS (implicit, or after STLS)} */
  public boolean isTlsActive() {
    return opening.tls();
  }

  @Override
  void enqueue(ClientCommand c) {
    if (!state.acceptsCommands() || quitQueued) {
      throw new IllegalStateException("the POP3 client is " + state + (quitQueued ? " with QUIT queued" : "")
          + ": no more commands");
    }
    pipe.queue(c, c.line(), true);
    if (c.kind() == Kind.QUIT) {
      quitQueued = true;
    }
    pump();
  }

  // ---- ProtocolEngine ------------------------------------------------------------------------------------------

  @Override
  public void receive(ByteBuffer in) {
    if (state == Pop3ClientState.CLOSED) {
      throw new IllegalStateException("receive after the POP3 client closed");
    }
    if (tlsPending) {
      if (in.hasRemaining()) {
        abort("the server sent data after +OK to STLS (RFC 2595 §4)");
      }
      return;
    }
    if (!wantsInput() || !in.hasRemaining()) {
      return;
    }
    pipe.heard();                                     // any byte from the server counts as life
    while (in.hasRemaining() && status() == Status.NEEDS_INPUT) { // stops at the first event (and at STLS)
      ResponseReader.Item item = reader.next(in);
      if (item == ResponseReader.Item.NEED_MORE) {
        break;
      }
      handle(item);
    }
    if (tlsPending && in.hasRemaining()) {
      abort("the server sent data after +OK to STLS (RFC 2595 §4)");
    }
    pump();
  }

  @Override
  public void receiveEnd() {
    if (state != Pop3ClientState.CLOSED) {
      close(false, (state == Pop3ClientState.QUITTING ? "the server closed before answering QUIT"
          : "the server closed the connection") + (reader.hasPartialResponse() ? " in mid-response" : ""));
    }
  }

  @Override
  public boolean hasOutput() {
    return pipe.out().hasOutput();
  }

  @Override
  public void drainOutput(ByteBuffer buffer) {
    pipe.out().drainTo(buffer);
    if (state != Pop3ClientState.CLOSED) {
      pump();
    }
  }

  @Override
  public Status status() {
    if (state == Pop3ClientState.CLOSED) {
      return Status.CLOSED;
    }
    if (!events.isEmpty()) {
      return Status.HAS_EVENTS;
    }
    if (tlsPending) {
      return Status.STREAM_CHANGE;
    }
    return pipe.out().isOverLimit() ? Status.OUTPUT_FULL : Status.NEEDS_INPUT;
  }

  @Override
  public OptionalLong nextDeadline() {
    return state == Pop3ClientState.CLOSED || tlsPending ? OptionalLong.empty() : pipe.deadline();
  }

  @Override
  public void onTimeout() {
    if (nextDeadline().isPresent() && pipe.due()) {
      abort("no answer from the server within " + config.limits().responseTimeout());
    }
  }

  @Override
  public Optional<StreamChange> pendingStreamChange() {
    return tlsPending ? Optional.of(START_TLS) : Optional.empty();
  }

  /**
   * {@inheritDoc} After STLS the layer is the handshake's {@link TlsInfo}; the engine forgets the capabilities it
   * learnt in plaintext and asks for them again (RFC 2595 §4).
   */
  @Override
  public void streamChanged(StreamLayer layer) {
    Objects.requireNonNull(layer, "layer");
    if (!tlsPending) {
      throw new IllegalStateException("streamChanged without a pending STLS (state " + state + ")");
    }
    if (!(layer instanceof TlsInfo info)) {
      throw new IllegalArgumentException("STLS puts TLS in place, not " + layer);
    }
    LOG.debug("[{}] TLS established: {}", peer.sessionId(), info);
    tlsPending = false;
    reader.reset();
    opening.tlsEstablished();                         // RFC 2595 §4: forget what was learnt in plaintext
  }

  @Override
  public boolean isClosed() {
    return state == Pop3ClientState.CLOSED;
  }

  @Override
  public EngineEnvironment environment() {
    return env;
  }

  /**
   * Ends the session at once because the host is stopping: {@link Pop3ClientEvent.Closed}, not orderly. No QUIT is
   * sent, so the server does not enter UPDATE and deletes nothing (RFC 1939 §6).
   */
  @Override
  public void shutdown() {
    if (state != Pop3ClientState.CLOSED) {
      abort("the host is shutting down");
    }
  }

  // ---- responses -----------------------------------------------------------------------------------------------

  private void handle(ResponseReader.Item item) {
    if (item == ResponseReader.Item.STATUS_LINE) {
      status(reader.text());
    } else if (item == ResponseReader.Item.STATUS_LINE_TOO_LONG) {
      abort("a status line over " + config.limits().maxLineLength() + " octets");
    } else if (item == ResponseReader.Item.LISTING_LINE) {
      listing.add(reader.text());
    } else if (item == ResponseReader.Item.LISTING_LINE_TOO_LONG) {
      listing.addTooLong();
    } else if (item == ResponseReader.Item.LISTING_END) {
      listingEnded(pipe.answered());
    } else if (item == ResponseReader.Item.CONTENT) {
      events.add(new Pop3ClientEvent.MessageChunk(pipe.awaited().messageNumber(), reader.content()));
    } else if (item == ResponseReader.Item.CONTENT_END) {
      events.add(new Pop3ClientEvent.MessageEnd(pipe.answered().messageNumber(), reader.contentLength(),
          reader.contentHadBareLineEnding(), reader.contentHadLongLine()));
    }
  }

  private void status(String line) {
    ClientCommand c = pipe.awaited();
    if (c == null) {
      abort("the server sent a line no command asked for");
      return;
    }
    if (c.kind().sasl() && (line.equals("+") || line.startsWith("+ "))) {
      pipe.answered();
      opening.onChallenge(line.length() > 2 ? line.substring(2) : "");
      return;
    }
    Optional<Pop3Response> parsed = Pop3Response.parse(line);
    if (parsed.isEmpty()) {
      abort("a malformed status line in answer to " + (c.kind() == Kind.GREETING ? "the connection" : c));
      return;
    }
    Pop3Response r = parsed.get();
    if (r.positive() && c.kind().multiLine()) {
      if (c.kind() == Kind.RETR || c.kind() == Kind.TOP) {
        reader.expectContent();
      } else {
        reader.expectListing();
        listing.start(c.kind());
      }
      return;
    }
    pipe.answered();
    Pop3ClientEvent e = TransactionAnswers.event(c, r);
    if (e != null) {
      events.add(e);
      if (c.kind() == Kind.QUIT) {
        close(true, quitReason != null ? quitReason : "QUIT answered: " + r.toLine());
      }
      return;
    }
    opening.onResponse(c, r);
  }

  private void listingEnded(ClientCommand c) {
    if (c.kind() == Kind.CAPA) {
      opening.onCapabilities(listing.capabilities());
    } else {
      events.add(listing.result(c));
    }
  }

  // ---- sending -------------------------------------------------------------------------------------------------

  private void pump() {
    boolean pipelining = config.pipelining() && opening.has(Capability.PIPELINING.tag());
    for (ClientCommand c; state == Pop3ClientState.TRANSACTION
        && (c = pipe.sendNext(pipelining, config.limits().maxPipelinedCommands())) != null; ) {
      LOG.debug("[{}] C: {}", peer.sessionId(), c.display());
      if (c.kind() == Kind.QUIT) {
        transition(Pop3ClientState.QUITTING);
      }
    }
  }

  private void quitNow(String reason) {
    quitReason = reason;
    pipe.dropQueued();
    quitQueued = true;
    send(ClientCommand.of(Kind.QUIT, "QUIT"));
    transition(Pop3ClientState.QUITTING);
  }

  private void send(ClientCommand c) {
    LOG.debug("[{}] C: {}", peer.sessionId(), c.display());
    pipe.send(c, c.line(), true);
  }

  private void abort(String reason) {
    LOG.warn("[{}] POP3 session aborted: {}", peer.sessionId(), reason);
    pipe.clear(true);
    close(false, reason);
  }

  /**
   * Ends the session. A {@code TlsRequested} still queued is withdrawn: one {@code receive} may queue it and then
   * find the bytes after {@code +OK} to STLS, and a host taking its events afterwards must not start TLS and call
   * {@code streamChanged} on a closed engine.
   */
  private void close(boolean orderly, String reason) {
    tlsPending = false;
    pipe.clear(false);
    transition(Pop3ClientState.CLOSED);
    events.removeIf(e -> e instanceof Pop3ClientEvent.TlsRequested);
    events.add(new Pop3ClientEvent.Closed(orderly, reason));
  }

  private void transition(Pop3ClientState to) {
    if (to != state) {
      LOG.debug("[{}] POP3 client {} -> {}", peer.sessionId(), state, to);
      state = to;
    }
  }
}
