package dev.missive.pop3.server;

import dev.missive.pop3.Pop3Response;
import dev.missive.pop3.ResponseCode;
import dev.missive.pop3.internal.ApopDigest;
import dev.missive.pop3.server.internal.AuthExchange;
import dev.missive.pop3.server.internal.AuthorizationCommands;
import dev.missive.pop3.server.internal.Capabilities;
import dev.missive.pop3.server.internal.CommandLine;
import dev.missive.pop3.server.internal.LanguageCommand;
import dev.missive.pop3.server.internal.ContentStream;
import dev.missive.pop3.server.internal.MessageTable;
import dev.missive.pop3.server.internal.ReplyWriter;
import dev.missive.pop3.server.internal.TransactionCommands;
import dev.missive.pop3.server.internal.Verb;
import dev.missive.wire.ConnectionSecurity;
import dev.missive.wire.EngineEnvironment;
import dev.missive.wire.EventEngine;
import dev.missive.wire.LineFramer;
import dev.missive.wire.LoginThrottle;
import dev.missive.wire.OutputQueue;
import dev.missive.wire.PeerInfo;
import dev.missive.wire.ProtocolEngine;
import dev.missive.wire.StreamChange;
import dev.missive.wire.StreamLayer;
import dev.missive.wire.TlsInfo;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A sans-IO POP3 server session: the RFC 1939 state machine (AUTHORIZATION, TRANSACTION, UPDATE, §3–§6) with
 * CAPA (RFC 2449), STLS (RFC 2595), UTF8 and LANG (RFC 6856) and response codes (RFC 2449 §8, RFC 3206), implementing the
 * {@link ProtocolEngine} contract.
 *
 * <p>The host feeds bytes, drains output, and answers the {@link Pop3ServerEvent}s that {@link #nextEvent()}
 * returns: logins with {@link #accept()}/{@link #reject()}, APOP with {@link #apopSecret(Password)}, the maildrop
 * with {@link #maildropOpened(List)}, RETR and TOP with {@link #content(ByteBuffer)} and {@link #contentEnd()},
 * the UPDATE state with {@link #accept()}. An answer may come later, from the host's own context; until then the
 * engine consumes no input, and none either while events are queued. For the common synchronous case use
 * {@link Pop3HandlerServer}.
 *
 * <p>Plaintext logins (USER/PASS, APOP) are refused with {@code -ERR [AUTH]} before TLS unless the host declared
 * the connection {@link ConnectionSecurity#TRUSTED} in its {@link PeerInfo}; USER is then also absent from CAPA. Failed logins are
 * answered after {@link Pop3Limits#failedLoginDelay()} on the engine's monotonic clock (the host's timer; the
 * engine never sleeps) and the session is closed after {@link Pop3Limits#maxFailedLogins()}. Deletions are
 * committed only in the UPDATE state after QUIT; a connection lost after QUIT still waits for the host's UPDATE
 * answer, and {@link Pop3ServerEvent.SessionEnded#updated()} tells whether the deletions were committed.
 *
 * <p>Bytes received before the greeting was drained end the session with {@code -ERR} (docs/architecture.md, "The
 * synchronisation check"; turn it off with {@link Pop3ServerConfig.Builder#synchronizationCheck(boolean)}): a
 * transport drains the greeting before it reads from the peer.
 */
public final class Pop3Server implements EventEngine<Pop3ServerEvent> {

  private static final Logger LOG = LoggerFactory.getLogger(Pop3Server.class);
  private static final StreamChange START_TLS = new StreamChange.StartTls(false);

  private final Pop3ServerConfig config;
  private final Pop3Limits limits;
  private final EngineEnvironment env;
  private final String sessionId;
  private final String timestamp;
  private final LineFramer framer;
  private final OutputQueue out;
  private final ArrayDeque<Pop3ServerEvent> events = new ArrayDeque<>();
  private final Capabilities capabilities;
  private final AuthExchange auth;
  private final AuthorizationCommands authorization;
  private final LoginThrottle<Pop3Response> throttle;

  private Pop3State state = Pop3State.AUTHORIZATION;
  private Pending pending;
  private boolean tlsActive;
  private boolean tlsRequested;
  private final boolean trusted;
  private boolean utf8;
  private String user;
  private MessageTable messages;
  private TransactionCommands transaction;
  private final ReplyWriter replies;
  private int badCommands;
  private long idleDeadline;
  private final long greetingEnd;
  private boolean peerEnded;

  /**
   * Starts a session and queues the greeting.
   *
   * @param config      the server configuration
   * @param environment clock, monotonic time and randomness (docs/architecture.md, "Determinism")
   * @param peer        the client's address, the session id every log line carries, and whether the connection is
   *                    plaintext, trusted or implicit TLS
   */
  public Pop3Server(Pop3ServerConfig config, EngineEnvironment environment, PeerInfo peer) {
    this.config = Objects.requireNonNull(config, "config");
    this.env = Objects.requireNonNull(environment, "environment");
    ConnectionSecurity security = Objects.requireNonNull(peer, "peer").security();
    this.limits = config.limits();
    this.sessionId = peer.sessionId();
    this.tlsActive = security == ConnectionSecurity.IMPLICIT_TLS;
    this.trusted = security == ConnectionSecurity.TRUSTED;
    this.framer = new LineFramer(limits.maxCommandLineLength(), config.commandLineEndings());
    this.out = new OutputQueue(limits.outputSoftLimit());
    this.replies = new ReplyWriter(out);
    this.capabilities = new Capabilities(config.stlsAvailable(), config.utf8(), config.implementation(),
        config.expire(), config.loginDelay(), config.lang());
    this.auth = new AuthExchange(config.sasl(), sessionId);
    this.authorization = new AuthorizationCommands(config.apopTimestamps() != null, config.stlsAvailable(),
        config.utf8());
    this.throttle = new LoginThrottle<>(limits.maxFailedLogins(), limits.failedLoginDelay());
    if (config.apopTimestamps() != null) {
      String ts = config.apopTimestamps().timestamp(env);
      if (!ApopTimestampSupplier.isValidTimestamp(ts)) {
        throw new IllegalStateException("the APOP timestamp supplier returned no msg-id (RFC 1939 §7)");
      }
      this.timestamp = ts;
    } else {
      this.timestamp = null;
    }
    String greeting = config.greeting();
    if (timestamp != null) {
      greeting = greeting.isEmpty() ? timestamp : greeting + " " + timestamp;
    }
    reply(Pop3Response.ok(greeting));
    greetingEnd = out.totalWritten();
    idleDeadline = env.now() + limits.inactivityTimeout().toNanos();
    LOG.debug("[{}] session started ({})", sessionId, security);
  }

  // ---------------------------------------------------------------- queries

  /** {@return the current state (level-triggered)} */
  public Pop3State state() {
    return state;
  }

  /** {@return the APOP timestamp of the greeting, or null when APOP is disabled} */
  public String apopTimestamp() {
    return timestamp;
  }

  /** {@return whether TLS is in place (after STLS or implicit TLS)} */
  public boolean isTlsActive() {
    return tlsActive;
  }

  /** {@return whether plaintext logins are allowed now: TLS is active or the host declared the connection trusted} */
  public boolean plaintextLoginAllowed() {
    return tlsActive || trusted;
  }

  @Override
  public Pop3ServerEvent nextEvent() {
    return events.poll();
  }

  // ---------------------------------------------------------------- ProtocolEngine

  @Override
  public void receive(ByteBuffer in) {
    if (state == Pop3State.CLOSED) {
      throw new IllegalStateException("receive in state CLOSED");
    }
    if (peerEnded) {
      throw new IllegalStateException("receive after receiveEnd in state " + state);
    }
    if (!in.hasRemaining()) {
      return;
    }
    if (tlsRequested) {
      in.position(in.limit()); // RFC 2595 §4, CVE-2011-0411: nothing fed before the handshake is ever executed
      return;
    }
    if (status() != Status.NEEDS_INPUT) {
      return; // the host offers it again once the engine wants input
    }
    if (config.synchronizationCheck() && out.totalDrained() < greetingEnd) {
      // a client that talks before the greeting was drained is not a POP3 client
      in.position(in.limit());
      events.add(new Pop3ServerEvent.ProtocolViolation("client sent data before the greeting"));
      reply(Pop3Response.err("protocol synchronization error: data before the greeting"));
      close(false);
      return;
    }
    while (in.hasRemaining() && status() == Status.NEEDS_INPUT) { // stops at an event, decision, hold or STLS
      LineFramer.Status status = framer.next(in);
      if (status == LineFramer.Status.NEED_MORE) {
        return;
      }
      idleDeadline = env.now() + limits.inactivityTimeout().toNanos();
      if (auth.inProgress()) {
        authOutcome(auth.respond(status == LineFramer.Status.LINE && !framer.lineHasBareLineEnding()
            ? framer.line() : null));
      } else if (status == LineFramer.Status.LINE_TOO_LONG) {
        badCommand(Pop3Response.err("line too long"), "command line over " + framer.maxLineLength() + " octets");
      } else if (framer.lineHasBareLineEnding()) {
        badCommand(Pop3Response.err("command lines end with CRLF"), "bare CR or LF in a command line");
      } else {
        command(framer.line());
      }
    }
  }

  @Override
  public void receiveEnd() {
    if (state != Pop3State.CLOSED && !peerEnded) {
      LOG.debug("[{}] connection lost in {}", sessionId, state);
      if (pending instanceof Pending.Update) {
        // QUIT was received, so the UPDATE state goes on (RFC 1939 §6); the host's answer ends the session and
        // SessionEnded reports whether the deletions were committed
        peerEnded = true;
        return;
      }
      close(false);
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
    if (state == Pop3State.CLOSED) {
      return Status.CLOSED;
    }
    if (!events.isEmpty()) {
      return Status.HAS_EVENTS;
    }
    if (tlsRequested) {
      return Status.STREAM_CHANGE;
    }
    if (pending != null) {
      return Status.AWAITING_DECISION;
    }
    if (throttle.holding()) {
      return Status.DELAYED;
    }
    return out.isOverLimit() ? Status.OUTPUT_FULL : Status.NEEDS_INPUT;
  }

  /** {@inheritDoc} None while TLS is being negotiated: the host times its own handshake. */
  @Override
  public OptionalLong nextDeadline() {
    if (state == Pop3State.CLOSED || tlsRequested) {
      return OptionalLong.empty();
    }
    if (throttle.holding()) {
      return OptionalLong.of(throttle.until());
    }
    return pending == null ? OptionalLong.of(idleDeadline) : OptionalLong.empty();
  }

  @Override
  public void onTimeout() {
    if (state == Pop3State.CLOSED || tlsRequested) {
      return;
    }
    long now = env.now();
    if (throttle.holding()) {
      Pop3Response due = throttle.release(now);
      if (due != null) {
        replyToFailedLogin(due);
      }
      return;
    }
    if (pending == null && now - idleDeadline >= 0) {
      LOG.debug("[{}] autologout after {} idle", sessionId, limits.inactivityTimeout());
      reply(Pop3Response.err("autologout: idle for too long")); // RFC 1939 §3: close without UPDATE
      close(false);
    }
  }

  @Override
  public Optional<StreamChange> pendingStreamChange() {
    return tlsRequested ? Optional.of(START_TLS) : Optional.empty();
  }

  /**
   * {@inheritDoc} After STLS the layer is the handshake's {@link TlsInfo}; the session forgets a USER given before
   * and UTF8 mode (RFC 2595 §4), and its inactivity timer starts again.
   */
  @Override
  public void streamChanged(StreamLayer layer) {
    Objects.requireNonNull(layer, "layer");
    if (!tlsRequested) {
      throw new IllegalStateException("streamChanged without STLS in state " + state);
    }
    if (!(layer instanceof TlsInfo info)) {
      throw new IllegalArgumentException("STLS puts TLS in place, not " + layer);
    }
    tlsRequested = false;
    tlsActive = true;
    framer.reset();
    user = null;
    utf8 = false;
    replies.utf8(false);
    idleDeadline = env.now() + limits.inactivityTimeout().toNanos();
    LOG.debug("[{}] TLS established: {} {}", sessionId, info.protocol(), info.cipherSuite());
  }

  @Override
  public boolean isClosed() {
    return state == Pop3State.CLOSED;
  }

  @Override
  public EngineEnvironment environment() {
    return env;
  }

  /**
   * Ends the session because the host is stopping, without a reply and without entering UPDATE, even after QUIT
   * (nothing is deleted, RFC 1939 §6); {@link Pop3ServerEvent.SessionEnded} follows with {@code updated} false, so
   * the host releases the maildrop. An answer the host gives afterwards is ignored.
   */
  @Override
  public void shutdown() {
    if (state != Pop3State.CLOSED) {
      LOG.debug("[{}] host shutdown in {}", sessionId, state);
      close(false);
    }
  }

  // ---------------------------------------------------------------- host answers

  /** {@return the event the engine waits for the host to answer, if any} */
  public Optional<Pop3ServerEvent.DecisionRequired> pendingDecision() {
    return pending == null ? Optional.empty() : Optional.of(pending.event());
  }

  /**
   * Answers the pending {@link Pop3ServerEvent.DecisionRequired} event; see {@link Pop3Decision} for which answer
   * fits which event. A rejection of a login is delayed and counted; of a maildrop, answered at once (say
   * {@code [IN-USE]}); of a message, answered before any {@link #content(ByteBuffer)} (afterwards the session is
   * closed, since the response cannot be taken back); of an UPDATE, answered and the session ends anyway
   * (RFC 1939 §6). An answer after the session closed is ignored.
   *
   * @param decision the host's answer
   * @throws IllegalStateException    if no decision is pending
   * @throws IllegalArgumentException if the answer does not fit the pending event
   */
  public void answer(Pop3Decision decision) {
    Objects.requireNonNull(decision, "decision");
    if (ignoredAfterClose()) {
      return;
    }
    Pending p = pending;
    if (p == null) {
      throw new IllegalStateException(decisionName(decision) + " with no decision pending in state " + state);
    }
    if (decision instanceof Pop3Decision.Reject r) {
      rejected(p, r.response().orElseGet(p::standardRejection));
    } else if (decision instanceof Pop3Decision.Accept && p instanceof Pending.Login l) {
      loginSucceeded(l.event().user(), l.event().user());
    } else if (decision instanceof Pop3Decision.Accept && p instanceof Pending.Update) {
      int left = messages.count();
      pending = null;
      reply(Pop3Response.ok(config.hostname() + " POP3 server signing off ("
          + (left == 0 ? "maildrop empty" : TransactionCommands.plural(left, "message") + " left") + ")"));
      close(true);
    } else if (decision instanceof Pop3Decision.ApopSecret secret && p instanceof Pending.ApopSecret a) {
      byte[] octets = secret.secret().toBytes();
      boolean ok = ApopDigest.matches(timestamp, octets, a.digest());
      java.util.Arrays.fill(octets, (byte) 0);
      if (ok) {
        loginSucceeded(a.event().user(), a.event().user());
      } else {
        loginFailed(a.event().user(), p.standardRejection());
      }
    } else if (decision instanceof Pop3Decision.MaildropOpened m && p instanceof Pending.OpenMaildrop o) {
      opened(o.event().user(), m.listing());
    } else {
      throw new IllegalArgumentException(decisionName(decision) + " does not answer "
          + p.event().getClass().getSimpleName() + " in state " + state);
    }
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
   * @param response the {@code -ERR} response to send
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
   * Answers {@link Pop3ServerEvent.MaildropOpenRequested}: the maildrop is open and locked, with these messages
   * (message {@code i + 1} is {@code messages.get(i)}); the session enters TRANSACTION. A listing over
   * {@link Pop3Limits#maxMessages()} is answered {@code -ERR [SYS/PERM]} and ends the session
   * ({@link Pop3ServerEvent.SessionEnded} follows, so the host releases the lock).
   *
   * @param listing the messages, in message-number order
   */
  public void maildropOpened(List<MessageInfo> listing) {
    answer(Pop3Decision.opened(listing));
  }

  private void rejected(Pending p, Pop3Response response) {
    if (p instanceof Pending.Login l) {
      loginFailed(l.event().user(), response);
    } else if (p instanceof Pending.ApopSecret a) {
      // the host knows no such user: spend what checking a known user's digest costs, so that the time of the
      // answer does not tell unknown users from real ones
      ApopDigest.matches(timestamp, new byte[0], a.digest());
      loginFailed(a.event().user(), response);
    } else if (p instanceof Pending.Retrieve r && r.started()) {
      pending = null;
      LOG.warn("[{}] message {} failed while being sent; closing", sessionId, r.event().messageNumber());
      close(false);
    } else {
      pending = null;
      reply(response);
      if (p instanceof Pending.Update) {
        close(false);
      }
    }
  }

  private void opened(String owner, List<MessageInfo> listing) {
    pending = null;
    if (listing.size() > limits.maxMessages()) {
      LOG.warn("[{}] maildrop of {} messages is over the limit {}", sessionId, listing.size(), limits.maxMessages());
      reply(Pop3Response.err(ResponseCode.SYS_PERM, "maildrop is too large for this server"));
      close(false); // SessionEnded tells the host to release the lock it took
      return;
    }
    long[] sizes = new long[listing.size()];
    String[] ids = new String[listing.size()];
    for (int i = 0; i < sizes.length; i++) {
      sizes[i] = listing.get(i).size();
      ids[i] = listing.get(i).uniqueId();
    }
    messages = new MessageTable(sizes, ids);
    transaction = new TransactionCommands(messages, replies);
    transition(Pop3State.TRANSACTION);
    // the name came from the peer (a SASL authorization id may hold any character): only echo it if it is safe
    reply(Pop3Response.ok((echoable(owner) ? owner + "'s maildrop" : "maildrop") + " has "
        + transaction.summary()));
  }

  /**
   * Whether the engine wants the next chunk of the message being retrieved (false while output is over limit).
   *
   * @return whether the engine takes the next chunk now
   */
  public boolean wantsContent() {
    return pending instanceof Pending.Retrieve r && !r.content().isComplete() && !out.isOverLimit();
  }

  /**
   * Whether TOP's cut was reached for the message being retrieved: the host stops reading and calls
   * {@link #contentEnd()}.
   *
   * @return whether TOP needs no more of the message
   */
  public boolean hasEnoughContent() {
    return pending instanceof Pending.Retrieve r && r.content().isComplete();
  }

  /**
   * Answers {@link Pop3ServerEvent.RetrieveRequested} with the next chunk of the stored message, consumed whole.
   * The first chunk sends the {@code +OK}; line endings are canonicalised and dots stuffed on the way out.
   *
   * @param chunk the next stored bytes of the message; its position advances
   */
  public void content(ByteBuffer chunk) {
    Objects.requireNonNull(chunk, "chunk");
    if (ignoredAfterClose()) {
      return;
    }
    startContent("content").write(chunk, out);
  }

  /** Ends the message of {@link Pop3ServerEvent.RetrieveRequested}: writes the terminating line. */
  public void contentEnd() {
    if (ignoredAfterClose()) {
      return;
    }
    startContent("contentEnd").finish(out);
    pending = null;
  }

  private ContentStream startContent(String what) {
    if (!(pending instanceof Pending.Retrieve r)) {
      throw pending == null ? new IllegalStateException(what + " with no retrieval pending in state " + state)
          : new IllegalArgumentException(what + " does not answer " + pending.event().getClass().getSimpleName());
    }
    if (!r.started()) {
      pending = new Pending.Retrieve(r.event(), r.content(), true);
      reply(r.content().isTop() ? Pop3Response.ok("top of message follows")
          : Pop3Response.ok(r.event().size() + " octets"));
    }
    return r.content();
  }

  private boolean ignoredAfterClose() {
    if (state == Pop3State.CLOSED) {
      LOG.debug("[{}] host answer after close ignored", sessionId);
      return true;
    }
    return false;
  }

  private static String decisionName(Pop3Decision d) {
    return d.getClass().getSimpleName();
  }

  // ---------------------------------------------------------------- commands

  private void command(ByteBuffer line) {
    CommandLine cmd = CommandLine.parse(line, utf8);
    Verb verb = cmd.verb();
    String afterUser = user;
    user = null; // PASS must follow a successful USER immediately (RFC 1939 §7)
    if (verb == null) {
      badCommand(Pop3Response.err("unknown command"), "unknown command");
      return;
    }
    if (!CommandTable.allows(state, verb)) {
      badCommand(Pop3Response.err(verb + " is not valid in the " + state + " state"), verb + " in " + state);
      return;
    }
    if (cmd.arguments() == null && verb != Verb.PASS) {
      badCommand(Pop3Response.err("invalid characters in the arguments"), "invalid argument octets");
      return;
    }
    switch (verb) {
      case CAPA -> capa(cmd);
      case LANG -> lang(cmd);
      case QUIT -> quit();
      case STAT, LIST, RETR, DELE, NOOP, RSET, TOP, UIDL -> transaction(verb, cmd);
      default -> authorization(authorization.handle(verb, cmd, afterUser, plaintextLoginAllowed(), tlsActive));
    }
  }

  private void authorization(AuthorizationCommands.Result r) {
    if (r instanceof AuthorizationCommands.Result.Bad bad) {
      badCommand(bad.response(), bad.description());
    } else if (r instanceof AuthorizationCommands.Result.User u) {
      user = u.name();
      reply(Pop3Response.ok("send PASS"));
    } else if (r instanceof AuthorizationCommands.Result.Pass p) {
      byte[] octets = p.password();
      ask(new Pending.Login(new Pop3ServerEvent.LoginRequested(p.user(), Password.ofBytes(octets))));
      java.util.Arrays.fill(octets, (byte) 0);
    } else if (r instanceof AuthorizationCommands.Result.Apop a) {
      ask(new Pending.ApopSecret(new Pop3ServerEvent.ApopSecretRequested(a.user()), a.digest()));
    } else if (r instanceof AuthorizationCommands.Result.Auth a) {
      authOutcome(auth.start(a.mechanism(), a.initialResponse(), plaintextLoginAllowed()));
    } else if (r instanceof AuthorizationCommands.Result.ListMechanisms) {
      replies.multiLine(Pop3Response.ok("SASL mechanisms follow"), auth.names(plaintextLoginAllowed()));
    } else if (r instanceof AuthorizationCommands.Result.StartTls) {
      reply(Pop3Response.ok("Begin TLS negotiation"));
      tlsRequested = true;
      framer.reset();
    } else {
      utf8 = true;
      replies.utf8(true);
      reply(Pop3Response.ok("UTF8 enabled"));
    }
  }

  private void authOutcome(AuthExchange.Outcome outcome) {
    if (outcome instanceof AuthExchange.Outcome.Continue c) {
      framer.setMaxLineLength(limits.maxAuthResponseLength());
      replies.line(c.line());
      return;
    }
    framer.setMaxLineLength(limits.maxCommandLineLength());
    if (outcome instanceof AuthExchange.Outcome.Authenticated ok) {
      loginSucceeded(ok.authorizationId(), ok.authenticationId());
    } else {
      AuthExchange.Outcome.Refused r = (AuthExchange.Outcome.Refused) outcome;
      if (r.failedLogin()) {
        loginFailed("", r.response());
      } else {
        badCommand(r.response(), "unusable AUTH mechanism");
      }
    }
  }

  private void capa(CommandLine cmd) {
    if (!cmd.arguments().isEmpty()) {
      badCommand(Pop3Response.err("no arguments expected"), "CAPA with arguments");
    } else {
      replies.multiLine(Pop3Response.ok("Capability list follows"), capabilities.lines(
          state == Pop3State.AUTHORIZATION, tlsActive, plaintextLoginAllowed(), auth.names(plaintextLoginAllowed())));
    }
  }

  private void lang(CommandLine cmd) {
    if (!config.lang()) {
      badCommand(Pop3Response.err("unknown command"), "LANG while not offered");
      return;
    }
    LanguageCommand.Result r = LanguageCommand.handle(cmd.args());
    if (r.syntaxError()) {
      badCommand(r.response(), "LANG with an invalid language range");
    } else if (r.listing() != null) {
      replies.multiLine(r.response(), r.listing());
    } else {
      reply(r.response());
    }
  }

  private void quit() {
    if (state == Pop3State.AUTHORIZATION) {
      reply(Pop3Response.ok(config.hostname() + " POP3 server signing off"));
      close(false);
    } else {
      transition(Pop3State.UPDATE);
      ask(new Pending.Update(new Pop3ServerEvent.UpdateRequested(messages.deletedNumbers())));
    }
  }

  private void transaction(Verb verb, CommandLine cmd) {
    TransactionCommands.Result r = transaction.handle(verb, cmd);
    if (r instanceof TransactionCommands.Result.Bad bad) {
      badCommand(bad.response(), bad.description());
    } else if (r instanceof TransactionCommands.Result.Retrieve get) {
      ask(new Pending.Retrieve(new Pop3ServerEvent.RetrieveRequested(get.messageNumber(), get.size(),
          get.bodyLines()), new ContentStream(get.bodyLines()), false));
    }
  }

  // ---------------------------------------------------------------- logins

  private void loginSucceeded(String name, String authenticationId) {
    LOG.debug("[{}] authenticated", sessionId);
    ask(new Pending.OpenMaildrop(new Pop3ServerEvent.MaildropOpenRequested(name, authenticationId)));
  }

  private void loginFailed(String name, Pop3Response response) {
    pending = null;
    Pop3Response now = throttle.fail(throttle.nextFailureIsLast()
        ? Pop3Response.err(ResponseCode.AUTH, "too many failed logins") : response, env.now());
    events.add(new Pop3ServerEvent.LoginFailed(name, throttle.failures(), limits.failedLoginDelay()));
    LOG.info("[{}] failed login {} of {}", sessionId, throttle.failures(), limits.maxFailedLogins());
    if (now != null) {
      replyToFailedLogin(now);
    }
  }

  private void replyToFailedLogin(Pop3Response response) {
    reply(response);
    if (throttle.exhausted()) {
      close(false);
    }
  }

  // ---------------------------------------------------------------- output and state

  private void badCommand(Pop3Response response, String description) {
    badCommands++;
    events.add(new Pop3ServerEvent.ProtocolViolation(description));
    if (badCommands >= limits.maxBadCommands()) {
      reply(Pop3Response.err("too many bad commands; closing"));
      close(false);
    } else {
      reply(response);
    }
  }

  private void reply(Pop3Response response) {
    replies.reply(response);
  }

  /** Whether {@code s} can go in a reply: no controls, and ASCII unless UTF-8 mode is on. */
  private boolean echoable(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c == 0x7F || (c > 0x7F && !utf8) || Character.isISOControl(c) || c == '\u2028'
          || c == '\u2029') {
        return false;
      }
    }
    return !s.isEmpty() && s.length() <= 64;
  }

  private void ask(Pending p) {
    pending = p;
    events.add(p.event());
  }

  private void transition(Pop3State to) {
    LOG.debug("[{}] {} -> {}", sessionId, state, to);
    state = to;
  }

  private void close(boolean updated) {
    Pop3State last = state;
    transition(Pop3State.CLOSED);
    pending = null;
    throttle.clear();
    auth.cancel();
    events.add(new Pop3ServerEvent.SessionEnded(last, updated));
  }
}
