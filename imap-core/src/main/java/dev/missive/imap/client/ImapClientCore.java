package dev.missive.imap.client;

import dev.missive.imap.client.internal.ClientCommand;
import dev.missive.imap.client.internal.CommandFlow;
import dev.missive.imap.command.AuthenticatedCommand;
import dev.missive.imap.command.Command;
import dev.missive.imap.protocol.ResponseDecoder;
import dev.missive.wire.ConnectionSecurity;
import dev.missive.wire.EngineEnvironment;
import dev.missive.wire.PeerInfo;
import dev.missive.wire.ProtocolEngine.Status;
import dev.missive.wire.StreamChange;
import dev.missive.wire.StreamLayer;
import dev.missive.wire.TlsInfo;
import dev.missive.wire.internal.StreamPause;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state of one IMAP client session and the only code that changes it, behind the {@link ImapClient} facade:
 * the event queue, the state (RFC 9051 §3), the selected mailbox, the TLS pause, the response timer and the
 * session's end. Around it: the {@link SessionOpening} (greeting, capabilities, STARTTLS, login, ENABLE) reaches it
 * through its {@link ClientPort} side, the {@link CommandSender} writes the commands, the {@link ResponseDispatch}
 * reads the responses and applies them through the methods below (docs/architecture.md, "State machines").
 */
final class ImapClientCore implements ClientPort {

  private static final Logger LOG = LoggerFactory.getLogger(ImapClient.class);
  private static final StreamChange START_TLS = new StreamChange.StartTls(true);

  private final ImapClientConfig config;
  private final EngineEnvironment env;
  private final PeerInfo peer;
  private final ResponseDecoder decoder;
  private final CommandFlow flow;
  private final ArrayDeque<ImapClientEvent> events = new ArrayDeque<>();
  private final SessionOpening opening;
  private final CommandSender sender;
  private final ResponseDispatch dispatch;
  private ImapClientState state = ImapClientState.GREETING;
  private ClientMailbox mailbox;
  private ClientMailbox selecting;
  private final StreamPause pause = new StreamPause();
  private boolean compressed;
  private String logoutReason;
  private long deadline;
  private boolean timing;
  private int tags;

  ImapClientCore(ImapClientConfig config, EngineEnvironment env, PeerInfo peer) {
    this.config = config;
    this.env = env;
    this.peer = peer;
    this.decoder = new ResponseDecoder(config.limits());
    this.flow = new CommandFlow(config.maxInFlight());
    this.opening = new SessionOpening(this, config, peer.sessionId(),
        peer.security() == ConnectionSecurity.IMPLICIT_TLS);
    this.sender = new CommandSender(this, config.maxUndrainedOutput(), flow, peer.sessionId());
    this.dispatch = new ResponseDispatch(this, decoder, flow, peer.sessionId());
    arm();
  }

  ImapClientEvent nextEvent() {
    return events.poll();
  }

  ImapClientState state() {
    return state;
  }

  boolean closed() {
    return state == ImapClientState.CLOSED;
  }

  ImapClientConfig config() {
    return config;
  }

  SessionOpening opening() {
    return opening;
  }

  CommandSender sender() {
    return sender;
  }

  ResponseDispatch dispatch() {
    return dispatch;
  }

  /** {@return the pause for STARTTLS's handshake (RFC 9051 §6.2.1)} */
  StreamPause pause() {
    return pause;
  }

  /** {@return the selected mailbox, or null} */
  ClientMailbox mailbox() {
    return mailbox;
  }

  /** {@return the mailbox being selected, or null} */
  ClientMailbox selecting() {
    return selecting;
  }

  /** {@return the mailbox untagged updates apply to: the one being selected, else the selected one, or null} */
  ClientMailbox routedMailbox() {
    return selecting != null ? selecting : mailbox;
  }

  // ---- the engine contract -------------------------------------------------------------------------------------

  void receiveEnd() {
    if (state != ImapClientState.CLOSED) {
      boolean orderly = state == ImapClientState.LOGOUT && !flow.busy();
      close(orderly, (state == ImapClientState.LOGOUT ? "the server closed after LOGOUT"
          : "the server closed the connection") + (decoder.inResponse() ? " in mid-response" : ""));
    }
  }

  Status status() {
    if (state == ImapClientState.CLOSED) {
      return Status.CLOSED;
    }
    if (!events.isEmpty()) {
      return Status.HAS_EVENTS;
    }
    if (pause.isPaused()) {
      return Status.STREAM_CHANGE;
    }
    if (sender.awaitsContent()) {
      return Status.AWAITING_DECISION;
    }
    return sender.out().isOverLimit() ? Status.OUTPUT_FULL : Status.NEEDS_INPUT;
  }

  OptionalLong nextDeadline() {
    return timing && state != ImapClientState.CLOSED && !pause.isPaused() && status() != Status.AWAITING_DECISION
        ? OptionalLong.of(deadline) : OptionalLong.empty();
  }

  void onTimeout() {
    OptionalLong d = nextDeadline();
    if (d.isPresent() && env.now() - d.getAsLong() >= 0) {
      abort("no answer from the server within " + config.responseTimeout());
    }
  }

  Optional<StreamChange> pendingStreamChange() {
    return pause.pending();
  }

