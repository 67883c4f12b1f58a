package dev.missive.smtp.client;

import dev.missive.smtp.AtrnRequest;
import dev.missive.smtp.Envelope;
import dev.missive.smtp.EtrnRequest;
import dev.missive.smtp.Reply;
import dev.missive.smtp.SmtpExtension;
import dev.missive.smtp.client.SmtpClientEvent.Failed;
import dev.missive.smtp.client.internal.ReplyReader;
import dev.missive.wire.ConnectionSecurity;
import dev.missive.wire.EngineEnvironment;
import dev.missive.wire.OutputQueue;
import dev.missive.wire.PeerInfo;
import dev.missive.wire.ProtocolEngine.Status;
import dev.missive.wire.ProtocolEngine;
import dev.missive.wire.StreamChange;
import dev.missive.wire.StreamLayer;
import dev.missive.wire.internal.CommandPipeline;
import dev.missive.wire.internal.StreamPause;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state of one SMTP client session and the only code that changes it, behind the {@link SmtpClient} facade:
 * the event queue, the state (RFC 5321 §3) and the command pipeline. {@link SessionOpening}, {@link TransactionFlow}
 * (with the envelope sent before the session was ready), {@link Verification} and {@link MailCollection} reach it through its {@link ClientPort} side
 * (docs/architecture.md, "State machines").
 */
final class SmtpClientCore implements ClientPort, ProtocolEngine {

  private static final Logger LOG = LoggerFactory.getLogger(SmtpClient.class);
  private static final StreamChange START_TLS = new StreamChange.StartTls(true);

  private final SmtpClientConfig config;
  private final PeerInfo peer;
  private final EngineEnvironment env;
  private final CommandPipeline<Command> pipe;
  private final ReplyReader reader;
  private final TransactionFlow flow;
  /** STARTTLS's handshake or ATRN's handover, from the reply that announces it until the host makes it. */
  private final StreamPause pause = new StreamPause();
  private final ArrayDeque<SmtpClientEvent> events = new ArrayDeque<>();
  private SmtpClientState state = SmtpClientState.GREETING;
  private final SessionOpening opening;
  private final Verification verification;
  /** ETRN and ATRN (RFC 1985, RFC 2645). */
  private final MailCollection collection;
  private boolean quitRequested;
  private boolean failing;

  SmtpClientCore(SmtpClientConfig config, EngineEnvironment env, PeerInfo peer) {
    this.config = config;
    this.peer = peer;
    this.env = env;
    SmtpClientLimits limits = config.limits();
    this.pipe = new CommandPipeline<>(limits.maxUndrainedOutput(), env, c -> c.replyTimeout(limits));
    this.reader = new ReplyReader(limits.maxReplyLineLength(), limits.maxReplyLines(), limits.maxReplySize());
    this.opening = new SessionOpening(this, pipe, config, peer.security() == ConnectionSecurity.IMPLICIT_TLS);
    this.flow = new TransactionFlow(this, pipe, limits.maxUndrainedOutput(), limits.dataBlockTimeout(),
        config.lmtp());
    this.collection = new MailCollection(this, pipe);
    this.verification = new Verification(this, pipe);
    pipe.expect(Command.GREETING);
  }

  // ---- ClientPort ----------------------------------------------------------------------------------------------

  @Override
  public void event(SmtpClientEvent event) {
    events.add(event);
  }

  /** The one place the state changes (docs/architecture.md, "State machines"); logs {@code from -> to}, never a
   * command's text. */
  @Override
  public void transition(SmtpClientState to) {
    if (LOG.isDebugEnabled() && state != to) {
      LOG.debug("[{}] SMTP client {} -> {}", peer.sessionId(), state, to);
    }
    if (state != to && to == SmtpClientState.TLS_HANDSHAKE) {
      pause.pause(START_TLS);
    } else if (state != to && to == SmtpClientState.REVERSED) {
      pause.pause(collection.handover());
    }
    state = to;
  }

  @Override
  public boolean pipelining() {
    EhloCapabilities caps = opening.capabilities();
    return config.pipelining() && caps != null && caps.has(SmtpExtension.PIPELINING);
  }

  /** Reports a failure and ends the session politely with QUIT; later replies to earlier commands are ignored. */
  @Override
  public void failQuit(Reply reply, String reason) {
    failed(reply, reason);
    failing = true;
    pipe.dropQueued();
    sendQuit();
  }

  @Override
  public void ready() {
    transition(SmtpClientState.READY);
    if (quitRequested) {
      sendQuit();
    } else if (!flow.beginHeld(opening.capabilities(), opening.tls(), config.chunking())) {
      events.add(new SmtpClientEvent.Ready()); // no envelope was waiting, or the server cannot take it
    }
  }

  // ---- host API ------------------------------------------------------------------------------------------------

  public SmtpClientEvent nextEvent() {
    return events.poll();
  }

  SmtpClientState state() {
    return state;
  }

  EhloCapabilities capabilities() {
    return opening.capabilities();
  }

  void send(Envelope envelope, RecipientPolicy policy) {
    Objects.requireNonNull(policy, "policy");
    if (envelope.recipients().isEmpty()) {
      throw new IllegalArgumentException("an envelope to send has at least one recipient");
    }
    requireIdle("send");
    flow.hold(envelope, policy); // until the greeting and EHLO are done
    if (state == SmtpClientState.READY) {
      ready();
    }
  }

