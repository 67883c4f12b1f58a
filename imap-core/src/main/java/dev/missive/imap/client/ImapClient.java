package dev.missive.imap.client;

import dev.missive.imap.Flag;
import dev.missive.imap.client.internal.ClientCommand;
import dev.missive.imap.client.internal.ClientCommand.Kind;
import dev.missive.imap.client.internal.CommandFlow;
import dev.missive.imap.command.AnyStateCommand;
import dev.missive.imap.command.Command;
import dev.missive.imap.protocol.CommandEncoder;
import dev.missive.imap.protocol.NonSynchronizingLiterals;
import dev.missive.imap.protocol.ResponseDecoder;
import dev.missive.imap.protocol.ResponseInput;
import dev.missive.imap.response.Response;
import dev.missive.imap.response.UntaggedResponse;
import dev.missive.wire.ConnectionSecurity;
import dev.missive.wire.EngineEnvironment;
import dev.missive.wire.EventEngine;
import dev.missive.wire.OutputQueue;
import dev.missive.wire.PeerInfo;
import dev.missive.wire.StreamChange;
import dev.missive.wire.StreamLayer;
import dev.missive.wire.TlsInfo;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sans-IO IMAP client engine (RFC 9051 IMAP4rev2, RFC 3501 IMAP4rev1 servers alike; RFC 8314 implicit TLS).
 *
 * <p>The engine reads the greeting, learns the capabilities, upgrades with STARTTLS, logs in and ENABLEs as its
 * {@link ImapClientConfig} says ({@link SessionOpening}), then sends the commands the host queued with the methods
 * of {@link ImapCommands} — pipelined when independent (RFC 9051 §5.5) — and reports everything as
 * {@link ImapClientEvent}s: each command's {@link ImapClientEvent.Completed} with a typed {@link CommandResult}
 * ({@link CommandResult.Failed} for NO and BAD with the response code), mailbox updates as they come (EXISTS,
 * EXPUNGE, FETCH), FETCH sections streamed as chunks. The selected mailbox's numbering is kept in
 * {@link #mailbox()}.
 *
 * <p>Everything the server sends is parsed by the shared, bounded {@link ResponseDecoder}: a response that does
 * not parse or is over the limits, a response nobody asked for, an update that contradicts the mailbox, more
 * untagged responses for one command than {@link ImapClientConfig#maxCollected()}, a timeout, or any byte after the
 * tagged OK to STARTTLS (RFC 9051 §11.1, docs/security.md "Replies injected before the client's handshake") ends
 * the session at once. Events must be taken before more input is consumed: {@code receive} stops at the first and
 * {@link #wantsInput()} is false while any is pending, so section chunks stay valid until the host reuses its
 * buffer. Not thread-safe: one thread at a time (docs/architecture.md, "The engine contract").
 */
public final class ImapClient extends ImapCommands implements EventEngine<ImapClientEvent> {

  private static final Logger LOG = LoggerFactory.getLogger(ImapClient.class);
  private static final StreamChange START_TLS = new StreamChange.StartTls(true);
  private static final ByteBuffer EMPTY = ByteBuffer.allocate(0).asReadOnlyBuffer();

  private final ImapClientConfig config;
  private final EngineEnvironment env;
  private final PeerInfo peer;
  private final OutputQueue out;
  private final ResponseDecoder decoder;
  private final CommandFlow flow;
  private final ArrayDeque<ImapClientEvent> events = new ArrayDeque<>();
  private final SessionOpening opening;
  private final UntaggedRouter router;
  private CommandEncoder encoder = new CommandEncoder(NonSynchronizingLiterals.REFUSED);
  private boolean utf8;
  private ImapClientState state = ImapClientState.GREETING;
  private ClientMailbox mailbox;
  private ClientMailbox selecting;
  private boolean tlsPending;
  private boolean logoutQueued;
  private String logoutReason;
  private String idling;
  private ClientCommand appending;
  private long appendRemaining;
  private long deadline;
  private boolean timing;

  /**
   * Creates an engine for one connection; it waits for the server's greeting (RFC 9051 §7.1.1). A peer whose
   * security is {@link ConnectionSecurity#IMPLICIT_TLS} starts the session under TLS, as
   * {@link ImapClientConfig#implicitTls()} does.
   *
   * @param config the client's configuration
   * @param env    the time and randomness the engine reads
   * @param peer   the server connected to, the session id every log line carries, the connection's security
   */
  public ImapClient(ImapClientConfig config, EngineEnvironment env, PeerInfo peer) {
    this.config = Objects.requireNonNull(config, "config");
    this.env = Objects.requireNonNull(env, "env");
    this.peer = Objects.requireNonNull(peer, "peer");
    this.out = new OutputQueue(config.maxUndrainedOutput());
    this.decoder = new ResponseDecoder(config.limits());
    this.flow = new CommandFlow(config.maxInFlight());
    this.opening = new SessionOpening(new Port(), config, peer.sessionId(),
        config.implicitTls() || peer.security() == ConnectionSecurity.IMPLICIT_TLS);
    this.router = new UntaggedRouter(new Router(), flow, peer.sessionId());
    arm();
  }

  /**
   * Creates an engine with a session id from the environment's random source.
   *
   * @param config the client's configuration
   * @param env    the time and randomness the engine reads
   */
  public ImapClient(ImapClientConfig config, EngineEnvironment env) {
    this(config, env, PeerInfo.of("server", config.implicitTls() ? ConnectionSecurity.IMPLICIT_TLS
        : ConnectionSecurity.PLAINTEXT, env));
  }

  // ---- host API ------------------------------------------------------------------------------------------------

  @Override
  public ImapClientEvent nextEvent() {
    return events.poll();
  }

  /** {@return the server connected to, with this session's id} */
  public PeerInfo peer() {
    return peer;
  }

  /** {@return where the session stands} */
  public ImapClientState state() {
    return state;
  }

  /** {@return the capabilities last reported; empty before any and after STARTTLS until asked again} */
  public Optional<List<String>> capabilities() {
    return Optional.ofNullable(opening.capabilities());
  }

  /**
   * Whether the server listed a capability.
   *
   * @param capability such as {@code MOVE} or {@code AUTH=PLAIN}, case-insensitive
   * @return whether it was listed
   */
  public boolean hasCapability(String capability) {
    return opening.has(capability);
  }

  /** {@return whether the session runs under TLS (implicit, or after STARTTLS)} */
  public boolean isTlsActive() {
    return opening.tls();
  }

  /** {@return the selected mailbox's view, or empty when none is selected} */
  public Optional<ClientMailbox> mailbox() {
    return Optional.ofNullable(mailbox);
  }

  /**
   * APPEND (RFC 9051 §6.3.12) of a message of {@code size} octets: once the server is ready
   * ({@link ImapClientEvent.AppendReady}) the host streams it with {@link #appendContent(ByteBuffer)}. The literal
   * is synchronizing unless the server offers LITERAL+ (or LITERAL- and the message is at most 4096 octets,
   * RFC 7888).
   *
   * @param mailbox      the target mailbox
   * @param flags        the flags to set
   * @param internalDate the internal date to set, or empty for the server's time
   * @param size         the message's exact size in octets
   * @return the tag
   */
  public String append(String mailbox, List<Flag> flags, Optional<OffsetDateTime> internalDate, long size) {
    List<Flag> f = List.copyOf(flags);
    Objects.requireNonNull(internalDate, "internalDate");
    Objects.requireNonNull(mailbox, "mailbox");
    if (size < 0) {
      throw new IllegalArgumentException("negative size");
    }
    return queue(tag -> new ClientCommand(tag, Kind.APPEND, null,
        e -> e.append(tag, mailbox, f, internalDate, size, false), false, size));
  }

  /**
   * Streams APPEND's message after {@link ImapClientEvent.AppendReady}: takes as many octets of {@code content} as
   * the output has room for (advancing its position; call again after draining) and never more than the size
   * announced; once all are taken the command line is ended.
   *
   * @param content the next octets of the message
   * @throws IllegalStateException if no APPEND waits for its octets
   */
  public void appendContent(ByteBuffer content) {
    if (appending == null || state == ImapClientState.CLOSED) {
      throw new IllegalStateException("no APPEND waits for its message (state " + state + ")");
    }
    int room = Math.max(0, config.maxUndrainedOutput() - out.size());
    int n = (int) Math.min(Math.min(content.remaining(), appendRemaining), room);
    if (n > 0) {
      ByteBuffer slice = content.slice();
      slice.limit(n);
      out.write(slice);
      content.position(content.position() + n);
      appendRemaining -= n;
    }
    if (appendRemaining == 0) {
      out.write(encoder.appendEnd());
      appending = null;
      arm();
      pump();
    }
  }

  /**
   * Ends IDLE with {@code DONE} (RFC 9051 §6.3.13); the IDLE's {@link ImapClientEvent.Completed} follows.
   *
   * @throws IllegalStateException if the engine is not idling
   */
  public void idleDone() {
    if (idling == null) {
      throw new IllegalStateException("not idling (state " + state + ")");
    }
    idling = null;
    out.write(encoder.idleDone());
    arm();
  }

  /** {@return the tag of the IDLE running, if the server is idling} */
  public Optional<String> idlingTag() {
    return Optional.ofNullable(idling);
  }

  @Override
  String enqueue(Function<String, Command> make) {
    return queue(tag -> ClientCommand.of(make.apply(tag), false));
  }

  private String queue(Function<String, ClientCommand> make) {
    if (state == ImapClientState.CLOSED || logoutQueued) {
      throw new IllegalStateException("the IMAP client is " + state + (logoutQueued ? " with LOGOUT queued" : "")
          + ": no more commands");
    }
    ClientCommand c = make.apply(nextTag());
    if (c.kind() == Kind.LOGOUT) {
      logoutQueued = true;
    }
    flow.queue(c);
    pump();
    return c.tag();
  }

  // ---- ProtocolEngine ------------------------------------------------------------------------------------------

  @Override
  public void receive(ByteBuffer in) {
    if (state == ImapClientState.CLOSED) {
      throw new IllegalStateException("receive after the IMAP client closed");
    }
    if (tlsPending) {
      if (in.hasRemaining()) {
        abort("the server sent data after OK to STARTTLS (RFC 9051 §11.1)");
      }
      return;
    }
    if (!wantsInput() || !in.hasRemaining()) {
      return;
    }
    arm();                                            // the server is alive: any byte restarts the timer
    while (in.hasRemaining() && status() == Status.NEEDS_INPUT) {
      ResponseInput unit = decoder.next(in);
      if (unit instanceof ResponseInput.NeedInput) {
        break;
      }
      handle(unit);
    }
    // what is complete without another byte (a section's end, the rest of a line already read) comes out now, so
    // the host sees progress whenever bytes were consumed (docs/architecture.md, "Chunking independence")
    while (state != ImapClientState.CLOSED && !tlsPending) {
      ResponseInput unit = decoder.next(EMPTY);
      if (unit instanceof ResponseInput.NeedInput) {
        break;
      }
      handle(unit);
    }
    if (tlsPending && (in.hasRemaining() || decoder.inResponse())) {
      abort("the server sent data after OK to STARTTLS (RFC 9051 §11.1)");
    }
  }

  @Override
  public void receiveEnd() {
    if (state != ImapClientState.CLOSED) {
      boolean orderly = state == ImapClientState.LOGOUT && !flow.busy();
      close(orderly, (state == ImapClientState.LOGOUT ? "the server closed after LOGOUT"
          : "the server closed the connection") + (decoder.inResponse() ? " in mid-response" : ""));
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
    if (state == ImapClientState.CLOSED) {
      return Status.CLOSED;
    }
    if (!events.isEmpty()) {
      return Status.HAS_EVENTS;
    }
    if (tlsPending) {
      return Status.STREAM_CHANGE;
    }
    if (appending != null && !appending.awaitsContinuation()) {
      return Status.AWAITING_DECISION;
    }
    return out.isOverLimit() ? Status.OUTPUT_FULL : Status.NEEDS_INPUT;
  }

  @Override
  public OptionalLong nextDeadline() {
    return timing && state != ImapClientState.CLOSED && !tlsPending && status() != Status.AWAITING_DECISION
        ? OptionalLong.of(deadline) : OptionalLong.empty();
  }

  @Override
  public void onTimeout() {
    OptionalLong d = nextDeadline();
    if (d.isPresent() && env.now() - d.getAsLong() >= 0) {
      abort("no answer from the server within " + config.responseTimeout());
    }
  }

  @Override
  public Optional<StreamChange> pendingStreamChange() {
    return tlsPending ? Optional.of(START_TLS) : Optional.empty();
  }

  /**
   * {@inheritDoc} After STARTTLS the layer is the handshake's {@link TlsInfo}; the engine forgets the capabilities
   * it learnt in plaintext and asks for them again (RFC 9051 §6.2.1).
   */
  @Override
  public void streamChanged(StreamLayer layer) {
    Objects.requireNonNull(layer, "layer");
    if (!tlsPending) {
      throw new IllegalStateException("streamChanged without a pending STARTTLS (state " + state + ")");
    }
    if (!(layer instanceof TlsInfo info)) {
      throw new IllegalArgumentException("STARTTLS puts TLS in place, not " + layer);
    }
    LOG.debug("[{}] TLS established: {}", peer.sessionId(), info);
    tlsPending = false;
    opening.tlsEstablished();
  }

  @Override
  public EngineEnvironment environment() {
    return env;
  }

  /** Ends the session at once because the host is stopping: {@link ImapClientEvent.Closed}, not orderly. */
  @Override
  public void shutdown() {
    if (state != ImapClientState.CLOSED) {
      abort("the host is shutting down");
    }
  }

  // ---- responses -----------------------------------------------------------------------------------------------

  private void handle(ResponseInput unit) {
    if (unit instanceof ResponseInput.Malformed m) {
      abort("a malformed response from the server: " + m.text());
    } else if (unit instanceof ResponseInput.SectionBegin b) {
      events.add(new ImapClientEvent.SectionStart(b.seq(), b.content(), b.literal8(), b.earlier()));
    } else if (unit instanceof ResponseInput.SectionData d) {
      events.add(new ImapClientEvent.SectionChunk(d.bytes()));
    } else if (unit instanceof ResponseInput.SectionEnd) {
      events.add(new ImapClientEvent.SectionEnd());
    } else {
      response(((ResponseInput.Received) unit).response());
    }
  }

  private void response(Response r) {
    if (state == ImapClientState.GREETING) {
      opening.greeting(r);
    } else if (r instanceof Response.Continuation c) {
      continuation(c.text());
    } else if (r instanceof Response.Tagged t) {
      tagged(t);
    } else {
      router.route((UntaggedResponse) r);
    }
  }

  private void continuation(String text) {
    ClientCommand c = flow.continuable();
    if (c == null) {
      abort("a continuation request no command asked for");
    } else if (c.kind() == Kind.AUTHENTICATE && opening.continuation(text)) {
      return;
    } else if (c.kind() == Kind.IDLE && idling == null && !c.awaitsContinuation()) {
      idling = c.tag();
      timing = false;                                 // the server may stay silent while idling
      events.add(new ImapClientEvent.IdleStarted(c.tag()));
    } else if (c.takeContentContinuation()) {
      appendReady(c);
    } else if (c.awaitsContinuation()) {
      writeSegment(c);
    } else {
      abort("a continuation request no command asked for");
    }
  }

  private void tagged(Response.Tagged t) {
    ClientCommand c = flow.complete(t.tag());
    if (c == null) {
      abort("a tagged response to no command: " + t.tag());
      return;
    }
    if (c == appending) {
      appending = null;                               // refused before its message (RFC 9051 §4.3)
    }
    if (c.tag().equals(idling)) {
      idling = null;
    }
    arm();
    if (c.opening()) {
      opening.completed(t);
    } else {
      completed(c, t);
    }
    pump();
  }

  private void completed(ClientCommand c, Response.Tagged t) {
    CommandResult result = Results.of(c, t, selecting, opening.capabilities());
    if (c.kind() == Kind.ENABLE) {
      enabledNow();
    } else if (c.kind() == Kind.SELECT) {
      mailbox = t.status() == dev.missive.imap.ResponseStatus.OK ? selecting : null;   // RFC 9051 §6.3.2
      selecting = null;
      transition(mailbox != null ? ImapClientState.SELECTED : ImapClientState.AUTHENTICATED);
    } else if (c.kind() == Kind.CLOSE && t.status() == dev.missive.imap.ResponseStatus.OK) {
      mailbox = null;
      transition(ImapClientState.AUTHENTICATED);
    }
    events.add(new ImapClientEvent.Completed(c.tag(), result));
    if (c.kind() == Kind.LOGOUT) {
      close(true, logoutReason != null ? logoutReason : "LOGOUT answered");
    }
  }

  // ---- sending -------------------------------------------------------------------------------------------------

  private void pump() {
    if (!opening.done() || state == ImapClientState.CLOSED) {
      return;
    }
    for (ClientCommand c; (c = flow.next()) != null; ) {
      start(c);
    }
  }

  private void start(ClientCommand c) {
    boolean wasIdle = flow.inFlight().size() == 1;
    c.encode(encoder);
    LOG.debug("[{}] C: {}", peer.sessionId(), c);
    if (c.kind() == Kind.SELECT) {
      var s = (dev.missive.imap.command.AuthenticatedCommand.Select) c.command();
      selecting = new ClientMailbox(s.mailbox(), s.readOnly(), config.maxTrackedUids());
      mailbox = null;                                 // RFC 9051 §6.3.2: the old one is deselected at once
    } else if (c.kind() == Kind.LOGOUT) {
      transition(ImapClientState.LOGOUT);
    }
    writeSegment(c);
    if (!c.awaitsContinuation() && c.endsInHostContent()) {
      appendReady(c);                                 // LITERAL+: no continuation to wait for
    }
    if (wasIdle) {
      arm();
    }
  }

  private void writeSegment(ClientCommand c) {
    byte[] segment = c.nextSegment();
    if (segment != null) {
      out.write(segment);
    }
  }

  private void appendReady(ClientCommand c) {
    appending = c;
    appendRemaining = c.contentSize();
    events.add(new ImapClientEvent.AppendReady(c.tag(), appendRemaining));
    if (appendRemaining == 0) {
      appendContent(ByteBuffer.allocate(0));
    }
  }

  private void sendNow(Command command, boolean fromOpening) {
    ClientCommand c = ClientCommand.of(command, fromOpening);
    flow.sendNow(c);
    c.encode(encoder);
    LOG.debug("[{}] C: {}", peer.sessionId(), c);
    writeSegment(c);
    arm();
  }

  private void failLogout(String reason) {
    logoutReason = reason;
    flow.drainWaiting();
    logoutQueued = true;
    sendNow(new AnyStateCommand.Logout(nextTag()), false);
    transition(ImapClientState.LOGOUT);
  }

  private void abort(String reason) {
    LOG.warn("[{}] IMAP session aborted: {}", peer.sessionId(), reason);
    out.clear();
    close(false, reason);
  }

  /**
   * Ends the session. A {@code TlsRequested} still queued is withdrawn: one {@code receive} may queue it and then
   * find the bytes after the OK to STARTTLS, and a host taking its events afterwards must not start TLS on a closed
   * engine.
   */
  private void close(boolean orderly, String reason) {
    tlsPending = false;
    timing = false;
    appending = null;
    idling = null;
    flow.drainWaiting();
    flow.drainInFlight();
    transition(ImapClientState.CLOSED);
    events.removeIf(e -> e instanceof ImapClientEvent.TlsRequested);
    events.add(new ImapClientEvent.Closed(orderly, reason));
  }

  private void transition(ImapClientState to) {
    if (to != state && state != ImapClientState.CLOSED) {
      LOG.debug("[{}] IMAP client {} -> {}", peer.sessionId(), state, to);
      state = to;
    }
  }

  /** Starts the response timer if anything awaits an answer (the greeting, a command), else stops it. */
  private void arm() {
    timing = state == ImapClientState.GREETING || flow.busy() && idling == null;
    if (timing) {
      deadline = env.now() + config.responseTimeout().toNanos();
    }
  }

  private void capabilitiesChanged(List<String> caps) {
    NonSynchronizingLiterals literals = opening.has("LITERAL+") ? NonSynchronizingLiterals.LITERAL_PLUS
        : opening.has("LITERAL-") || opening.has("IMAP4rev2") ? NonSynchronizingLiterals.LITERAL_MINUS
        : NonSynchronizingLiterals.REFUSED;
    encoder = new CommandEncoder(literals);
    encoder.setUtf8(utf8);
  }

  /** After ENABLE: IMAP4rev2 and UTF8=ACCEPT make strings and mailbox names UTF-8 (RFC 9051 §6.3.1, RFC 6855 §3). */
  private void enabledNow() {
    for (String c : opening.enabled()) {
      if (c.equals("IMAP4REV2") || c.equals("UTF8=ACCEPT")) {
        utf8 = true;
        encoder.setUtf8(true);
        decoder.setUtf8Names(true);
      }
    }
  }

  /** What the session opening needs from the engine. */
  private final class Port implements ClientPort {

    @Override
    public String tag() {
      return nextTag();
    }

    @Override
    public void send(Command command) {
      sendNow(command, true);
    }

    @Override
    public void sendLine(String line) {
      out.writeAscii(line);
      out.writeAscii("\r\n");
    }

    @Override
    public void event(ImapClientEvent event) {
      events.add(event);
    }

    @Override
    public void transition(ImapClientState to) {
      ImapClient.this.transition(to);
    }

    @Override
    public void startTls() {
      tlsPending = true;
      events.add(new ImapClientEvent.TlsRequested());
    }

    @Override
    public void capabilitiesChanged(List<String> capabilities) {
      ImapClient.this.capabilitiesChanged(capabilities);
    }

    @Override
    public void failLogout(String reason) {
      ImapClient.this.failLogout(reason);
    }

    @Override
    public void abort(String reason) {
      ImapClient.this.abort(reason);
    }

    @Override
    public void ready() {
      enabledNow();
      pump();
    }
  }

  /** What the untagged responses' router needs from the engine. */
  private final class Router implements UntaggedRouter.Port {

    @Override
    public void event(ImapClientEvent event) {
      events.add(event);
    }

    @Override
    public void abort(String reason) {
      ImapClient.this.abort(reason);
    }

    @Override
    public ClientMailbox mailbox() {
      return selecting != null ? selecting : mailbox;
    }

    @Override
    public SessionOpening opening() {
      return opening;
    }

    @Override
    public boolean gather(ClientCommand c) {
      if (c.collect() > config.maxCollected()) {
        abort("more than " + config.maxCollected() + " untagged responses for " + c);
        return false;
      }
      return true;
    }
  }
}
