package dev.missive.imap.server;

import dev.missive.imap.Flag;
import dev.missive.imap.ResponseCode;
import dev.missive.imap.ResponseStatus;
import dev.missive.imap.mailbox.UidSet;
import dev.missive.imap.mailbox.UpdatePolicy;
import dev.missive.imap.protocol.CommandDecoder;
import dev.missive.imap.protocol.CommandInput;
import dev.missive.imap.protocol.ResponseEncoder;
import dev.missive.imap.response.FetchAttribute;
import dev.missive.imap.response.Response;
import dev.missive.imap.response.UntaggedResponse;
import dev.missive.sasl.SaslServerExchange;
import dev.missive.wire.ConnectionSecurity;
import dev.missive.wire.EngineEnvironment;
import dev.missive.wire.EventEngine;
import dev.missive.wire.LoginThrottle;
import dev.missive.wire.OutputQueue;
import dev.missive.wire.PeerInfo;
import dev.missive.wire.SessionGuard;
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
 * A sans-IO IMAP4rev2 server session with IMAP4rev1 compatibility (RFC 9051, RFC 3501 and the extensions its
 * capability list names), implementing the {@link dev.missive.wire.ProtocolEngine} contract: the host feeds bytes,
 * drains output and answers the {@link ImapServerEvent}s of {@link #nextEvent()} whenever it is ready, from its
 * own context. For synchronous hosts {@link ImapHandlerServer} answers them from a {@link MailStore}.
 *
 * <p><b>States</b> (RFC 9051 §3): not authenticated, authenticated, selected, logout. LOGIN is answered by the
 * host ({@link ImapServerEvent.LoginRequested}); AUTHENTICATE runs the configured SASL mechanisms with SASL-IR
 * (RFC 4959). Before TLS, on a connection the host did not declare {@link ConnectionSecurity#TRUSTED}, LOGIN is
 * refused with {@code NO [PRIVACYREQUIRED]} and {@code LOGINDISABLED} is advertised (RFC 9051 §6.2.3) unless the
 * configuration allows it; STARTTLS pauses the engine for {@link StreamChange.StartTls} and everything the client
 * sent after the command is discarded (RFC 9051 §6.2.1, CVE-2011-0411; docs/security.md, "STARTTLS injection").
 *
 * <p><b>The selected mailbox</b> is the engine's {@link dev.missive.imap.mailbox.MailboxView}: the host reports
 * what changed in the store at any time ({@link #messageAdded(long)}, {@link #messageExpunged(long)},
 * {@link #flagsChanged(long, List)}) and the engine tells the client only when RFC 9051 §7.5.1 allows: at once
 * during IDLE, before a command's completion otherwise, never an EXPUNGE during FETCH, STORE or SEARCH. Messages
 * expunged elsewhere but not announced keep their numbers; FETCH and STORE leave them out and complete with
 * {@code NO [EXPUNGEISSUED]}, COPY and MOVE refuse (RFC 2180 §4.1, §4.4, RFC 5530 §3).
 *
 * <p><b>Limits</b>: the grammar's ({@link ImapServerConfig#limits()}: command length, literal and message size,
 * nesting, literals per command) are enforced by the decoder, which answers {@code BAD}/{@code NO [TOOBIG]} and
 * keeps the framing (a synchronizing literal over them is refused before the client sends it, so its
 * {@code +} is only written once the size is within limits); after {@link ImapServerConfig#maxBadCommands()} BAD
 * answers, or the last allowed failed login, the session ends with {@code BYE}. Large FETCH contents are streamed by
 * the host while {@link #wantsContent()}: output past {@link ImapServerConfig#outputSoftLimit()} is back-pressure.
 *
 * <p>The engine parses the host's buffer in place and stops at each event (docs/architecture.md, "Engine
 * discipline"); input that reaches it before the greeting or a {@code +} was drained is a synchronisation error
 * answered with {@code BYE}.
 */
public final class ImapServer implements EventEngine<ImapServerEvent> {

  static final Logger LOG = LoggerFactory.getLogger(ImapServer.class);
  private static final StreamChange START_TLS = new StreamChange.StartTls(false);

  final ImapServerConfig config;
  final EngineEnvironment env;
  final String sessionId;
  final OutputQueue out;
  final ResponseEncoder enc;
  final CommandDecoder decoder;
  final SessionGuard guard;
  final SaslServerExchange sasl;
  final LoginThrottle<Response> throttle;
  final Capabilities capabilities;
  final ArrayDeque<ImapServerEvent> events = new ArrayDeque<>();
  private final Commands commands;
  private final boolean trusted;

  ImapState state = ImapState.NOT_AUTHENTICATED;
  Pending pending;
  boolean tlsActive;
  boolean rev2;
  boolean utf8Accept;
  SelectedSession selected;
  String idleTag;
  String authTag;
  boolean stopInput;
  private int badCommands;
  private boolean fetchOpen;

  /**
   * Starts a session and queues the greeting {@code * OK [CAPABILITY ...]} (RFC 9051 §7.1.1).
   *
   * @param config      the server configuration
   * @param environment clock, monotonic time and randomness (docs/architecture.md, "Determinism")
   * @param peer        the client's address, the session id every log line carries, and whether the connection is
   *                    plaintext, trusted or implicit TLS
   */
  public ImapServer(ImapServerConfig config, EngineEnvironment environment, PeerInfo peer) {
    this.config = Objects.requireNonNull(config, "config");
    this.env = Objects.requireNonNull(environment, "environment");
    this.sessionId = peer.sessionId();
    this.tlsActive = peer.security() == ConnectionSecurity.IMPLICIT_TLS;
    this.trusted = peer.security() == ConnectionSecurity.TRUSTED;
    this.out = new OutputQueue(config.outputSoftLimit());
    this.enc = new ResponseEncoder(out);
    this.decoder = new CommandDecoder(config.limits(), config.nonSynchronizingLiterals());
    this.guard = new SessionGuard(env, out, config.synchronizationCheck(), false);
    this.sasl = new SaslServerExchange(config.sasl());
    this.throttle = new LoginThrottle<>(config.maxFailedLogins(), config.failedLoginDelay());
    this.capabilities = new Capabilities(config);
    this.commands = new Commands(this);
    enc.write(new UntaggedResponse.Condition(ResponseStatus.OK, capabilityCode(), config.greeting()));
    guard.syncMark("greeting");
    guard.idle(config.idleTimeout());
    LOG.debug("[{}] IMAP session started ({})", sessionId, peer.security());
  }

  // ---------------------------------------------------------------- queries

  /** {@return the session's state} */
  public ImapState state() {
    return state;
  }

  /** {@return whether TLS is in place (implicit or after STARTTLS)} */
  public boolean isTlsActive() {
    return tlsActive;
  }

  /** {@return whether LOGIN and plaintext SASL mechanisms are allowed now (RFC 9051 §6.2.3)} */
  public boolean plaintextLoginAllowed() {
    return tlsActive || trusted || config.plaintextLoginBeforeTls();
  }

  /** {@return whether the client enabled IMAP4rev2 (RFC 9051 Appendix A)} */
  public boolean isRev2() {
    return rev2;
  }

  /** {@return whether mailbox names and strings are UTF-8 (IMAP4rev2 or UTF8=ACCEPT enabled, RFC 6855 §3)} */
  public boolean isUtf8() {
    return rev2 || utf8Accept;
  }

  /** {@return the selected mailbox's name, if one is selected} */
  public Optional<String> selectedMailbox() {
    return selected == null ? Optional.empty() : Optional.of(selected.mailbox);
  }

  /**
   * The sequence number of a message of the selected mailbox in the client's numbering, for SEARCH hosts.
   *
   * @param uid the message's UID
   * @return its sequence number, or 0 when the client does not know it or no mailbox is selected
   */
  public long sequenceNumber(long uid) {
    return selected == null ? 0 : selected.view.seqOf(uid);
  }

  /** {@return the capabilities advertised now} */
  public List<String> capabilityList() {
    return capabilities.list(state == ImapState.NOT_AUTHENTICATED, tlsActive, plaintextLoginAllowed(),
        sasl.advertised(plaintextLoginAllowed()));
  }

  /**
   * Flags as this session's client sees them: sorted, without {@code \Recent} once IMAP4rev2 is enabled (RFC 9051
   * Appendix E: the flag is gone).
   */
  List<Flag> clientFlags(java.util.Collection<Flag> flags) {
    List<Flag> out = new java.util.ArrayList<>(flags.size());
    for (Flag f : flags) {
      if (!rev2 || !f.equals(Flag.RECENT)) {
        out.add(f);
      }
    }
    out.sort((a, b) -> a.name().compareToIgnoreCase(b.name()));
    return out;
  }

  /** The capability list as a response code, when the configuration sends it (RFC 9051 §7.1). */
  Optional<ResponseCode> capabilityCode() {
    return config.capabilityResponseCodes() ? Optional.of(new ResponseCode.Capability(capabilityList()))
        : Optional.empty();
  }

  @Override
  public ImapServerEvent nextEvent() {
    return events.poll();
  }

  // ---------------------------------------------------------------- ProtocolEngine

  @Override
  public void receive(ByteBuffer in) {
    if (state == ImapState.LOGOUT) {
      throw new IllegalStateException("receive in state LOGOUT");
    }
    if (status() != Status.NEEDS_INPUT && guard.pending().isEmpty()) {
      return; // D2: offered again once the engine wants input
    }
    switch (guard.admit(in)) {
      case DISCARD:
        return;
      case SYNC_ERROR:
        events.add(new ImapServerEvent.ProtocolViolation("client sent data before the " + guard.markName()));
        enc.write(new UntaggedResponse.Condition(ResponseStatus.BYE, Optional.empty(),
            "Synchronization error: data before the " + guard.markName()));
        close();
        return;
      default:
        break;
    }
    stopInput = false;
    while (!stopInput && status() == Status.NEEDS_INPUT) {
      CommandInput unit = decoder.next(in);
      if (unit instanceof CommandInput.NeedInput) {
        return;
      }
      guard.idle(config.idleTimeout());
      commands.handle(unit, in);
      if (unit instanceof CommandInput.AppendData) {
        // the message's end takes no octet: taken with its last octets, so a host that feeds only while the engine
        // consumes (the transports) is not left waiting for the peer with the command's CRLF unread
        CommandInput end = decoder.next(in);
        if (!(end instanceof CommandInput.NeedInput)) {
          commands.handle(end, in);
        }
      }
    }
  }

  @Override
  public void receiveEnd() {
    if (state != ImapState.LOGOUT) {
      LOG.debug("[{}] connection lost in {}", sessionId, state);
      close();
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
    if (state == ImapState.LOGOUT) {
      return Status.CLOSED;
    }
    if (!events.isEmpty()) {
      return Status.HAS_EVENTS;
    }
    if (guard.pending().isPresent()) {
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

  @Override
  public OptionalLong nextDeadline() {
    if (state == ImapState.LOGOUT || guard.pending().isPresent() || pending != null) {
      return OptionalLong.empty();
    }
    return throttle.holding() ? OptionalLong.of(throttle.until()) : guard.deadline(false);
  }

  @Override
  public void onTimeout() {
    if (state == ImapState.LOGOUT || guard.pending().isPresent() || pending != null) {
      return;
    }
    if (throttle.holding()) {
      Response due = throttle.release(env.now());
      if (due != null) {
        commands.failedLoginReply(due);
      }
      return;
    }
    if (guard.expired(false) == SessionGuard.Expired.IDLE) {
      LOG.debug("[{}] autologout after {} idle", sessionId, config.idleTimeout());
      enc.write(new UntaggedResponse.Condition(ResponseStatus.BYE, Optional.empty(), "Autologout; idle for too long"));
      close();
    }
  }

  @Override
  public Optional<StreamChange> pendingStreamChange() {
    return guard.pending();
  }

  /**
   * {@inheritDoc} After STARTTLS the layer is the handshake's {@link TlsInfo}; the session stays not authenticated
   * and forgets any bytes buffered before (RFC 9051 §6.2.1).
   */
  @Override
  public void streamChanged(StreamLayer layer) {
    TlsInfo info = guard.resumeWithTls(layer, "STARTTLS", state);
    tlsActive = true;
    decoder.reset();
    guard.idle(config.idleTimeout());
    LOG.debug("[{}] TLS established: {} {}", sessionId, info.protocol(), info.cipherSuite());
  }

  @Override
  public EngineEnvironment environment() {
    return env;
  }

  /** Ends the session because the host is stopping: {@code * BYE} (RFC 9051 §7.1.5); answers after it are ignored. */
  @Override
  public void shutdown() {
    if (state != ImapState.LOGOUT) {
      LOG.debug("[{}] host shutdown in {}", sessionId, state);
      if (fetchOpen) {
        close(); // a response half written cannot be ended well; the connection goes
        return;
      }
      enc.write(new UntaggedResponse.Condition(ResponseStatus.BYE, Optional.empty(), "Server shutting down"));
      close();
    }
  }

  // ---------------------------------------------------------------- host answers

  /** {@return the event the engine waits for the host to answer, if any} */
  public Optional<ImapServerEvent.DecisionRequired> pendingDecision() {
    return pending == null ? Optional.empty() : Optional.of(pending.event);
  }

  /**
   * Accepts a {@link ImapServerEvent.LoginRequested} (the session is authenticated) or an
   * {@link ImapServerEvent.AppendStarted} (its octets follow).
   *
   * @throws IllegalStateException    if no decision is pending
   * @throws IllegalArgumentException if the pending event is another one
   */
  public void accept() {
    if (ignoredAfterClose()) {
      return;
    }
    Pending p = require("accept", Pending.Kind.LOGIN, Pending.Kind.APPEND_MESSAGE);
    pending = null;
    if (p.kind == Pending.Kind.LOGIN) {
      ImapServerEvent.LoginRequested l = (ImapServerEvent.LoginRequested) p.event;
      commands.authenticated(l.tag(), l.user(), "LOGIN");
    } else if (decoder.acceptAppend()) {
      enc.write(new Response.Continuation("Ready for literal data"));
      guard.syncMark("continuation request", p.bytesWaiting);
    }
  }

  /** Rejects the pending decision with its standard {@code NO} (see {@link #reject(ResponseCode, String)}). */
  public void reject() {
    if (ignoredAfterClose()) {
      return;
    }
    Pending p = require("reject");
    reject(p.defaultRejectCode().orElse(null), p.verb + " failed");
  }

  /**
   * Rejects the pending decision: a tagged {@code NO} with {@code code} and {@code text}. A failed LOGIN is
   * delayed and counted; a rejected APPEND message refuses the whole command (a synchronizing literal is then
   * never sent).
   *
   * @param code the response code (RFC 5530), or null for none
   * @param text the human-readable text, printable, not starting with {@code [}
   * @throws IllegalStateException if no decision is pending or a FETCH response is half written
   */
  public void reject(ResponseCode code, String text) {
    if (ignoredAfterClose()) {
      return;
    }
    Pending p = require("reject");
    if (fetchOpen) {
      throw new IllegalStateException("a FETCH response is open: fetchEnd() first");
    }
    Response.Tagged answer = new Response.Tagged(p.event.tag(), ResponseStatus.NO, Optional.ofNullable(code), text);
    pending = null;
    if (p.kind == Pending.Kind.LOGIN) {
      commands.loginFailed(((ImapServerEvent.LoginRequested) p.event).user(), answer);
      return;
    }
    if (p.kind == Pending.Kind.APPEND_MESSAGE) {
      decoder.rejectAppend();
    }
    if (p.kind == Pending.Kind.CLOSE) {
      commands.deselect(false);
    }
    commands.tagged(answer, p.policy);
  }

  /**
   * Writes an untagged response for the pending {@link ImapServerEvent.MailboxCommand}: {@code LIST}/{@code LSUB}
   * ({@link UntaggedResponse.MailboxList}), {@code STATUS} ({@link UntaggedResponse.MailboxStatus}) or an
   * untagged {@code OK}/{@code NO} ({@link UntaggedResponse.Condition}).
   *
   * @param response the response
   * @throws IllegalArgumentException if the response is of another kind, or not writable in this session (8-bit
   *                                  text before UTF-8 is enabled)
   */
  public void respond(UntaggedResponse response) {
    if (ignoredAfterClose()) {
      return;
    }
    require("respond", Pending.Kind.MAILBOX);
    if (!(response instanceof UntaggedResponse.MailboxList || response instanceof UntaggedResponse.MailboxStatus
        || response instanceof UntaggedResponse.Condition c && c.status() != ResponseStatus.BYE)) {
      throw new IllegalArgumentException("a mailbox command is answered with LIST, LSUB, STATUS or OK/NO, not "
          + response.getClass().getSimpleName());
    }
    enc.write(response);
  }

  /** Completes the pending command with {@code OK} and the standard text. */
  public void complete() {
    complete(null, null);
  }

  /**
   * Completes the pending command successfully: a tagged {@code OK} (preceded by the mailbox updates the command
   * allows), or {@code NO [EXPUNGEISSUED]} when FETCH or STORE left out messages expunged elsewhere. For MOVE the
   * code ({@code COPYUID}) goes in an untagged {@code OK} before the EXPUNGEs (RFC 6851 §4.3).
   *
   * @param code the response code ({@code APPENDUID}, {@code COPYUID}, RFC 4315 §3), or null for none
   * @param text the text, or null for the standard one
   * @throws IllegalStateException    if nothing is pending or a FETCH response is open
   * @throws IllegalArgumentException if the pending event needs another answer (SELECT, SEARCH, LOGIN, APPEND's
   *                                  message)
   */
  public void complete(ResponseCode code, String text) {
    if (ignoredAfterClose()) {
      return;
    }
    Pending p = require("complete", Pending.Kind.MAILBOX, Pending.Kind.APPEND_COMMIT, Pending.Kind.FETCH,
        Pending.Kind.STORE, Pending.Kind.COPY, Pending.Kind.MOVE, Pending.Kind.EXPUNGE, Pending.Kind.CLOSE);
    if (fetchOpen) {
      throw new IllegalStateException("a FETCH response is open: fetchEnd() first");
    }
    pending = null;
    commands.completed(p, Optional.ofNullable(code), text);
  }

  /**
   * Answers {@link ImapServerEvent.SelectRequested}: the mailbox is selected with these messages.
   *
   * @param mailbox the mailbox's state
   */
  public void selected(SelectedMailbox mailbox) {
    Objects.requireNonNull(mailbox, "mailbox");
    if (ignoredAfterClose()) {
      return;
    }
    Pending p = require("selected", Pending.Kind.SELECT);
    pending = null;
    commands.selected((ImapServerEvent.SelectRequested) p.event, mailbox);
  }

  /**
   * Answers {@link ImapServerEvent.SearchRequested} with the matching messages; the engine writes the response
   * and completes the command.
   *
   * @param matches the UIDs of the matching messages
   */
  public void searchResult(UidSet matches) {
    Objects.requireNonNull(matches, "matches");
    if (ignoredAfterClose()) {
      return;
    }
    Pending p = require("searchResult", Pending.Kind.SEARCH);
    pending = null;
    ImapServerEvent.SearchRequested s = (ImapServerEvent.SearchRequested) p.event;
    selected.searchResult(s.command(), matches, rev2, enc);
    commands.completed(p, Optional.empty(), null);
  }

  // ---- FETCH responses (FETCH and STORE) ----

  /**
   * Starts {@code * n FETCH (} for a message of the pending FETCH or STORE; the engine writes {@code UID} first
   * when the command is a UID command or asked for it (RFC 9051 §6.4.9), so the host gives the other items.
   *
   * @param uid the message's UID
   * @throws IllegalArgumentException if the client does not know the message
   */
  public void fetchBegin(long uid) {
    if (ignoredAfterClose()) {
      return;
    }
    Pending p = require("fetchBegin", Pending.Kind.FETCH, Pending.Kind.STORE);
    long seq = selected.view.seqOf(uid);
    if (seq == 0) {
      throw new IllegalArgumentException("the client does not know UID " + uid);
    }
    enc.fetchBegin(seq);
    fetchOpen = true;
    boolean withUid = p.event instanceof ImapServerEvent.FetchRequested f
        ? f.command().uid() || f.command().items().contains(dev.missive.imap.command.FetchItem.Simple.UID)
        : ((ImapServerEvent.StoreRequested) p.event).command().uid();
    if (withUid) {
      enc.fetchAttribute(new FetchAttribute.Uid(uid));
    }
  }

  /**
   * Writes one data item of the open FETCH response (not {@code UID}, which the engine writes).
   *
   * @param attribute the item; section contents larger than zero go through {@link #fetchContentHeader}
   */
  public void fetchAttribute(FetchAttribute attribute) {
    if (ignoredAfterClose()) {
      return;
    }
    requireFetchOpen();
    if (attribute instanceof FetchAttribute.Uid) {
      throw new IllegalArgumentException("the engine writes UID itself");
    }
    enc.fetchAttribute(attribute);
  }

  /**
   * Announces a section content of the open FETCH response; exactly its size in octets must follow through
   * {@link #fetchContent(ByteBuffer)}.
   *
   * @param content  the item with its size
   * @param literal8 whether it goes as a literal8 (BINARY content with NUL, RFC 3516 §4.2)
   */
  public void fetchContentHeader(FetchAttribute.Content content, boolean literal8) {
    if (ignoredAfterClose()) {
      return;
    }
    requireFetchOpen();
    enc.contentHeader(content, literal8);
  }

  /**
   * Writes the next octets of the announced content; call it while {@link #wantsContent()} and drain in between.
   *
   * @param octets the octets; consumed whole
   */
  public void fetchContent(ByteBuffer octets) {
    if (ignoredAfterClose()) {
      return;
    }
    requireFetchOpen();
    enc.content(octets);
  }

  /** Ends the open FETCH response. */
  public void fetchEnd() {
    if (ignoredAfterClose()) {
      return;
    }
    requireFetchOpen();
    enc.fetchEnd();
    fetchOpen = false;
  }

  /**
   * Writes a whole FETCH response for a message of the pending FETCH or STORE.
   *
   * @param uid        the message's UID
   * @param attributes the items other than UID; section contents only of size 0 or NIL
   */
  public void fetchResponse(long uid, List<FetchAttribute> attributes) {
    fetchBegin(uid);
    attributes.forEach(this::fetchAttribute);
    fetchEnd();
  }

  /** {@return whether the host may write more FETCH content now: a FETCH is pending and the output is under its limit} */
  public boolean wantsContent() {
    return pending != null && pending.kind == Pending.Kind.FETCH && !out.isOverLimit();
  }

  // ---- what changed in the store ----

  /**
   * A message arrived in the selected mailbox (a delivery, another session's APPEND, COPY or MOVE, or this
   * session's own); the client learns of it when RFC 9051 §7.5.1 allows.
   *
   * @param uid its UID, above every UID reported before
   */
  public void messageAdded(long uid) {
    if (selected != null && state != ImapState.LOGOUT) {
      selected.view.added(uid);
      commands.announceIfIdle();
    }
  }

  /**
   * A message of the selected mailbox was expunged (by this session's EXPUNGE, CLOSE or MOVE, or elsewhere).
   *
   * @param uid its UID
   */
  public void messageExpunged(long uid) {
    if (selected != null && state != ImapState.LOGOUT) {
      selected.view.expunged(uid);
      commands.announceIfIdle();
    }
  }

  /**
   * A message's flags changed elsewhere (another session's STORE); the client gets a FETCH with them.
   *
   * @param uid   its UID
   * @param flags its flags now
   */
  public void flagsChanged(long uid, List<Flag> flags) {
    if (selected != null && state != ImapState.LOGOUT) {
      selected.flagsChanged(uid, flags);
      commands.announceIfIdle();
    }
  }

  // ---------------------------------------------------------------- internals

  private Pending require(String what, Pending.Kind... kinds) {
    Pending p = pending;
    if (p == null) {
      throw new IllegalStateException(what + " with no decision pending in state " + state);
    }
    if (kinds.length > 0 && !List.of(kinds).contains(p.kind)) {
      throw new IllegalArgumentException(what + " does not answer " + p.event.getClass().getSimpleName()
          + " in state " + state);
    }
    return p;
  }

  private void requireFetchOpen() {
    if (!fetchOpen) {
      throw new IllegalStateException("no FETCH response open: fetchBegin first");
    }
  }

  private boolean ignoredAfterClose() {
    if (state == ImapState.LOGOUT) {
      LOG.debug("[{}] host answer after close ignored", sessionId);
      return true;
    }
    return false;
  }

  /** Counts a BAD answer; past the limit the session ends with BYE (RFC 9051 §7.1.5). */
  boolean countBad(String description) {
    events.add(new ImapServerEvent.ProtocolViolation(description));
    if (++badCommands >= config.maxBadCommands()) {
      enc.write(new UntaggedResponse.Condition(ResponseStatus.BYE, Optional.empty(), "Too many errors"));
      close();
      return false;
    }
    return true;
  }

  void ask(Pending p) {
    pending = p;
    events.add(p.event);
  }

  void close() {
    ImapState last = state;
    state = ImapState.LOGOUT;
    pending = null;
    fetchOpen = false;
    throttle.clear();
    sasl.cancel();
    guard.stopTimers();
    if (idleTag != null) {
      events.add(new ImapServerEvent.IdleEnded(idleTag));
      idleTag = null;
    }
    if (selected != null) {
      events.add(new ImapServerEvent.Deselected(selected.mailbox));
      selected = null;
    }
    events.add(new ImapServerEvent.SessionEnded(last));
  }

  void startTls() {
    guard.pause(START_TLS);
    decoder.reset();
    stopInput = true;
  }
}
