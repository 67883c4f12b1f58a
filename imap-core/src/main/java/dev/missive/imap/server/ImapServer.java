package dev.missive.imap.server;

import dev.missive.imap.Flag;
import dev.missive.imap.ResponseCode;
import dev.missive.imap.mailbox.UidSet;
import dev.missive.imap.response.FetchAttribute;
import dev.missive.imap.response.UntaggedResponse;
import dev.missive.wire.ConnectionSecurity;
import dev.missive.wire.EngineEnvironment;
import dev.missive.wire.ForwardingEngine;
import dev.missive.wire.PeerInfo;
import dev.missive.wire.StreamChange;
import dev.missive.wire.StreamLayer;
import dev.missive.wire.TlsInfo;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
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
 * sent after the command is discarded (RFC 9051 §6.2.1, CVE-2011-0411; docs/security.md, "STARTTLS injection"):
 * the layer {@link #streamChanged} then reports is the handshake's {@link TlsInfo}, and the session stays not
 * authenticated. After COMPRESS it is {@link StreamLayer.Deflate} and the session goes on compressed where it was
 * (RFC 4978 §3). {@link #shutdown()} ends the session with {@code * BYE} (RFC 9051 §7.1.5).
 *
 * <p><b>The selected mailbox</b> is the engine's {@link dev.missive.imap.mailbox.MailboxView}: the host reports
 * what changed in the store at any time, as its {@link MailboxListener} ({@link #messageAdded(long)},
 * {@link #messageExpunged(long)}, {@link #flagsChanged(long, List)}), and the engine tells the client only when
 * RFC 9051 §7.5.1 allows: at once during IDLE, before a command's completion otherwise, never an EXPUNGE during
 * FETCH, STORE or SEARCH. Messages expunged elsewhere but not announced keep their numbers; FETCH and STORE leave
 * them out and complete with {@code NO [EXPUNGEISSUED]}, COPY and MOVE refuse (RFC 2180 §4.1, §4.4, RFC 5530 §3).
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
public final class ImapServer extends ForwardingEngine implements MailboxListener {

  static final Logger LOG = LoggerFactory.getLogger(ImapServer.class);

  private final ServerSession s;
  private final HostAnswers answers;

  /**
   * Starts a session and queues the greeting {@code * OK [CAPABILITY ...]} (RFC 9051 §7.1.1).
   *
   * @param config      the server configuration
   * @param environment clock, monotonic time and randomness (docs/architecture.md, "Determinism")
   * @param peer        the client's address, the session id every log line carries, and whether the connection is
   *                    plaintext, trusted or implicit TLS
   */
  public ImapServer(ImapServerConfig config, EngineEnvironment environment, PeerInfo peer) {
    this(new ServerSession(config, environment, peer));
  }

  private ImapServer(ServerSession session) {
    super(session);
    this.s = session;
    this.answers = new HostAnswers(session);
  }

  // ---------------------------------------------------------------- queries

  /** {@return the session's state} */
  public ImapState state() {
    return s.state;
  }

  /** {@return whether DEFLATE compression is in place (after COMPRESS, RFC 4978)} */
  public boolean isCompressionActive() {
    return s.compression.active();
  }

  /** {@return whether TLS is in place (implicit or after STARTTLS)} */
  public boolean isTlsActive() {
    return s.tlsActive;
  }

  /** {@return whether LOGIN and plaintext SASL mechanisms are allowed now (RFC 9051 §6.2.3)} */
  public boolean plaintextLoginAllowed() {
    return s.plaintextLoginAllowed();
  }

  /** {@return whether the client enabled IMAP4rev2 (RFC 9051 Appendix A)} */
  public boolean isRev2() {
    return s.rev2;
  }

  /** {@return whether mailbox names and strings are UTF-8 (IMAP4rev2 or UTF8=ACCEPT enabled, RFC 6855 §3)} */
  public boolean isUtf8() {
    return s.isUtf8();
  }

  /** {@return the selected mailbox's name, if one is selected} */
  public Optional<String> selectedMailbox() {
    return s.selected == null ? Optional.empty() : Optional.of(s.selected.mailbox);
  }

  /**
   * The sequence number of a message of the selected mailbox in the client's numbering, for SEARCH hosts.
   *
   * @param uid the message's UID
   * @return its sequence number, or 0 when the client does not know it or no mailbox is selected
   */
  public long sequenceNumber(long uid) {
    return s.selected == null ? 0 : s.selected.view.seqOf(uid);
  }

  /** {@return the capabilities advertised now} */
  public List<String> capabilityList() {
    return s.capabilityList();
  }

  /**
   * {@return the next event, or {@code null} when there is none now} It never takes input (the
   * {@code ProtocolEngine} contract, "Events").
   */
  public ImapServerEvent nextEvent() {
    return s.events.poll();
  }

  // ---------------------------------------------------------------- host answers

  /** {@return the event the engine waits for the host to answer, if any} */
  public Optional<ImapServerEvent.DecisionRequired> pendingDecision() {
    return answers.pendingDecision();
  }

  /**
   * Accepts a {@link ImapServerEvent.LoginRequested} (the session is authenticated) or an
   * {@link ImapServerEvent.AppendStarted} (its octets follow).
   *
   * @throws IllegalStateException    if no decision is pending
   * @throws IllegalArgumentException if the pending event is another one
   */
  public void accept() {
    answers.accept();
  }

  /** Rejects the pending decision with its standard {@code NO} (see {@link #reject(ResponseCode, String)}). */
  public void reject() {
    answers.reject();
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
    answers.reject(code, text);
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
    answers.respond(response);
  }

  /** Completes the pending command with {@code OK} and the standard text. */
  public void complete() {
    answers.complete(null, null);
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
    answers.complete(code, text);
  }

  /**
   * Answers {@link ImapServerEvent.SelectRequested}: the mailbox is selected with these messages.
   *
   * @param mailbox the mailbox's state
   */
  public void selected(SelectedMailbox mailbox) {
    Objects.requireNonNull(mailbox, "mailbox");
    answers.selected(mailbox);
  }

  /**
   * Answers {@link ImapServerEvent.SearchRequested} with the matching messages; the engine writes the response
   * and completes the command.
   *
   * @param matches the UIDs of the matching messages
   */
  public void searchResult(UidSet matches) {
    searchResult(matches, 0);
  }

  /**
   * Answers {@link ImapServerEvent.SearchRequested} with the matching messages and their highest mod-sequence, which
   * the answer carries when the search used the MODSEQ key ({@code (MODSEQ n)}, RFC 7162 §3.1.5).
   *
   * @param matches       the UIDs of the matching messages
   * @param highestModSeq the highest mod-sequence among them, 0 when none or the store keeps none
   */
  public void searchResult(UidSet matches, long highestModSeq) {
    Objects.requireNonNull(matches, "matches");
    answers.searchResult(matches, highestModSeq);
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
    answers.fetchBegin(uid);
  }

  /**
   * Writes one data item of the open FETCH response (not {@code UID}, which the engine writes).
   *
   * @param attribute the item; section contents larger than zero go through {@link #fetchContentHeader}
   */
  public void fetchAttribute(FetchAttribute attribute) {
    answers.fetchAttribute(attribute);
  }

  /**
   * Announces a section content of the open FETCH response; exactly its size in octets must follow through
   * {@link #fetchContent(ByteBuffer)}.
   *
   * @param content  the item with its size
   * @param literal8 whether it goes as a literal8 (BINARY content with NUL, RFC 3516 §4.2)
   */
  public void fetchContentHeader(FetchAttribute.Content content, boolean literal8) {
    answers.fetchContentHeader(content, literal8);
  }

  /**
   * Writes the next octets of the announced content; call it while {@link #wantsContent()} and drain in between.
   *
   * @param octets the octets; consumed whole
   */
  public void fetchContent(ByteBuffer octets) {
    answers.fetchContent(octets);
  }

  /** Ends the open FETCH response. */
  public void fetchEnd() {
    answers.fetchEnd();
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

  /**
   * Writes {@code * VANISHED (EARLIER) uids} (RFC 7162 §3.2.10) for the pending QRESYNC resynchronisation of a SELECT
   * (§3.2.5.1) or UID FETCH with the VANISHED modifier (§3.2.6), before its FETCH responses: UIDs expunged since the
   * client's mod-sequence. UIDs the client never knew may be among them (it ignores those); long sets go out as
   * several responses of bounded length.
   *
   * @param uids the expunged UIDs, possibly empty (then nothing is written)
   * @throws IllegalStateException    if nothing is pending or a FETCH response is open
   * @throws IllegalArgumentException if the pending command asked for no VANISHED
   */
  public void vanishedEarlier(UidSet uids) {
    Objects.requireNonNull(uids, "uids");
    answers.vanishedEarlier(uids);
  }

  /**
   * {@return whether the host may write more FETCH content or responses now: a FETCH or a SELECT's QRESYNC
   * resynchronisation is pending and the output is under its limit}
   */
  public boolean wantsContent() {
    return answers.wantsContent();
  }

  // ---- what changed in the store: the client learns of it when RFC 9051 §7.5.1 allows ----

  /** {@inheritDoc} This session's own arrivals (APPEND or COPY to the selected mailbox) are reported too. */
  @Override
  public void messageAdded(long uid) {
    messageAdded(uid, false);
  }

  /**
   * {@inheritDoc} An IMAP4rev1 client gets the new count of recent messages with the EXISTS that announces it (RFC
   * 3501 §7.3.2).
   */
  @Override
  public void messageAdded(long uid, boolean recent) {
    answers.messageAdded(uid, recent);
  }

  /** {@inheritDoc} This session's own expunges (EXPUNGE, CLOSE, MOVE) are reported too. */
  @Override
  public void messageExpunged(long uid) {
    answers.messageExpunged(uid, 0);
  }

  @Override
  public void messageExpunged(long uid, long modSeq) {
    answers.messageExpunged(uid, modSeq);
  }

  /** {@inheritDoc} The client gets a FETCH with them (and the UID, RFC 9051 §7.5.2). */
  @Override
  public void flagsChanged(long uid, List<Flag> flags) {
    answers.flagsChanged(uid, flags, 0);
  }

  @Override
  public void flagsChanged(long uid, List<Flag> flags, long modSeq) {
    answers.flagsChanged(uid, flags, modSeq);
  }

  /**
   * Whether CONDSTORE is enabled (RFC 7162 §3.1): then every FETCH response the host writes for STORE, or for a
   * FETCH that set {@code \Seen}, carries {@link FetchAttribute.ModSeq} (the engine writes the UID).
   *
   * @return whether the client enabled CONDSTORE, explicitly or by a CONDSTORE enabling command
   */
  public boolean isCondstoreEnabled() {
    return s.condstore.enabled;
  }

  /** {@return whether the client enabled QRESYNC (RFC 7162 §3.2.3)} */
  public boolean isQresyncEnabled() {
    return s.condstore.qresync;
  }

  /** {@return the session state, which the handler facade's classes read (its id, configuration, output)} */
  ServerSession session() {
    return s;
  }
}
