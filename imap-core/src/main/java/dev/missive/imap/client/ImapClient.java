package dev.missive.imap.client;

import dev.missive.imap.Flag;
import dev.missive.imap.client.internal.ClientCommand;
import dev.missive.imap.client.internal.ClientCommand.Kind;
import dev.missive.imap.command.Command;
import dev.missive.imap.protocol.ResponseDecoder;
import dev.missive.wire.ConnectionSecurity;
import dev.missive.wire.EngineEnvironment;
import dev.missive.wire.PeerInfo;
import dev.missive.wire.ProtocolEngine;
import dev.missive.wire.StreamChange;
import dev.missive.wire.StreamLayer;
import dev.missive.wire.TlsInfo;
import java.nio.ByteBuffer;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;

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
 *
 * <p>This class is the public face; the package-private {@code ImapClientCore} behind it owns the session's state,
 * its {@code CommandSender} writes the commands and its {@code ResponseDispatch} reads the responses
 * (docs/architecture.md, "State machines").
 */
public final class ImapClient extends ImapCommands implements ProtocolEngine {

  private final EngineEnvironment env;
  private final PeerInfo peer;
  private final ImapClientCore core;

  /**
   * Creates an engine for one connection; it waits for the server's greeting (RFC 9051 §7.1.1). A peer whose
   * security is {@link ConnectionSecurity#IMPLICIT_TLS} starts the session under TLS and never sends STARTTLS
   * (RFC 8314 §3, port 993); only the peer says so.
   *
   * @param config the client's configuration
   * @param env    the time and randomness the engine reads
   * @param peer   the server connected to, the session id every log line carries, the connection's security
   */
  public ImapClient(ImapClientConfig config, EngineEnvironment env, PeerInfo peer) {
    this.env = Objects.requireNonNull(env, "env");
    this.peer = Objects.requireNonNull(peer, "peer");
    this.core = new ImapClientCore(Objects.requireNonNull(config, "config"), env, peer);
  }

  /**
   * Creates an engine with a session id from the environment's random source.
   *
   * @param config the client's configuration
   * @param env    the time and randomness the engine reads
   */
  public ImapClient(ImapClientConfig config, EngineEnvironment env) {
    this(config, env, PeerInfo.of("server", ConnectionSecurity.PLAINTEXT, env));
  }

  // ---- host API ------------------------------------------------------------------------------------------------

  /**
   * {@return the next event, or {@code null} when there is none now} It never takes input (the
   * {@code ProtocolEngine} contract, "Events").
   */
  public ImapClientEvent nextEvent() {
    return core.nextEvent();
  }

  /** {@return the server connected to, with this session's id} */
  public PeerInfo peer() {
    return peer;
  }

  /** {@return where the session stands} */
  public ImapClientState state() {
    return core.state();
  }

  /** {@return the capabilities last reported; empty before any and after STARTTLS until asked again} */
  public Optional<List<String>> capabilities() {
    return Optional.ofNullable(core.opening().capabilities());
  }

  /**
   * Whether the server listed a capability.
   *
   * @param capability such as {@code MOVE} or {@code AUTH=PLAIN}, case-insensitive
   * @return whether it was listed
   */
  public boolean hasCapability(String capability) {
    return core.opening().has(capability);
  }

  /** {@return whether the session runs under TLS (implicit, or after STARTTLS)} */
  public boolean isTlsActive() {
    return core.opening().tls();
  }

  /** {@return whether the session is compressed (COMPRESS DEFLATE, RFC 4978; {@link ImapClientConfig.Builder#compress})} */
  public boolean isCompressionActive() {
    return core.isCompressed();
  }

  /** {@return the selected mailbox's view, or empty when none is selected} */
  public Optional<ClientMailbox> mailbox() {
    return Optional.ofNullable(core.mailbox());
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
    return core.sender().queue(tag -> new ClientCommand(tag, Kind.APPEND, null,
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
    core.sender().appendContent(content);
  }

  /**
   * Ends IDLE with {@code DONE} (RFC 9051 §6.3.13); the IDLE's {@link ImapClientEvent.Completed} follows.
   *
   * @throws IllegalStateException if the engine is not idling
   */
  public void idleDone() {
    core.sender().idleDone();
  }

  /** {@return the tag of the IDLE running, if the server is idling} */
  public Optional<String> idlingTag() {
    return Optional.ofNullable(core.sender().idling());
  }

  @Override
  String enqueue(Function<String, Command> make) {
    return core.sender().queue(tag -> ClientCommand.of(make.apply(tag), false));
  }

  // ---- ProtocolEngine ------------------------------------------------------------------------------------------

  @Override
  public void receive(ByteBuffer in) {
    core.dispatch().receive(in);
  }

  @Override
  public void receiveEnd() {
    core.receiveEnd();
  }

  @Override
  public boolean hasOutput() {
    return core.sender().out().hasOutput();
  }

  @Override
  public void drainOutput(ByteBuffer buffer) {
    core.sender().out().drainTo(buffer);
  }

  @Override
  public Status status() {
    return core.status();
  }

  @Override
  public OptionalLong nextDeadline() {
    return core.nextDeadline();
  }

  @Override
  public void onTimeout() {
    core.onTimeout();
  }

  @Override
  public Optional<StreamChange> pendingStreamChange() {
    return core.pendingStreamChange();
  }

  /**
   * {@inheritDoc} After STARTTLS the layer is the handshake's {@link TlsInfo}; the engine forgets the capabilities
   * it learnt in plaintext and asks for them again (RFC 9051 §6.2.1).
   */
  @Override
  public void streamChanged(StreamLayer layer) {
    core.streamChanged(Objects.requireNonNull(layer, "layer"));
  }

  @Override
  public EngineEnvironment environment() {
    return env;
  }

  /** Ends the session at once because the host is stopping: {@link ImapClientEvent.Closed}, not orderly. */
  @Override
  public void shutdown() {
    core.shutdown();
  }
}
