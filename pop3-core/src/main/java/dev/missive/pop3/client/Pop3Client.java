package dev.missive.pop3.client;

import dev.missive.pop3.Capability;
import dev.missive.pop3.client.internal.ClientCommand;
import dev.missive.wire.ConnectionSecurity;
import dev.missive.wire.EngineEnvironment;
import dev.missive.wire.PeerInfo;
import dev.missive.wire.StreamLayer;
import dev.missive.wire.TlsInfo;
import dev.missive.wire.TlsPolicy;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The sans-IO POP3 client engine (RFC 1939, with RFC 2449 CAPA, PIPELINING and response codes, RFC 2595 STLS,
 * RFC 8314 implicit TLS and RFC 5034 AUTH).
 *
 * <p>The engine reads the greeting, asks for the capabilities, upgrades with STLS and logs in as its
 * {@link Pop3ClientConfig} says, then sends the commands the host queued ({@link #stat()}, {@link #list()},
 * {@link #uidl()}, {@link #retrieve(int)}, {@link #top(int, int)}, {@link #delete(int)}, {@link #reset()},
 * {@link #noop()}, {@link #quit()}) in order, one at a time or pipelined when the server lists PIPELINING, and
 * reports the answers as {@link Pop3ClientEvent}s. Message content is streamed as un-stuffed slices. A status
 * line that is not {@code +OK}/{@code -ERR}, a line over the limit, an answer nobody asked for, a timeout, or any
 * byte after the {@code +OK} to STLS (docs/security.md, "Replies injected before the client's handshake") ends the
 * session at once; a failed login or missing STLS under {@link TlsPolicy#REQUIRED} ends it with QUIT. Commands the
 * engine wrote before it ended the session stay in its output for the host to drain, as every engine's output does
 * (docs/architecture.md, "Output"). Events must be taken before more input is consumed: {@code receive} stops at
 * the first and {@link #wantsInput()} is false while any is pending, so content slices stay valid until the host
 * reuses its buffer.
 *
 * <p>This class is the public face; the package-private {@code Pop3ClientCore} behind it owns the session's state
 * (docs/architecture.md, "State machines"), decomposed as the SMTP client is: the engine and its core, the session
 * opening, the transaction answers, the response reader and wire's command pipeline.
 */
public final class Pop3Client extends Pop3Commands {

  private final PeerInfo peer;
  private final Pop3ClientCore core;

  /**
   * Creates an engine for a plaintext connection, with a session id from the environment's random source; it waits
   * for the server's greeting (RFC 1939 §4). For implicit TLS, pass a {@link PeerInfo} whose security is
   * {@link ConnectionSecurity#IMPLICIT_TLS}.
   *
   * @param config the client's configuration
   * @param env    the time and randomness the engine reads
   */
  public Pop3Client(Pop3ClientConfig config, EngineEnvironment env) {
    this(config, env, PeerInfo.of("server", ConnectionSecurity.PLAINTEXT, env));
  }

  /**
   * Creates an engine for one connection; it waits for the server's greeting (RFC 1939 §4). Every log line carries
   * the peer's session id; a peer whose security is {@link ConnectionSecurity#IMPLICIT_TLS} starts the session as
   * under TLS and never sends STLS (RFC 8314 §3.3, port 995).
   *
   * @param config the client's configuration
   * @param env    the time and randomness the engine reads
   * @param peer   the server connected to, the session id and the connection's security
   */
  public Pop3Client(Pop3ClientConfig config, EngineEnvironment env, PeerInfo peer) {
    this(new Pop3ClientCore(Objects.requireNonNull(config, "config"), Objects.requireNonNull(env, "env"),
        Objects.requireNonNull(peer, "peer")), peer);
  }

  private Pop3Client(Pop3ClientCore core, PeerInfo peer) {
    super(core);
    this.core = core;
    this.peer = peer;
  }

  // ---- host API ------------------------------------------------------------------------------------------------

  /**
   * {@return the next event, or {@code null} when there is none now} It never takes input (the
   * {@code ProtocolEngine} contract, "Events").
   */
  public Pop3ClientEvent nextEvent() {
    return core.nextEvent();
  }

  /** {@return the server connected to, with this session's id} */
  public PeerInfo peer() {
    return peer;
  }

  /**
   * Where the session stands.
   *
   * @return the current state
   */
  public Pop3ClientState state() {
    return core.state();
  }

  /** {@return the capabilities of the last CAPA answer; empty before it and after the TLS handshake until the next} */
  public Optional<List<Capability>> capabilities() {
    return Optional.ofNullable(core.opening().capabilities());
  }

  /** {@return whether the session runs under TLS (implicit, or after STLS)} */
  public boolean isTlsActive() {
    return core.opening().tls();
  }

  @Override
  void enqueue(ClientCommand c) {
    core.enqueue(c);
  }

  // ---- ProtocolEngine (forwarded to the core) --------------------------------------------------------------------

  /**
   * {@inheritDoc} After STLS the layer is the handshake's {@link TlsInfo}; the engine forgets the capabilities it
   * learnt in plaintext and asks for them again (RFC 2595 §4).
   */
  @Override
  public void streamChanged(StreamLayer layer) {
    super.streamChanged(layer);
  }

  /**
   * Ends the session at once because the host is stopping: {@link Pop3ClientEvent.Closed}, not orderly. No QUIT is
   * sent, so the server does not enter UPDATE and deletes nothing (RFC 1939 §6).
   */
  @Override
  public void shutdown() {
    super.shutdown();
  }
}
