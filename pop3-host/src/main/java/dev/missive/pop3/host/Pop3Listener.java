package dev.missive.pop3.host;

import dev.missive.pop3.server.Pop3Handler;
import dev.missive.pop3.server.Pop3HandlerServer;
import dev.missive.pop3.server.Pop3ServerConfig;
import dev.missive.pop3.server.Pop3Session;
import dev.missive.transport.Connection;
import dev.missive.transport.EngineSession;
import dev.missive.transport.SessionErrorHandler;
import dev.missive.transport.TlsSettings;
import dev.missive.transport.TransportOptions;
import dev.missive.wire.EngineEnvironment;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.function.Function;

/**
 * A POP3 server (RFC 1939) over the user's storage in a few lines: one {@link Pop3Handler} per connection, made from
 * the connection's {@link Pop3Session}, driven by a {@link Pop3HandlerServer} on the library's blocking transport (or
 * Netty). STLS (RFC 2595 §4) is offered when TLS is given; {@link Builder#implicitTlsPort} adds a POP3S port
 * (RFC 8314 §3). {@link #close()} ends every session without UPDATE (RFC 1939 §6: nothing is deleted).
 *
 * <pre>{@code
 * try (Pop3Listener pop3 = Pop3Listener.builder("mail.example.org", session -> handler)
 *     .port(110)
 *     .tls(TlsSettings.fromKeyStore(Path.of("mail.p12"), password))
 *     .implicitTlsPort(995)
 *     .maxConnections(256, 16)
 *     .start()) {
 *   ...
 * }
 * }</pre>
 *
 * <p>Strict by default: USER/PASS and APOP-less plaintext logins are refused before TLS, also from loopback unless
 * {@link Builder#trustLoopback(boolean)}; bare CR or LF in commands follow {@link Pop3ServerConfig}'s policy.
 */
public final class Pop3Listener implements AutoCloseable {

  private final Listening plain;
  private final Listening implicit;

  private Pop3Listener(Listening plain, Listening implicit) {
    this.plain = plain;
    this.implicit = implicit;
  }

  /**
   * Starts describing a listener.
   *
   * @param hostname the server's name, in the greeting and the logs
   * @param handlers makes one connection's handler from its read-only session view
   * @return the builder
   */
  public static Builder builder(String hostname, Function<Pop3Session, Pop3Handler> handlers) {
    return new Builder(hostname, handlers);
  }

  /** {@return the bound port of the plaintext (STLS) listener} */
  public int port() {
    return plain.port();
  }

  /**
   * The bound implicit-TLS port.
   *
   * @return the port, or -1 if there is none
   */
  public int implicitTlsPort() {
    return implicit == null ? -1 : implicit.port();
  }

  /** {@return how many connections are open now, on both ports} */
  public int connections() {
    return plain.connections() + (implicit == null ? 0 : implicit.connections());
  }

  /** Stops accepting and ends every session without UPDATE (RFC 1939 §6), then closes the connections. */
  @Override
  public void close() throws IOException {
    try {
      plain.close();
    } finally {
      if (implicit != null) {
        implicit.close();
      }
    }
  }

  /** Describes a POP3 listener; {@link #start()} binds it. */
  public static final class Builder {
    private final Function<Pop3Session, Pop3Handler> handlers;
    private Pop3ServerConfig config;
    private InetAddress address = InetAddress.getLoopbackAddress();
    private int port = 110;
    private int implicitTlsPort = -1;
    private TlsSettings tls;
    private TransportOptions options = TransportOptions.defaults()
        .withOverLimitReply("-ERR [SYS/TEMP] Too many connections, try again later\r\n"); // RFC 3206 §4
    private Transport transport = Transport.BLOCKING;
    private SessionErrorHandler errors = SessionErrorHandler.LOG;
    private EngineEnvironment environment = EngineEnvironment.system();
    private boolean trustLoopback;

    private Builder(String hostname, Function<Pop3Session, Pop3Handler> handlers) {
      this.config = Pop3ServerConfig.builder().hostname(hostname).build();
      this.handlers = Objects.requireNonNull(handlers, "handlers");
    }

    /**
     * The engine's configuration (limits, SASL, greeting, line-ending policy); its hostname replaces the one given
     * to {@link Pop3Listener#builder}. STLS is offered exactly when {@link #tls} is set.
     *
     * @param config the configuration
     * @return this builder
     */
    public Builder config(Pop3ServerConfig config) {
      this.config = Objects.requireNonNull(config, "config");
      return this;
    }

    /**
     * The address to listen on; the loopback address by default.
     *
     * @param address the local address ({@code 0.0.0.0} or {@code ::} for every interface)
     * @return this builder
     */
    public Builder address(InetAddress address) {
      this.address = Objects.requireNonNull(address, "address");
      return this;
    }

