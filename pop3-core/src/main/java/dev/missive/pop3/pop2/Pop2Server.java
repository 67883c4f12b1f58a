package dev.missive.pop3.pop2;

import dev.missive.pop3.MaildropEntry;
import dev.missive.pop3.pop2.internal.Folder;
import dev.missive.pop3.pop2.internal.Pop2Command;
import dev.missive.wire.BareLineEndingPolicy;
import dev.missive.wire.ConnectionSecurity;
import dev.missive.wire.EngineEnvironment;
import dev.missive.wire.LineFramer;
import dev.missive.wire.OutputQueue;
import dev.missive.wire.PeerInfo;
import dev.missive.wire.ProtocolEngine;
import dev.missive.wire.StreamChange;
import dev.missive.wire.StreamLayer;
import dev.missive.wire.internal.SessionGuard;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A sans-IO POP2 server session (RFC 937): the "Server State Diagram" AUTH, MBOX, ITEM, NEXT, DONE with every
 * command (HELO, FOLD, READ, RETR, ACKS, ACKD, NACK, QUIT) and the replies {@code +}, {@code -}, {@code #nnn} and
 * {@code =ccc}, implementing the {@link dev.missive.wire.ProtocolEngine} contract and its discipline
 * (docs/architecture.md, "Engine discipline"): no input is taken while an event is queued or a decision pending.
 *
 * <p>The host answers the {@link Pop2ServerEvent.DecisionRequired} events with {@link #answer(Pop2Decision)} (or
 * {@link #accept()}, {@link #reject()}, {@link #opened(List)}) and RETR with {@link #content(ByteBuffer)} and
 * {@link #contentEnd()}; {@link Pop2HandlerServer} does so over a {@link Pop2Handler} and
 * {@link dev.missive.pop3.Maildrop}s. A message is sent as exactly the octets {@code =ccc} announced, with CRLF line
 * endings and no terminator (RFC 937, "Message Length"). Messages acknowledged with ACKD are removed only when the
 * host accepts the {@link Pop2ServerEvent.UpdateRequested} that releasing the folder (FOLD or QUIT) asks for; a lost
 * connection removes nothing.
 *
 * <p>POP2 has no TLS and HELO carries the password in the clear, so a connection the host declares
 * {@link ConnectionSecurity#PLAINTEXT} gets {@code -} instead of the greeting and is closed: the host declares a
 * connection it trusts (loopback, a private link) {@link ConnectionSecurity#TRUSTED}, or runs POP2 inside TLS
 * ({@link ConnectionSecurity#IMPLICIT_TLS}) (docs/security.md, "Logins before TLS"). RFC 937's rule "if anything goes
 * wrong close the connection" is the default: a bad or out-of-sequence command is answered {@code -} and ends the
 * session after {@link Pop2Limits#maxBadCommands()} of them; a refused HELO is answered after
 * {@link Pop2Limits#failedLoginDelay()} and closes. Bytes received before the greeting was drained end the session
 * (docs/architecture.md, "The synchronisation check").
 */
public final class Pop2Server implements ProtocolEngine {

  private static final Logger LOG = LoggerFactory.getLogger(Pop2Server.class);

  private final Pop2Limits limits;
  private final EngineEnvironment env;
  private final String sessionId;
  private final LineFramer framer;
  private final OutputQueue out;
  private final SessionGuard guard;
  private final Pop2Session s;
  private final Pop2Commands commands;
  private String heldReply;
  private boolean peerEnded;

  /**
   * Starts a session: queues the greeting {@code + POP2 <host> server ready}, or, on a plaintext connection,
   * {@code -} and the end of the session.
   *
   * @param config      the server configuration
   * @param environment clock, monotonic time and randomness (docs/architecture.md, "Determinism")
   * @param peer        the client's address, the session id every log line carries, and whether the connection is
   *                    plaintext, trusted or inside TLS
   */
  public Pop2Server(Pop2ServerConfig config, EngineEnvironment environment, PeerInfo peer) {
    Objects.requireNonNull(config, "config");
    this.env = Objects.requireNonNull(environment, "environment");
    this.limits = config.limits();
    this.sessionId = Objects.requireNonNull(peer, "peer").sessionId();
    this.framer = new LineFramer(limits.maxCommandLineLength(), BareLineEndingPolicy.REJECT);
    this.out = new OutputQueue(limits.outputSoftLimit());
    this.guard = new SessionGuard(env, out, true, false);
    this.s = new Pop2Session(limits, sessionId, out, guard);
    this.commands = new Pop2Commands(s);
    if (peer.security() == ConnectionSecurity.PLAINTEXT) {
      LOG.info("[{}] POP2 refused to {}: plaintext connection", sessionId, peer.remoteAddress());
      s.reply("- POP2 sends passwords in the clear; this server takes it only over a trusted connection");
      s.close(false);
      return;
    }
    s.reply("+ POP2 " + config.hostname() + " server ready");
    guard.syncMark("greeting");
    guard.idle(limits.inactivityTimeout());
    LOG.debug("[{}] POP2 session started ({})", sessionId, peer.security());
  }

  /** {@return the current state (level-triggered)} */
  public Pop2State state() {
    return s.state();
  }

  /** {@return the user whose HELO was accepted, if any} */
  public Optional<String> user() {
    return Optional.ofNullable(s.user());
  }

  /** {@return the event the engine waits for the host to answer, if any} */
  public Optional<Pop2ServerEvent.DecisionRequired> pendingDecision() {
    return s.pending() == null ? Optional.empty() : Optional.of(s.pending().event());
  }

  /**
   * {@return the next event, or {@code null} when there is none now} It never takes input (the
   * {@code ProtocolEngine} contract, "Events").
   */
  public Pop2ServerEvent nextEvent() {
    return s.nextEvent();
  }

  // ---------------------------------------------------------------- ProtocolEngine

  @Override
  public void receive(ByteBuffer in) {
    if (s.closed() || peerEnded) {
      throw new IllegalStateException("receive " + (peerEnded ? "after receiveEnd " : "") + "in state " + s.state());
    }
    SessionGuard.Admission admission = guard.admit(in);
    if (admission == SessionGuard.Admission.SYNC_ERROR) {
      s.event(new Pop2ServerEvent.ProtocolViolation("client sent data before the greeting"));
      s.reply("- protocol synchronization error: data before the greeting");
      s.close(false);
      return;
    }
    while (in.hasRemaining() && status() == Status.NEEDS_INPUT) {
      LineFramer.Status line = framer.next(in);
      if (line == LineFramer.Status.NEED_MORE) {
        return;
      }
      guard.idle(limits.inactivityTimeout());
      if (line == LineFramer.Status.LINE_TOO_LONG) {
        s.bad("- command line too long", "command line over " + framer.maxLineLength() + " octets");
      } else if (framer.lineHasBareLineEnding()) {
        s.bad("- command lines end with CRLF", "bare CR or LF in a command line");
      } else {
        commands.handle(Pop2Command.parse(framer.line()));
      }
    }
  }

  /** {@inheritDoc} After QUIT the engine still waits for the host's answer to the folder's update. */
  @Override
  public void receiveEnd() {
    if (!s.closed() && !peerEnded) {
      LOG.debug("[{}] connection lost in {}", sessionId, s.state());
      peerEnded = true;
      if (!(s.pending() instanceof PendingDecision.Update u && u.event().quitting())) {
        s.close(false);
      }
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
    if (s.closed()) {
      return Status.CLOSED;
    } else if (s.hasEvents()) {
      return Status.HAS_EVENTS;
    } else if (s.pending() != null) {
      return Status.AWAITING_DECISION;
    } else if (guard.holding()) {
      return Status.DELAYED;
    }
    return out.isOverLimit() ? Status.OUTPUT_FULL : Status.NEEDS_INPUT;
  }

  @Override
  public OptionalLong nextDeadline() {
    return s.closed() ? OptionalLong.empty() : guard.deadline(s.pending() != null);
  }

  @Override
  public void onTimeout() {
    SessionGuard.Expired expired = s.closed() ? SessionGuard.Expired.NONE
        : guard.expired(s.pending() != null);
    if (expired == SessionGuard.Expired.HOLD) {
      onHeldReply();
    } else if (expired == SessionGuard.Expired.IDLE) {
      LOG.debug("[{}] autologout after {} idle", sessionId, limits.inactivityTimeout());
      s.reply("- autologout: idle for too long");
      s.close(false);
    }
  }

  /** {@inheritDoc} Always empty: POP2 changes no stream. */
  @Override
  public Optional<StreamChange> pendingStreamChange() {
    return Optional.empty();
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalStateException always: POP2 has no stream change
   */
  @Override
  public void streamChanged(StreamLayer layer) {
    throw new IllegalStateException("POP2 requests no stream change (state " + s.state() + ")");
  }

  @Override
  public EngineEnvironment environment() {
    return env;
  }

  /**
   * Ends the session because the host is stopping: {@code -} unless a message is being sent, nothing removed;
   * {@link Pop2ServerEvent.SessionEnded} follows so the host releases the folder.
   */
  @Override
  public void shutdown() {
    if (!s.closed()) {
      if (!(s.pending() instanceof PendingDecision.Retrieve)) {
        s.reply("- server shutting down");
      }
      s.close(false);
    }
  }

  // ---------------------------------------------------------------- host answers

  /**
   * Answers the pending {@link Pop2ServerEvent.DecisionRequired} event; {@link Pop2Decision} says which answer fits
   * which event. An answer after the session closed is ignored.
   *
   * @param decision the host's answer
   * @throws IllegalStateException    if no decision is pending
   * @throws IllegalArgumentException if the answer does not fit the pending event
   */
  public void answer(Pop2Decision decision) {
    Objects.requireNonNull(decision, "decision");
    if (s.closed()) {
      LOG.debug("[{}] host answer after close ignored", sessionId);
      return;
    }
    PendingDecision p = s.takePending();
    if (p == null) {
      throw new IllegalStateException(name(decision) + " with no decision pending in state " + s.state());
    }
    if (decision instanceof Pop2Decision.Reject r) {
      rejected(p, r.text());
    } else if (decision instanceof Pop2Decision.Accept && p instanceof PendingDecision.Login l) {
      s.user(l.event().user());
      s.ask(new PendingDecision.OpenFolder(new Pop2ServerEvent.FolderRequested(s.user(), Optional.empty())));
    } else if (decision instanceof Pop2Decision.Opened o && p instanceof PendingDecision.OpenFolder) {
      folderOpened(o.listing());
    } else if (decision instanceof Pop2Decision.Accept && p instanceof PendingDecision.Update u) {
      s.folder(null);
      if (u.event().quitting()) {
        s.reply("+ OK bye");
        s.close(true);
      } else {
        s.ask(new PendingDecision.OpenFolder(new Pop2ServerEvent.FolderRequested(s.user(),
            Optional.of(u.nextFolder()))));
      }
    } else {
      s.restore(p);
      throw new IllegalArgumentException(name(decision) + " does not answer " + name(p.event()) + " in " + s.state());
    }
  }

  /** Accepts the pending login or update. */
  public void accept() {
    answer(Pop2Decision.accept());
  }

  /** Rejects the pending decision with its standard text; the connection closes. */
  public void reject() {
    answer(Pop2Decision.reject());
  }

  /**
   * Answers {@link Pop2ServerEvent.FolderRequested}: the folder is open with these messages.
   *
   * @param listing the messages, in message-number order
   */
  public void opened(List<MaildropEntry> listing) {
    answer(Pop2Decision.opened(listing));
  }

  /** {@return whether the engine takes the next chunk of the message being sent now (output under its limit)} */
  public boolean wantsContent() {
    return !s.closed() && s.pending() instanceof PendingDecision.Retrieve && !out.isOverLimit();
  }

  /**
   * Answers {@link Pop2ServerEvent.RetrieveRequested} with the next chunk of the stored message, consumed whole;
   * line endings become CRLF on the way out. Content beyond the announced length closes the session.
   *
   * @param chunk the next stored bytes of the message; its position advances to its limit
   * @throws IllegalStateException    if nothing is pending
   * @throws IllegalArgumentException if the pending decision is not a retrieval
   */
  public void content(ByteBuffer chunk) {
    Objects.requireNonNull(chunk, "chunk");
    if (!s.closed() && !retrieval("content").content().write(chunk, out)) {
      mismatch("longer");
    }
  }

  /** Ends the message of {@link Pop2ServerEvent.RetrieveRequested}; a message shorter than announced closes. */
  public void contentEnd() {
    if (!s.closed()) {
      PendingDecision.Retrieve r = retrieval("contentEnd");
      s.takePending();
      if (!r.content().finish(out)) {
        mismatch("shorter");
      }
    }
  }

  private PendingDecision.Retrieve retrieval(String what) {
    if (s.pending() instanceof PendingDecision.Retrieve r) {
      return r;
    }
    throw s.pending() == null ? new IllegalStateException(what + " with no retrieval pending in state " + s.state())
        : new IllegalArgumentException(what + " does not answer " + name(s.pending().event()));
  }

  private void mismatch(String how) {
    LOG.warn("[{}] message {} is {} than the {} octets announced; closing", sessionId, s.folder().current(), how,
        s.folder().currentSize());
    s.close(false);
  }

  private void rejected(PendingDecision p, Optional<String> text) {
    if (p instanceof PendingDecision.Login) {
      heldReply = "- " + text.orElse("invalid user name or password");
      if (limits.failedLoginDelay().isZero()) {
        onHeldReply();
      } else {
        guard.hold(limits.failedLoginDelay());
      }
    } else if (p instanceof PendingDecision.Retrieve r) {
      if (!r.content().started()) { // after the first octet only closing can tell the client (RFC 937, "RETR")
        s.reply("- " + text.orElse("message is not available now"));
      }
      s.close(false);
    } else {
      s.reply("- " + text.orElse(p instanceof PendingDecision.OpenFolder ? "folder is not available now"
          : "deleted messages were not removed"));
      s.close(false);
    }
  }

  private void onHeldReply() {
    s.reply(heldReply);
    s.close(false);
  }

  private void folderOpened(List<MaildropEntry> listing) {
    if (listing.size() > limits.maxMessages()) {
      LOG.warn("[{}] folder of {} messages is over the limit {}", sessionId, listing.size(), limits.maxMessages());
      s.reply("- folder is too large for this server");
      s.close(false);
      return;
    }
    s.folder(new Folder(listing));
    s.transition(Pop2State.MBOX);
    s.reply("#" + listing.size() + (listing.size() == 1 ? " message" : " messages"));
  }

  private static String name(Object o) {
    return o.getClass().getSimpleName();
  }
}
