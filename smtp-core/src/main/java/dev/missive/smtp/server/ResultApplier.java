package dev.missive.smtp.server;

import dev.missive.sasl.Authentication;
import dev.missive.smtp.BodyType;
import dev.missive.smtp.MtPriority;
import dev.missive.smtp.Recipient;
import dev.missive.smtp.Reply;
import dev.missive.smtp.server.internal.BdatCommand;
import dev.missive.smtp.server.internal.FixedReply;
import dev.missive.wire.LineFramer;
import dev.missive.wire.OutputQueue;
import dev.missive.wire.PeerInfo;
import dev.missive.wire.StreamChange;
import dev.missive.wire.internal.SessionGuard;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What each result of {@link Commands}, {@link AuthPhase} and {@link ContentPhase}, and each answer of the host, does
 * to one SMTP server session (RFC 5321 §4.1.4, §4.2; RFC 3030 §2; RFC 4954 §4): the replies it queues, the events it
 * reports and the state it moves to, all through {@link SmtpServerCore}, which owns that state
 * (docs/architecture.md, "State machines").
 */
final class ResultApplier {

  private static final Logger LOG = LoggerFactory.getLogger(SmtpServer.class);
  /** MAIL accepted: X.1.0 "other address status" (RFC 3463 §3.2), as in RFC 2034 §6's example. */
  private static final FixedReply SENDER_OK = new FixedReply(Reply.of(250, "2.1.0", "OK"));
  /** RCPT accepted: X.1.5 "destination address valid" (RFC 3463 §3.2), as in RFC 2034 §6's example. */
  private static final FixedReply RECIPIENT_OK = new FixedReply(Reply.of(250, "2.1.5", "OK"));
  /** The data accepted (RFC 5321 §4.1.1.4). */
  private static final FixedReply DATA_OK = new FixedReply(Reply.ok());
  private static final StreamChange START_TLS = new StreamChange.StartTls(false);
  /** The QUIT event carries nothing: one, shared (records are immutable). */
  private static final SmtpServerEvent QUIT = new SmtpServerEvent.Quit();

  private final SmtpServerCore core;
  private final SmtpServerConfig config;
  private final ServerSetup setup;
  private final SmtpLimits limits;
  private final PeerInfo peer;
  private final SessionState session;
  private final SessionGuard guard;
  private final LineFramer framer;
  private final OutputQueue out;
  private final ContentPhase content;
  private final AuthPhase auth;
  private int authFailures;
  /** The reply to a failed AUTH while the guard holds it (RFC 4954 §4 leaves the delay to the server). */
  private Reply heldReply;

  ResultApplier(SmtpServerCore core, ServerSetup setup, PeerInfo peer, SessionState session,
      SessionGuard guard, LineFramer framer, OutputQueue out, ContentPhase content, AuthPhase auth) {
    this.core = core;
    this.config = setup.config();
    this.setup = setup;
    this.limits = config.limits();
    this.peer = peer;
    this.session = session;
    this.guard = guard;
    this.framer = framer;
    this.out = out;
    this.content = content;
    this.auth = auth;
  }

  void apply(CommandResult result) {
    if (result instanceof CommandResult.Send s) {
      core.write(s.reply(), s.enhanced());
    } else if (result instanceof CommandResult.Refuse r) {
      core.error(r.reply(), r.enhanced());
    } else if (result instanceof CommandResult.BareLineEnding b) {
      core.event(new SmtpServerEvent.ProtocolViolation(b.reply(), "bare CR or LF in a command line", false));
      core.error(b.reply(), true);
    } else if (result instanceof CommandResult.Junk j) {
      if (session.countJunk() > limits.maxJunkCommands()) {
        core.abortContent(null);
        core.fatal(core.reply(ReplyText.TOO_MANY_COMMANDS), "too many commands");
      } else {
        apply(j.then());
      }
    } else if (result instanceof CommandResult.Ask a) {
      if (a.event() instanceof SmtpServerEvent.Hello && session.inTransaction()) {
        core.event(new SmtpServerEvent.Reset()); // RFC 5321 §4.1.4: EHLO resets like RSET
        core.finishTransaction();
      }
      core.ask(a.event());
    } else if (result instanceof CommandResult.Bdat b) {
      if (b.first()) {
        session.content(new ContentMode.Chunk(b.chunk()));
        core.ask(new SmtpServerEvent.DataStart(true));
      } else {
        startChunk(b.chunk());
      }
    } else if (result instanceof CommandResult.DiscardChunk d) {
      session.content(new ContentMode.Discard(d.chunk(), d.reply(), core.state()));
      content.discardChunk(d.chunk());
      core.transition(ServerState.BDAT);
    } else if (result instanceof CommandResult.Reset) {
      if (core.state() == ServerState.CHUNKING) {
        core.event(new SmtpServerEvent.DataAborted(null));
      }
      core.finishTransaction();
      core.event(new SmtpServerEvent.Reset());
      core.write(Reply.ok(), true);
    } else if (result instanceof CommandResult.Quit) {
      core.abortContent(null);
      core.write(setup.closing(), true);
      core.event(QUIT);
      core.close();
    } else if (result instanceof CommandResult.Forward f) {
      forward(f.client(), f.xclient());
    } else if (result instanceof CommandResult.StartTls) {
      core.write(core.reply(ReplyText.READY_TO_START_TLS), true);
      core.event(new SmtpServerEvent.StartTlsRequested());
      guard.pause(START_TLS);
      framer.reset();
      core.transition(ServerState.TLS_PENDING);
    } else {
      CommandResult.Auth a = (CommandResult.Auth) result;
      apply(auth.start(a.mechanism(), a.initialResponse(), session.tls()));
    }
  }