    /**
     * The plaintext port, where STLS is offered if TLS is set (110 by default; 0 for any free port).
     *
     * @param port the port
     * @return this builder
     */
    public Builder port(int port) {
      this.port = checkPort(port);
      return this;
    }

    /**
     * Adds a POP3S port whose connections start with TLS (RFC 8314 §3; 995 is the registered one; 0 for any free
     * port); needs {@link #tls}.
     *
     * @param port the port
     * @return this builder
     */
    public Builder implicitTlsPort(int port) {
      this.implicitTlsPort = checkPort(port);
      return this;
    }

    /**
     * The server's TLS (from an {@code SSLContext}: {@link TlsSettings#of}; from a key store:
     * {@link TlsSettings#fromKeyStore}); STLS is offered once it is set.
     *
     * @param settings the TLS context and parameters
     * @return this builder
     */
    public Builder tls(TlsSettings settings) {
      this.tls = Objects.requireNonNull(settings, "settings");
      return this;
    }

    /**
     * The most connections at once, in total and from one client address; more are told
     * {@code -ERR [SYS/TEMP]} (RFC 3206 §4) and closed. 256 and 256 by default.
     *
     * @param total      the most connections in total
     * @param perAddress the most from one client address
     * @return this builder
     */
    public Builder maxConnections(int total, int perAddress) {
      this.options = options.withMaxConnections(total, perAddress);
      return this;
    }

    /**
     * All transport options at once (handshake and write deadlines, limits, over-limit reply).
     *
     * @param options the options
     * @return this builder
     */
    public Builder options(TransportOptions options) {
      this.options = Objects.requireNonNull(options, "options");
      return this;
    }

    /**
     * Which transport runs the listener; {@link Transport#BLOCKING} by default.
     *
     * @param transport the transport
     * @return this builder
     */
    public Builder transport(Transport transport) {
      this.transport = Objects.requireNonNull(transport, "transport");
      return this;
    }

    /**
     * The hook told of sessions that fail (a handler's exception is answered by the engine and logged with the
     * session id; this hook sees what escapes the engine); logging at WARN by default.
     *
     * @param handler the hook
     * @return this builder
     */
    public Builder onError(SessionErrorHandler handler) {
      this.errors = Objects.requireNonNull(handler, "handler");
      return this;
    }

    /**
     * Whether a client on this machine counts as a secure channel, so USER/PASS work without STLS (Dovecot's rule);
     * false by default.
     *
     * @param trust whether loopback clients are trusted
     * @return this builder
     */
    public Builder trustLoopback(boolean trust) {
      this.trustLoopback = trust;
      return this;
    }

    /**
     * The engines' time and randomness ({@link EngineEnvironment#system()} by default; tests pass a manual clock).
     *
     * @param environment the environment every engine reads
     * @return this builder
     */
    public Builder environment(EngineEnvironment environment) {
      this.environment = Objects.requireNonNull(environment, "environment");
      return this;
    }

    /**
     * Binds the port(s) and starts accepting.
     *
     * @return the running listener
     * @throws IOException           if a port cannot be bound
     * @throws IllegalStateException if an implicit-TLS port is asked for without TLS, or Netty without
     *                               {@code transport-netty} on the path
     */
    public Pop3Listener start() throws IOException {
      if (implicitTlsPort >= 0 && tls == null) {
        throw new IllegalStateException("an implicit-TLS port needs tls(...)");
      }
      Pop3ServerConfig engineConfig = config.toBuilder().stlsAvailable(tls != null).build();
      Pop3ServerConfig implicitConfig = config.toBuilder().stlsAvailable(false).build();
      Listening plain = Listening.start(transport, "pop3", new InetSocketAddress(address, port), tls, false, options,
          errors, c -> session(engineConfig, c));
      if (implicitTlsPort < 0) {
        return new Pop3Listener(plain, null);
      }
      try {
        Listening implicit = Listening.start(transport, "pop3s", new InetSocketAddress(address, implicitTlsPort), tls,
            true, options.withOverLimitReply(""), errors, c -> session(implicitConfig, c));
        return new Pop3Listener(plain, implicit);
      } catch (IOException | RuntimeException e) {
        plain.close();
        throw e;
      }
    }

    private EngineSession session(Pop3ServerConfig engineConfig, Connection c) {
      return EngineSession.of(new Pop3HandlerServer(engineConfig, environment, c.peer(trustLoopback), handlers));
    }

    private static int checkPort(int port) {
      if (port < 0 || port > 65_535) {
        throw new IllegalArgumentException("a port from 0 to 65535: " + port);
      }
      return port;
    }
  }
}
