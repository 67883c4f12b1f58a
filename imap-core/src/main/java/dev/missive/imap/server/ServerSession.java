package dev.missive.imap.server;

import dev.missive.imap.Flag;
import dev.missive.imap.ResponseCode;
import dev.missive.imap.ResponseStatus;
import dev.missive.imap.protocol.CommandDecoder;
import dev.missive.imap.protocol.CommandInput;
import dev.missive.imap.protocol.ResponseEncoder;
import dev.missive.imap.response.Response;
import dev.missive.imap.response.UntaggedResponse;
import dev.missive.sasl.exchange.internal.SaslServerExchange;
import dev.missive.wire.ConnectionSecurity;
import dev.missive.wire.EngineEnvironment;
import dev.missive.wire.OutputQueue;
import dev.missive.wire.PeerInfo;
import dev.missive.wire.ProtocolEngine;
import dev.missive.wire.StreamChange;
import dev.missive.wire.StreamLayer;
import dev.missive.wire.TlsInfo;
import dev.missive.wire.internal.LoginThrottle;
import dev.missive.wire.internal.SessionGuard;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The state of one {@link ImapServer} session and what the byte stream does to it (RFC 9051 §3): the decoder, the
 * output, the guard of timers and stream changes, the login throttle, the state, the decision pending and the
 * selected mailbox. {@link ImapServer} is its public face; {@link Commands} and {@link SelectedCommands} act on it
 * for each decoded command, {@link HostAnswers} for each host answer.
 */
final class ServerSession implements ProtocolEngine {

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
  final Condstore condstore;
  final ArrayDeque<ImapServerEvent> events = new ArrayDeque<>();
  final Commands commands;
  final Compression compression;
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
  /** Whether a FETCH response is half written (between the host's fetchBegin and fetchEnd). */
  boolean fetchOpen;
  private int badCommands;

  /** Starts a session and queues the greeting {@code * OK [CAPABILITY ...]} (RFC 9051 §7.1.1). */
  ServerSession(ImapServerConfig config, EngineEnvironment environment, PeerInfo peer) {
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
    this.condstore = new Condstore(config);
    this.commands = new Commands(this);
    this.compression = new Compression(this);
    enc.write(new UntaggedResponse.Condition(ResponseStatus.OK, capabilityCode(), config.greeting()));
    guard.syncMark("greeting");
    guard.idle(config.idleTimeout());
    ImapServer.LOG.debug("[{}] IMAP session started ({})", sessionId, peer.security());
  }

  // ---------------------------------------------------------------- what the session allows now

  boolean plaintextLoginAllowed() {
    return tlsActive || trusted || config.plaintextLoginBeforeTls();
  }

  boolean isUtf8() {
    return rev2 || utf8Accept;
  }

  List<String> capabilityList() {
    return capabilities.list(state == ImapState.NOT_AUTHENTICATED, tlsActive, plaintextLoginAllowed(),
        sasl.advertised(plaintextLoginAllowed()));
  }

  /** The capability list as a response code, when the configuration sends it (RFC 9051 §7.1). */
  Optional<ResponseCode> capabilityCode() {
    return config.capabilityResponseCodes() ? Optional.of(new ResponseCode.Capability(capabilityList()))
        : Optional.empty();
  }

  /** {@return whether the selected mailbox is read-only} */
  boolean selectedReadOnly() {
    return selected != null && selected.readOnly;
  }

  /**
   * Flags as this session's client sees them: sorted, without {@code \Recent} once IMAP4rev2 is enabled (RFC 9051
   * Appendix E: the flag is gone).
   */
  List<Flag> clientFlags(Collection<Flag> flags) {
    List<Flag> visible = new ArrayList<>(flags.size());
    for (Flag f : flags) {
      if (!rev2 || !f.equals(Flag.RECENT)) {
        visible.add(f);
      }
    }
    visible.sort((a, b) -> a.name().compareToIgnoreCase(b.name()));
    return visible;
  }

  // ---------------------------------------------------------------- the byte stream (ProtocolEngine, for ImapServer)

  @Override
  public boolean hasOutput() {
    return out.hasOutput();
  }

  @Override
  public void drainOutput(ByteBuffer buffer) {
    out.drainTo(buffer);
  }

  @Override
  public Optional<StreamChange> pendingStreamChange() {
    return guard.pending();
  }

  @Override
  public EngineEnvironment environment() {
    return env;
  }

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
      ImapServer.LOG.debug("[{}] connection lost in {}", sessionId, state);
      close();
    }
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
        commands.logins.failedLoginReply(due);
      }
      return;
    }
    if (guard.expired(false) == SessionGuard.Expired.IDLE) {
      ImapServer.LOG.debug("[{}] autologout after {} idle", sessionId, config.idleTimeout());
      enc.write(new UntaggedResponse.Condition(ResponseStatus.BYE, Optional.empty(), "Autologout; idle for too long"));
      close();
    }
  }

  /**
   * After STARTTLS the session stays not authenticated and forgets any bytes buffered before (RFC 9051 §6.2.1); after
   * COMPRESS it goes on where it was, compressed (RFC 4978 §3).
   */
  @Override
  public void streamChanged(StreamLayer layer) {
    if (guard.pending().orElse(null) instanceof StreamChange.Compress) {
      compression.resume(layer);
      decoder.reset();
      guard.idle(config.idleTimeout());
      return;
    }
    TlsInfo info = guard.resumeWithTls(layer, "STARTTLS", state);
    tlsActive = true;
    decoder.reset();
    guard.idle(config.idleTimeout());
    ImapServer.LOG.debug("[{}] TLS established: {} {}", sessionId, info.protocol(), info.cipherSuite());
  }

  /** The host is stopping: {@code * BYE} (RFC 9051 §7.1.5), unless a FETCH response is half written. */
  @Override
  public void shutdown() {
    if (state != ImapState.LOGOUT) {
      ImapServer.LOG.debug("[{}] host shutdown in {}", sessionId, state);
      if (fetchOpen) {
        close(); // a response half written cannot be ended well; the connection goes
        return;
      }
      enc.write(new UntaggedResponse.Condition(ResponseStatus.BYE, Optional.empty(), "Server shutting down"));
      close();
    }
  }

  // ---------------------------------------------------------------- shared by the command classes

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
    pauseFor(START_TLS);
  }

  /** Waits for the host to make {@code change}; nothing fed meanwhile is used (docs/architecture.md, "Stream changes"). */
  void pauseFor(StreamChange change) {
    guard.pause(change);
    decoder.reset();
    stopInput = true;
  }
}