  void apply(AuthPhase.Result result) {
    if (result instanceof AuthPhase.Result.Challenge c) {
      out.writeAscii("334 " + c.base64() + "\r\n");
      core.transition(ServerState.AUTH);
      return;
    }
    core.transition(ServerState.GREETED);
    if (result instanceof AuthPhase.Result.Succeeded s) {
      session.authenticated(s.who());
      core.write(s.reply(), true);
      core.event(new SmtpServerEvent.AuthSucceeded(s.who().mechanism(), s.who().authorizationId(),
          s.who().authenticationId()));
    } else if (result instanceof AuthPhase.Result.Refused r) {
      core.error(r.reply(), true);
    } else {
      AuthPhase.Result.Failed f = (AuthPhase.Result.Failed) result;
      authFailures++;
      core.event(new SmtpServerEvent.AuthFailed(f.mechanism(), authFailures, limits.authFailureDelay()));
      LOG.info("[{}] failed AUTH {} of {} ({})", peer.sessionId(), authFailures, limits.maxAuthFailures(),
          f.mechanism());
      if (limits.authFailureDelay().isZero()) {
        refuseAuth(f.reply());
      } else {
        heldReply = f.reply();
        guard.hold(limits.authFailureDelay());
      }
    }
  }

  /** The held reply to a failed AUTH is due ({@link SmtpLimits#authFailureDelay()}): sends it. */
  void releaseHeldReply() {
    Reply due = heldReply;
    heldReply = null;
    refuseAuth(due);
  }

  /** The session closed: a held reply is never sent. */
  void forgetHeldReply() {
    heldReply = null;
  }

  /** Sends a failed AUTH's reply; after the last failure allowed, {@code 421 4.7.0} and the end of the session. */
  private void refuseAuth(Reply refusal) {
    core.error(refusal, true);
    if (!core.isClosed() && authFailures >= limits.maxAuthFailures()) {
      core.fatal(core.reply(ReplyText.TOO_MANY_AUTH_FAILURES), "too many failed AUTH exchanges");
    }
  }

  void apply(ContentPhase.Result result) {
    if (result instanceof ContentPhase.Result.Content c) {
      core.event(c.chunk());
    } else if (result instanceof ContentPhase.Result.Discarded d) {
      session.content(null);
      core.transition(d.resumeIn());
      core.error(d.reply(), true);
    } else if (result instanceof ContentPhase.Result.ChunkRead c) {
      if (c.refusal()) {
        session.refuse(c.reply());
      }
      core.transition(ServerState.CHUNKING);
      core.write(c.reply(), true);
    } else if (result instanceof ContentPhase.Result.Refused r) {
      core.event(new SmtpServerEvent.DataAborted(r.reply()));
      if (r.smuggling()) {
        core.event(new SmtpServerEvent.ProtocolViolation(r.reply(), "bare CR or LF in message data", false));
      }
      core.write(r.reply(), true);
      core.finishTransaction();
    } else if (result instanceof ContentPhase.Result.Ended e) {
      core.ask(new SmtpServerEvent.DataEnd(e.info()));
    }
  }