  void verify(String argument) {
    requireIdle("verify");
    requireState(SmtpClientState.READY, "verify");
    verification.start(argument);
  }

  void etrn(EtrnRequest request) {
    requireIdle("etrn");
    requireState(SmtpClientState.READY, "etrn");
    collection.etrn(request, opening.capabilities());
  }

  void atrn(AtrnRequest request, Supplier<? extends ProtocolEngine> successor) {
    requireIdle("atrn");
    requireState(SmtpClientState.READY, "atrn");
    collection.atrn(request, successor, opening.capabilities());
  }

  boolean canWriteContent() {
    return state == SmtpClientState.CONTENT && flow.canWrite();
  }

  void writeContent(ByteBuffer in) {
    requireState(SmtpClientState.CONTENT, "writeContent");
    flow.write(in);
  }

  void endContent() {
    requireState(SmtpClientState.CONTENT, "endContent");
    flow.end();
  }

  void quit() {
    if (state == SmtpClientState.CLOSED || state == SmtpClientState.QUIT) {
      return;
    }
    quitRequested = true;
    if (state == SmtpClientState.READY) {
      sendQuit();
    }
  }

  // ---- the engine contract -------------------------------------------------------------------------------------

  @Override
  public void receive(ByteBuffer in) {
    if (state == SmtpClientState.CLOSED) {
      throw new IllegalStateException("receive after the session closed");
    }
    if (!in.hasRemaining()) {
      return;
    }
    if (pause.injected(in)) {
      abort(null, pauseViolation());
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
      boolean couldWrite = state == SmtpClientState.CONTENT && canWriteContent();
      onReply(reply);
      if (pause.injected(in)) {
        abort(null, pauseViolation());
        return;
      }
      if (!couldWrite && state == SmtpClientState.CONTENT && canWriteContent()) {
        return; // the host writes the next chunk before the next reply is read, however the replies were split
      }
    }
  }

  private String pauseViolation() {
    return state == SmtpClientState.REVERSED
        ? "the provider sent bytes after its 250 reply to ATRN, before the customer's greeting (RFC 2645 §5.3)"
        : "the server sent bytes after its 220 reply to STARTTLS (RFC 3207 §5)";
  }

  @Override
  public void receiveEnd() {
    if (state == SmtpClientState.QUIT) {
      close();
    } else if (state != SmtpClientState.CLOSED) {
      abort(null, "the server closed the connection in state " + state);
    }
  }

  OutputQueue out() {
    return pipe.out();
  }

  @Override
  public Status status() {
    if (state == SmtpClientState.CLOSED) {
      return Status.CLOSED;
    }
    if (!events.isEmpty()) {
      return Status.HAS_EVENTS;
    }
    if (pause.isPaused()) {
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
    return pause.pending();
  }

  /** RFC 3207 §4.2: the capabilities learnt in plaintext are forgotten and the client greets again. */
  @Override
  public void streamChanged(StreamLayer layer) {
    requireState(SmtpClientState.TLS_HANDSHAKE, "streamChanged");
    pause.resumeWithTls(layer, "STARTTLS", state);
    reader.reset();
    opening.tlsEstablished();
  }

  @Override
  public boolean hasOutput() {
    return out().hasOutput();
  }

  @Override
  public void drainOutput(ByteBuffer buffer) {
    out().drainTo(buffer);
  }

  @Override
  public EngineEnvironment environment() {
    return env;
  }

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
      case VRFY -> verification.replied(reply);
      case ATRN -> collection.atrnReplied(reply);
      case ETRN -> collection.etrnReplied(reply);
      default -> flow.onReply(command, reply); // RSET, MAIL, RCPT, DATA, BDAT, BDAT_LAST, DATA_END
    }
  }

  // ---- failing, closing ----------------------------------------------------------------------------------------

  private void sendQuit() {
    transition(SmtpClientState.QUIT);
    pipe.send(Command.QUIT, "QUIT", false);
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
    flow.abort(reply, reason); // the running transaction and one waiting for the session
  }

  /**
   * Ends the session. Events still queued that ask the host to act ({@code Ready}: send or verify;
   * {@code DataReady}: stream content; {@code TlsRequested}: layer TLS) are withdrawn: one {@code receive} may take
   * several replies, and a host taking its events afterwards must not be sent to call a closed engine.
   */
  private void close() {
    failing = true;
    pipe.clear(false);
    pause.cancel();
    transition(SmtpClientState.CLOSED);
    events.removeIf(e -> e instanceof SmtpClientEvent.Ready || e instanceof SmtpClientEvent.DataReady
        || e instanceof SmtpClientEvent.TlsRequested);
    events.add(new SmtpClientEvent.Closed());
  }

  private void requireIdle(String operation) {
    if (state == SmtpClientState.CLOSED || state == SmtpClientState.QUIT || quitRequested) {
      throw new IllegalStateException(operation + " is not allowed in state " + state
          + (quitRequested ? " after quit()" : ""));
    }
    if (flow.busy() || state == SmtpClientState.VERIFY || state == SmtpClientState.QUEUE_RUN
        || state == SmtpClientState.ATRN) {
      throw new IllegalStateException(operation + " is not allowed while a transaction, VRFY, ETRN or ATRN runs (state "
          + state + ")");
    }
  }

  private void requireState(SmtpClientState expected, String operation) {
    if (state != expected) {
      throw new IllegalStateException(operation + " is not allowed in state " + state);
    }
  }
}