  void streamChanged(StreamLayer layer) {
    if (pause.pending().orElse(null) instanceof StreamChange.Compress) {
      if (!(layer instanceof StreamLayer.Deflate)) {
        throw new IllegalArgumentException("COMPRESS DEFLATE needs a deflate layer, not " + layer);
      }
      pause.resume();
      LOG.debug("[{}] compressing (RFC 4978)", peer.sessionId());
      compressed = true;
      opening.compressed();
      return;
    }
    TlsInfo info = pause.resumeWithTls(layer, "STARTTLS", state);
    LOG.debug("[{}] TLS established: {}", peer.sessionId(), info);
    opening.tlsEstablished();
  }

  void shutdown() {
    if (state != ImapClientState.CLOSED) {
      abort("the host is shutting down");
    }
  }

  // ---- what commands and responses change ----------------------------------------------------------------------

  /** SELECT or EXAMINE is sent: the old mailbox is deselected at once (RFC 9051 §6.3.2). */
  void selecting(AuthenticatedCommand.Select select) {
    selecting = new ClientMailbox(select.mailbox(), select.readOnly(), config.maxTrackedUids());
    mailbox = null;
  }

  /** IDLE's continuation came: the server may stay silent now (RFC 9051 §6.3.13). */
  void idleStarted(String tag) {
    sender.idleStarted(tag);
    timing = false;
    events.add(new ImapClientEvent.IdleStarted(tag));
  }

  /** {@code c} was answered: it no longer waits for its message or idles, and the timer restarts. */
  void answered(ClientCommand c) {
    sender.answered(c);
    arm();
  }

  /** SELECT or EXAMINE was answered; only OK selects (RFC 9051 §6.3.2). */
  void selectAnswered(boolean ok) {
    mailbox = ok ? selecting : null;
    selecting = null;
    transition(mailbox != null ? ImapClientState.SELECTED : ImapClientState.AUTHENTICATED);
  }

  /** CLOSE or UNSELECT was answered OK: no mailbox is selected. */
  void deselected() {
    mailbox = null;
    transition(ImapClientState.AUTHENTICATED);
  }

  /** LOGOUT was answered: the session ends in order. */
  void loggedOut() {
    close(true, logoutReason != null ? logoutReason : "LOGOUT answered");
  }

  /** After ENABLE: IMAP4rev2 and UTF8=ACCEPT make strings and mailbox names UTF-8 (RFC 9051 §6.3.1, RFC 6855 §3). */
  void enabledNow() {
    for (String c : opening.enabled()) {
      if (c.equals("IMAP4REV2") || c.equals("UTF8=ACCEPT")) {
        sender.utf8();
        decoder.setUtf8Names(true);
      }
    }
  }

  /** Starts the response timer if anything awaits an answer (the greeting, a command), else stops it. */
  void arm() {
    timing = state == ImapClientState.GREETING || flow.busy() && sender.idling() == null;
    if (timing) {
      deadline = env.now() + config.responseTimeout().toNanos();
    }
  }

  /**
   * Ends the session. A {@code TlsRequested} still queued is withdrawn: one {@code receive} may queue it and then
   * find the bytes after the OK to STARTTLS, and a host taking its events afterwards must not start TLS on a closed
   * engine.
   */
  void close(boolean orderly, String reason) {
    pause.cancel();
    timing = false;
    sender.closed();
    flow.drainWaiting();
    flow.drainInFlight();
    transition(ImapClientState.CLOSED);
    events.removeIf(e -> e instanceof ImapClientEvent.TlsRequested);
    events.add(new ImapClientEvent.Closed(orderly, reason));
  }

  // ---- ClientPort: what the session opening needs --------------------------------------------------------------

  @Override
  public String tag() {
    return "A" + (++tags);
  }

  @Override
  public void send(Command command) {
    sender.sendNow(command, true);
  }

  @Override
  public void sendLine(String line) {
    sender.out().writeAscii(line);
    sender.out().writeAscii("\r\n");
  }

  @Override
  public void event(ImapClientEvent event) {
    events.add(event);
  }

  @Override
  public void transition(ImapClientState to) {
    if (to != state && state != ImapClientState.CLOSED) {
      LOG.debug("[{}] IMAP client {} -> {}", peer.sessionId(), state, to);
      state = to;
    }
  }

  @Override
  public void startTls() {
    pause.pause(START_TLS);
    events.add(new ImapClientEvent.TlsRequested());
  }

  @Override
  public void compress() {
    pause.pause(new StreamChange.Compress("DEFLATE", true));
  }

  /** {@return whether the stream is compressed (COMPRESS, RFC 4978)} */
  boolean isCompressed() {
    return compressed;
  }

  @Override
  public void capabilitiesChanged(List<String> capabilities) {
    sender.capabilitiesChanged(opening);
  }

  @Override
  public void failLogout(String reason) {
    logoutReason = reason;
    sender.logoutNow(tag());
    transition(ImapClientState.LOGOUT);
  }

  @Override
  public void abort(String reason) {
    LOG.warn("[{}] IMAP session aborted: {}", peer.sessionId(), reason);
    close(false, reason);            // what was written stays for the host to drain (docs/architecture.md, "Output")
  }

  @Override
  public void ready() {
    enabledNow();
    sender.pump();
  }
}
