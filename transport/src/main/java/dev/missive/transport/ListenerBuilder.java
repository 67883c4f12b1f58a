package dev.missive.transport;

import dev.missive.wire.EngineEnvironment;
import dev.missive.wire.PeerInfo;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * What every protocol listener's builder has, whatever the protocol: where to listen (an address, a plaintext port,
 * an optional implicit-TLS port, RFC 8314 §3), the TLS, the connection limits, the transport and its executor, the
 * error hook, whether loopback clients are trusted, the trusted proxies (PROXY protocol) and the engines'
 * environment. A protocol's builder adds its engine configuration and says how one connection's session is made
 * ({@link #sessions()}).
 *
 * <p>Strict by default: the loopback address only, no TLS (so no STARTTLS/STLS), plaintext logins refused before TLS
 * also from loopback ({@link #trustLoopback(boolean)} changes that), 256 connections in total and from one address.
 *
 * @param <B> the concrete builder, returned by every setter
 * @param <L> the listener it starts
 */
public abstract class ListenerBuilder<B extends ListenerBuilder<B, L>, L extends Listener> {

  private final String name;
  private InetAddress address = InetAddress.getLoopbackAddress();
  private int port;
  private int implicitTlsPort = -1;
  private TlsSettings tls;
  private TransportOptions options;
  private Transport transport = Transport.BLOCKING;
  private Executor executor;
  private SessionErrorHandler errors = SessionErrorHandler.LOG;
  private EngineEnvironment environment = EngineEnvironment.system();
  private boolean trustLoopback;
  private ProxyProtocol proxies;

  /**
   * Starts a description with the protocol's defaults.
   *
   * @param name           a label for logs and session ids ("smtp", "pop3", "imap"); the implicit-TLS port's is
   *                       this with an {@code s}
   * @param defaultPort    the registered plaintext port (25, 110, 143)
   * @param overLimitReply what a plaintext connection over a limit is told before it is closed, with its CRLF
   */
  protected ListenerBuilder(String name, int defaultPort, String overLimitReply) {
    this.name = ServerBuilder.checkName(name);
    this.port = checkPort(defaultPort);
    this.options = TransportOptions.defaults().withOverLimitReply(overLimitReply);
  }

  /** {@return this builder as its concrete type} */
  protected abstract B self();

  /**
   * How one connection's session is made, decided once at {@link #start()} from this builder's settings (the
   * engine configuration with STARTTLS/STLS offered exactly when {@link #hasTls()}, say).
   *
   * @return makes the session of an accepted connection; {@link Connection#implicitTls()} tells the two ports apart
   * @throws IllegalStateException if the settings do not fit together
   */
  protected abstract Function<Connection, EngineSession> sessions();

  /**
   * Wraps the bound servers into the protocol's listener.
   *
   * @param plain    the plaintext port's server
   * @param implicit the implicit-TLS port's server, or null
   * @return the listener
   */
  protected abstract L create(RunningServer plain, RunningServer implicit);

  /**
   * The address to listen on; the loopback address by default.
   *
   * @param address the local address ({@code 0.0.0.0} or {@code ::} for every interface)
   * @return this builder
   */
  public B address(InetAddress address) {
    this.address = Objects.requireNonNull(address, "address");
    return self();
  }

  /**
   * The plaintext port, where STARTTLS/STLS is offered if TLS is set (the protocol's registered port by default;
   * 0 for any free port).
   *
   * @param port the port
   * @return this builder
   */
  public B port(int port) {
    this.port = checkPort(port);
    return self();
  }

  /**
   * Adds a port whose connections start with TLS (RFC 8314 §3: 465 for submission, 993 for IMAP, 995 for POP3; 0 for
   * any free port); needs {@link #tls}.
   *
   * @param port the port
   * @return this builder
   */
  public B implicitTlsPort(int port) {
    this.implicitTlsPort = checkPort(port);
    return self();
  }

  /**
   * The server's TLS (from an {@code SSLContext}: {@link TlsSettings#of}; from a key store:
   * {@link TlsSettings#fromKeyStore}); STARTTLS/STLS is offered once it is set.
   *
   * @param settings the TLS context and parameters
   * @return this builder
   */
  public B tls(TlsSettings settings) {
    this.tls = Objects.requireNonNull(settings, "settings");
    return self();
  }

  /**
   * The most connections at once, in total and from one client address; more are told the protocol's over-limit
   * reply and closed. 256 and 256 by default.
   *
   * @param total      the most connections in total
   * @param perAddress the most from one client address
   * @return this builder
   */
  public B maxConnections(int total, int perAddress) {
    this.options = options.withMaxConnections(total, perAddress);
    return self();
  }

  /**
   * All transport options at once (handshake and write deadlines, limits, over-limit reply); this replaces the
   * protocol's over-limit reply with the one in {@code options}.
   *
   * @param options the options
   * @return this builder
   */
  public B options(TransportOptions options) {
    this.options = Objects.requireNonNull(options, "options");
    return self();
  }

  /**
   * Which transport runs the listener; {@link Transport#BLOCKING} by default. {@link Transport#NETTY} needs the
   * {@code transport-netty} artifact and calls the protocol's handler on the connection's event loop, so a handler
   * that blocks (a disk write, a database call) holds every connection of that loop meanwhile: keep the blocking
   * transport for such handlers, or answer from other threads through the raw engines and {@code NettyServer}.
   *
   * @param transport the transport
   * @return this builder
   */
  public B transport(Transport transport) {
    this.transport = Objects.requireNonNull(transport, "transport");
    return self();
  }

  /**
   * Where the blocking transport runs connections, one task each; by default virtual threads on Java 21 and later,
   * else a pool of at most the connection limit. Never shut down by the listener. Netty runs sessions on its event
   * loops: {@link #start()} refuses an executor with {@link Transport#NETTY}.
   *
   * @param executor runs one task per connection
   * @return this builder
   */
  public B executor(Executor executor) {
    this.executor = Objects.requireNonNull(executor, "executor");
    return self();
  }

  /**
   * The hook told of sessions that fail (a handler's exception is answered by the engine and logged with the
   * session id; this hook sees what escapes the engine); logging at WARN by default.
   *
   * @param handler the hook
   * @return this builder
   */
  public B onError(SessionErrorHandler handler) {
    this.errors = Objects.requireNonNull(handler, "handler");
    return self();
  }

  /**
   * Whether a client on this machine counts as a secure channel, so plaintext logins work there without
   * STARTTLS/STLS (Dovecot's rule; docs/security.md, "Logins before TLS"); false by default.
   *
   * @param trust whether loopback clients are trusted
   * @return this builder
   */
  public B trustLoopback(boolean trust) {
    this.trustLoopback = trust;
    return self();
  }

  /**
   * The engines' time and randomness ({@link EngineEnvironment#system()} by default; tests pass a manual clock).
   *
   * @param environment the environment every engine reads
   * @return this builder
   */
  public B environment(EngineEnvironment environment) {
    this.environment = Objects.requireNonNull(environment, "environment");
    return self();
  }

  /**
   * The proxies (HAProxy, nginx) in front of this listener: every connection from their addresses, on every port,
   * must begin with a PROXY protocol header (version 1 or 2) naming the real client, which is then the connection's
   * {@link Connection#remote()} for the engine, the per-address limit and the logs; a connection from elsewhere is
   * served as it is. None by default. See {@link ProxyProtocol}.
   *
   * @param settings the trusted proxies and the header's deadline and maximum
   * @return this builder
   */
  public B proxyProtocol(ProxyProtocol settings) {
    this.proxies = Objects.requireNonNull(settings, "settings");
    return self();
  }

  /** {@return whether TLS is set, so STARTTLS/STLS can be offered} */
  protected final boolean hasTls() {
    return tls != null;
  }

  /** {@return the engines' environment} */
  protected final EngineEnvironment engineEnvironment() {
    return environment;
  }

  /**
   * What a connection's engine is told about its peer: plaintext, trusted (a loopback client where
   * {@link #trustLoopback(boolean)}) or implicit TLS.
   *
   * @param connection the accepted connection
   * @return the engine's peer information
   */
  protected final PeerInfo peer(Connection connection) {
    return connection.peer(trustLoopback);
  }

  /** {@return whether loopback clients count as a secure channel} */
  protected final boolean trustsLoopback() {
    return trustLoopback;
  }

  /**
   * Binds the port(s) and starts accepting.
   *
   * @return the running listener
   * @throws IOException           if a port cannot be bound
   * @throws IllegalStateException if an implicit-TLS port is asked for without TLS, an executor with Netty, Netty
   *                               without {@code transport-netty} on the path, or the protocol's settings do not fit
   */
  public final L start() throws IOException {
    if (implicitTlsPort >= 0 && tls == null) {
      throw new IllegalStateException("an implicit-TLS port needs tls(...)");
    }
    if (executor != null && transport != Transport.BLOCKING) {
      throw new IllegalStateException("executor(...) is for Transport.BLOCKING; Netty runs sessions on its event loops");
    }
    Function<Connection, EngineSession> sessions = sessions();
    RunningServer plain = bind(name, port, false, sessions);
    if (implicitTlsPort < 0) {
      return create(plain, null);
    }
    try {
      return create(plain, bind(name + "s", implicitTlsPort, true, sessions));
    } catch (IOException | RuntimeException e) {
      plain.close();
      throw e;
    }
  }

  private RunningServer bind(String label, int at, boolean implicit, Function<Connection, EngineSession> sessions)
      throws IOException {
    ServerBuilder<?> b = transport.server(label, sessions).bind(new InetSocketAddress(address, at))
        .implicitTls(implicit).options(options).onError(errors);
    if (tls != null) {
      b.tls(tls);
    }
    if (proxies != null) {
      b.proxyProtocol(proxies);
    }
    if (executor != null) {
      ((BlockingServer.Builder) b).executor(executor);
    }
    return b.start();
  }

  private static int checkPort(int port) {
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("a port from 0 to 65535: " + port);
    }
    return port;
  }
}
