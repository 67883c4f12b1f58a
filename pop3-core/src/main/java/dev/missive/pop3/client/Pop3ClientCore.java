package dev.missive.pop3.client;

import dev.missive.pop3.Capability;
import dev.missive.pop3.Pop3Response;
import dev.missive.pop3.client.internal.ClientCommand.Kind;
import dev.missive.pop3.client.internal.ClientCommand;
import dev.missive.pop3.client.internal.ResponseReader;
import dev.missive.wire.ConnectionSecurity;
import dev.missive.wire.EngineEnvironment;
import dev.missive.wire.PeerInfo;
import dev.missive.wire.ProtocolEngine;
import dev.missive.wire.StreamChange;
import dev.missive.wire.StreamLayer;
import dev.missive.wire.TlsInfo;
import dev.missive.wire.internal.CommandPipeline;
import dev.missive.wire.internal.StreamPause;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state of one POP3 client session behind {@link Pop3Client}: the command pipeline, the response reader, the
 * session opening and the events; it alone changes them (docs/architecture.md, "State machines"), as
 * {@code SmtpClientCore} does for SMTP.
 */
final class Pop3ClientCore implements ClientPort, ProtocolEngine {

  private static final Logger LOG = LoggerFactory.getLogger(Pop3Client.class);
  private static final StreamChange START_TLS = new StreamChange.StartTls(true);

  private final Pop3ClientConfig config;
  private final EngineEnvironment env;
  private final String sessionId;
  private final CommandPipeline<ClientCommand> pipe;
  private final ResponseReader reader;
  private final ListingCollector listing;
  private final SessionOpening opening;
  private final StreamPause tls = new StreamPause();
  private final ArrayDeque<Pop3ClientEvent> events = new ArrayDeque<>();
  private Pop3ClientState state = Pop3ClientState.GREETING;
  private boolean quitQueued;
  private String quitReason;

  Pop3ClientCore(Pop3ClientConfig config, EngineEnvironment env, PeerInfo peer) {
    this.config = config;
    this.env = env;
    this.sessionId = peer.sessionId();
    Pop3ClientLimits limits = config.limits();
    this.pipe = new CommandPipeline<>(limits.maxUndrainedOutput(), env, c -> limits.responseTimeout());
    this.reader = new ResponseReader(limits.maxLineLength(), limits.maxContentLineLength());
    this.listing = new ListingCollector(limits.maxListingLines());
    this.opening = new SessionOpening(this, config, sessionId, peer.security() == ConnectionSecurity.IMPLICIT_TLS);
    pipe.expect(ClientCommand.GREETING);
  }

  // ---- what the session opening asks for (ClientPort) ------------------------------------------------------------

  @Override
  public void send(ClientCommand c) {
    LOG.debug("[{}] C: {}", sessionId, c.display());
    pipe.send(c, c.line(), true);
  }

  @Override
  public void event(Pop3ClientEvent event) {
    events.add(event);
  }

  @Override
  public void transition(Pop3ClientState to) {
    if (to != state) {
      LOG.debug("[{}] POP3 client {} -> {}", sessionId, state, to);
      state = to;
    }
  }

  @Override
  public void startTls() {
    tls.pause(START_TLS);
    events.add(new Pop3ClientEvent.TlsRequested());
  }

  @Override
  public void failQuit(String reason) {
    quitReason = reason;
    pipe.dropQueued();
    quitQueued = true;
    send(ClientCommand.of(Kind.QUIT, "QUIT"));
    transition(Pop3ClientState.QUITTING);
  }

  @Override
  public void abort(String reason) {
    LOG.warn("[{}] POP3 session aborted: {}", sessionId, reason);
    close(false, reason); // what was written stays for the host to drain (docs/architecture.md, "Output")
  }

  @Override
  public void ready() {
    transition(Pop3ClientState.TRANSACTION);
    pump();
  }

  // ---- what the facade reads and asks --------------------------------------------------------------------------

  Pop3ClientState state() {
    return state;
  }

  SessionOpening opening() {
    return opening;
  }

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

  public Pop3ClientEvent nextEvent() {
    return events.poll();
  }

  @Override
  public void receive(ByteBuffer in) {
    if (state == Pop3ClientState.CLOSED) {
      throw new IllegalStateException("receive after the POP3 client closed");
    }
    if (tls.injected(in)) {
      abort("the server sent data after +OK to STLS (RFC 2595 §4)");
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
    if (tls.injected(in)) {
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
    if (tls.isPaused()) {
      return Status.STREAM_CHANGE;
    }
    return pipe.out().isOverLimit() ? Status.OUTPUT_FULL : Status.NEEDS_INPUT;
  }

  @Override
  public boolean isClosed() {
    return state == Pop3ClientState.CLOSED;
  }

  @Override
  public OptionalLong nextDeadline() {
    return state == Pop3ClientState.CLOSED || tls.isPaused() ? OptionalLong.empty() : pipe.deadline();
  }

  @Override
  public void onTimeout() {
    if (nextDeadline().isPresent() && pipe.due()) {
      abort("no answer from the server within " + config.limits().responseTimeout());
    }
  }

  @Override
  public Optional<StreamChange> pendingStreamChange() {
    return tls.pending();
  }

  @Override
  public void streamChanged(StreamLayer layer) {
    TlsInfo info = tls.resumeWithTls(layer, "STLS", state);
    LOG.debug("[{}] TLS established: {}", sessionId, info);
    reader.reset();
    opening.tlsEstablished();                         // RFC 2595 §4: forget what was learnt in plaintext
  }

  @Override
  public EngineEnvironment environment() {
    return env;
  }

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

  // ---- sending and ending --------------------------------------------------------------------------------------

  private void pump() {
    boolean pipelining = config.pipelining() && opening.has(Capability.PIPELINING.tag());
    for (ClientCommand c; state == Pop3ClientState.TRANSACTION
        && (c = pipe.sendNext(pipelining, config.limits().maxPipelinedCommands())) != null; ) {
      LOG.debug("[{}] C: {}", sessionId, c.display());
      if (c.kind() == Kind.QUIT) {
        transition(Pop3ClientState.QUITTING);
      }
    }
  }

  /**
   * Ends the session. A {@code TlsRequested} still queued is withdrawn: one {@code receive} may queue it and then
   * find the bytes after {@code +OK} to STLS, and a host taking its events afterwards must not start TLS and call
   * {@code streamChanged} on a closed engine.
   */
  private void close(boolean orderly, String reason) {
    tls.cancel();
    pipe.clear(false);
    transition(Pop3ClientState.CLOSED);
    events.removeIf(e -> e instanceof Pop3ClientEvent.TlsRequested);
    events.add(new Pop3ClientEvent.Closed(orderly, reason));
  }
}