  /**
   * Applies the host's checked answer to {@code event} (not a {@link SmtpDecision.Reverse}): an accept's own reply
   * or the standard one, a rejection's reply, or one reply per LMTP recipient (RFC 2033 §4.2).
   */
  void decided(SmtpServerEvent.DecisionRequired event, SmtpDecision decision) {
    boolean positive = decision instanceof SmtpDecision.Accept;
    if (event instanceof SmtpServerEvent.Hello h) {
      if (!positive) {
        core.write(replyOr(decision, null), false);
        return;
      }
      boolean helo = h.kind() == HelloKind.HELO;
      session.greeted(h.kind(), h.clientName(), helo ? SessionState.NONE : setup.offered(session.tls()));
      core.transition(ServerState.GREETED);
      if (helo) {
        core.write(replyOr(decision, Reply.of(250, config.hostname())), false);
      } else {
        setup.writeEhlo(out, session.tls(), h.clientName(), core.environment().clock().instant());
      }
    } else if (event instanceof SmtpServerEvent.MailFrom m) {
      if (positive) {
        session.mail(m.reversePath(), m.parameters(), m.requestedPriority());
        core.transition(ServerState.MAIL);
      }
      if (m.priorityChanged()) { // RFC 6710 §4.1: X.3.6 and the new priority
        core.write(replyOr(decision, m.parameters().priority().orElse(MtPriority.NORMAL).changedReply()), true);
      } else {
        write(decision, SENDER_OK, true);
      }
    } else if (event instanceof SmtpServerEvent.RcptTo r) {
      if (positive) {
        session.rcpt(new Recipient(r.forwardPath(), r.parameters()));
        core.transition(ServerState.RCPT);
      }
      write(decision, RECIPIENT_OK, true);
    } else if (event instanceof SmtpServerEvent.DataStart d && d.chunked()) {
      if (!positive) {
        session.refuse(replyOr(decision, null)); // RFC 3030 §2: the chunks are read anyway, each answered so
      }
      startChunk(((ContentMode.Chunk) session.contentMode()).command());
    } else if (event instanceof SmtpServerEvent.DataStart) {
      if (!positive) {
        core.write(replyOr(decision, null), true);
        return;
      }
      write(decision, setup.startMailInput(), false);
      session.content(new ContentMode.Data());
      content.startData();
      core.transition(ServerState.DATA);
      guard.syncMark("354 reply", core.dataFollowed()); // data that came with DATA is an error when next fed
    } else if (event instanceof SmtpServerEvent.DataEnd) {
      for (int i = 0; i < (config.lmtp() ? session.recipientCount() : 1); i++) {
        if (decision instanceof SmtpDecision.PerRecipient p) {
          core.write(p.replies().get(i), true);
        } else {
          write(decision, DATA_OK, true);
        }
      }
      session.messageDelivered();
      core.finishTransaction();
    } else if (event instanceof SmtpServerEvent.Etrn e) {
      core.write(replyOr(decision, QueueRunCommand.queuingStarted(e.request())), true);
    } else {
      core.write(replyOr(decision, core.reply(ReplyText.CANNOT_VERIFY)), true); // VRFY, EXPN
    }
  }

  /** The reply {@code decision} gives: a rejection's, an accept's own, else {@code standard}. */
  /** Writes the reply {@code decision} carries, or else the engine's {@code standard} one, encoded once. */
  private void write(SmtpDecision decision, FixedReply standard, boolean enhancedAllowed) {
    Reply chosen = replyOr(decision, null);
    if (chosen == null) {
      core.write(standard, enhancedAllowed);
    } else {
      core.write(chosen, enhancedAllowed);
    }
  }

  private static Reply replyOr(SmtpDecision decision, Reply standard) {
    return decision instanceof SmtpDecision.Reject r ? r.reply()
        : decision instanceof SmtpDecision.Accept a ? a.reply().orElse(standard) : standard;
  }

  /**
   * ATRN accepted (RFC 2645 §5.2.1): {@code 250}, then the connection belongs to {@code successor}; nothing read
   * after the command is used (the customer sends its 220 only after reading the 250, RFC 2645 §5.3).
   */
  void reverse(dev.missive.wire.ProtocolEngine successor) {
    core.write(QueueRunCommand.reversing(), true);
    guard.pause(new StreamChange.Handover(successor));
    framer.reset();
    core.transition(ServerState.REVERSED);
    LOG.info("[{}] ATRN: roles reversed", peer.sessionId());
  }

  private void startChunk(BdatCommand chunk) {
    session.content(new ContentMode.Chunk(chunk));
    content.startChunk(chunk, session.mailParameters().body().orElse(null) == BodyType.BINARY_MIME);
    core.transition(ServerState.BDAT);
  }

  /**
   * Postfix's XCLIENT: the session starts again as the named client's (its address is the peer's, its LOGIN the
   * authentication) with a new 220 greeting; XFORWARD: the next transaction's client, answered 250.
   */
  private void forward(ForwardedClient named, boolean xclient) {
    if (!xclient) {
      core.client().xforward(named);
      core.write(Reply.of(250, "2.0.0", "Ok"), true);
      return;
    }
    core.client().xclient(named);
    session.forwarded(named.login().map(l -> new Authentication("XCLIENT", l, l)).orElse(null));
    LOG.info("[{}] XCLIENT names the client {}", peer.sessionId(), core.client().peer().remoteAddress());
    core.transition(ServerState.CONNECTED);
    core.greet();
  }
}
