package dev.missive.smtp.host;

import dev.missive.smtp.SmtpExtension;
import dev.missive.smtp.server.SmtpHandler;
import dev.missive.smtp.server.SmtpHandlerServer;
import dev.missive.smtp.server.SmtpServerConfig;
import dev.missive.smtp.server.SmtpSession;
import dev.missive.transport.Connection;
import dev.missive.transport.EngineSession;
import dev.missive.transport.Listener;
import dev.missive.transport.ListenerBuilder;
import dev.missive.transport.RunningServer;
import java.net.InetAddress;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * An SMTP server (RFC 5321) or message submission agent (RFC 6409) in a few lines: one {@link SmtpHandler} per
 * connection, made from the connection's read-only {@link SmtpSession}, driven by an {@link SmtpHandlerServer} on the
 * library's blocking transport (or Netty, {@link dev.missive.transport.Transport#NETTY}). STARTTLS (RFC 3207) is
 * offered when TLS is given; {@link Builder#implicitTlsPort} adds a port whose connections start with TLS (465,
 * RFC 8314 §3.3); {@link Builder#submission(boolean)} requires AUTH before MAIL (RFC 6409 §4.3). {@link #close()}
 * answers every session {@code 421 4.3.2} (RFC 5321 §3.8) before it closes the connection.
 *
 * <pre>{@code
 * try (SmtpListener smtp = SmtpListener.builder("mx.example.org", session -> handler)
 *     .port(25)
 *     .tls(TlsSettings.fromKeyStore(Path.of("mail.p12"), password))
 *     .maxConnections(256, 16)
 *     .start()) {
 *   ...
 * }
 * }</pre>
 *
 * <p>Strict by default: AUTH mechanisms that send secrets in the clear (PLAIN, LOGIN) are neither offered nor
 * accepted before TLS, also from loopback unless {@link Builder#trustLoopback(boolean)}; bare CR or LF in commands
 * and message data are refused ({@link SmtpServerConfig#bareLineEndings()}); every session limit is in
 * {@link SmtpServerConfig#limits()}. Behind proxies: {@link Builder#proxyProtocol} for a TCP proxy's PROXY header,
 * {@link Builder#xclientProxies} for an SMTP proxy's XCLIENT and XFORWARD (Postfix's).
 */
public final class SmtpListener extends Listener {

  private SmtpListener(RunningServer plain, RunningServer implicit) {
    super(plain, implicit);
  }

  /**
   * Starts describing a listener on port 25 of the loopback address.
   *
   * @param hostname the server's name, in the greeting, EHLO, {@code Received:} and the logs
   * @param handlers makes one connection's handler from its read-only session view
   * @return the builder
   */
  public static Builder builder(String hostname, Function<SmtpSession, SmtpHandler> handlers) {
    return new Builder(hostname, handlers);
  }

  /**
   * Describes an SMTP listener; {@link #start()} binds it. Connections over the limits are told
   * {@code 421 4.7.0} (RFC 5321 §3.8, RFC 3463) and closed.
   */
  public static final class Builder extends ListenerBuilder<Builder, SmtpListener> {
    private final String hostname;
    private final Function<SmtpSession, SmtpHandler> handlers;
    private SmtpServerConfig config;
    private boolean submission;
    private Set<InetAddress> xclientProxies = Set.of();

    private Builder(String hostname, Function<SmtpSession, SmtpHandler> handlers) {
      super("smtp", 25, "421 4.7.0 " + hostname + " Too many connections, try again later\r\n");
      this.config = SmtpServerConfig.defaults(hostname);
      this.hostname = hostname;
      this.handlers = Objects.requireNonNull(handlers, "handlers");
    }

    @Override
    protected Builder self() {
      return this;
    }

    /**
     * The engine's configuration (extensions, AUTH mechanisms, limits, bare CR/LF policy, reply texts); its host name
     * is replaced by the listener's. STARTTLS is offered exactly when {@link #tls} is set, so its
     * {@code tlsAvailable} is set by the listener too.
     *
     * @param config the configuration
     * @return this builder
     */
    public Builder config(SmtpServerConfig config) {
      this.config = Objects.requireNonNull(config, "config");
      return this;
    }

    /**
     * Makes this a message submission agent (RFC 6409; ports 587 with STARTTLS and 465 with implicit TLS, RFC 8314
     * §3.3): MAIL is refused {@code 530 5.7.0} until the client has authenticated (RFC 6409 §4.3, RFC 4954 §6). Needs
     * AUTH mechanisms in {@link #config}. False by default (a relay or final-delivery MTA on port 25).
     *
     * @param on whether AUTH is required before MAIL
     * @return this builder
     */
    public Builder submission(boolean on) {
      this.submission = on;
      return this;
    }

    /**
     * The SMTP proxies (nginx's mail proxy, a content filter) that may name the client with Postfix's XCLIENT and
     * XFORWARD, matched by the address their connections come from (the proxy's own, also when it begins with a
     * PROXY header, {@link #proxyProtocol}); EHLO offers both to them only, everyone else is answered
     * {@code 550 5.7.0}. None by default. Never a TCP proxy such as HAProxy: it passes its clients' own commands, so
     * any client could name any address, or log in with XCLIENT's {@code LOGIN}.
     *
     * @param proxies the SMTP proxies' IP addresses
     * @return this builder
     */
    public Builder xclientProxies(Collection<InetAddress> proxies) {
      this.xclientProxies = Set.copyOf(proxies);
      return this;
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalStateException if {@link #submission(boolean)} is on without AUTH mechanisms, or the
     *                               configuration asks for TLS the listener does not have
     */
    @Override
    protected Function<Connection, EngineSession> sessions() {
      if (submission && config.authMechanisms().isEmpty()) {
        throw new IllegalStateException("submission(true) needs AUTH mechanisms: config(...authMechanisms(...))");
      }
      SmtpServerConfig.Builder base = config.toBuilder().hostname(hostname).authRequired(submission
          || config.authRequired());
      SmtpServerConfig engine; // the peer says implicit TLS or a trusted loopback client (ConnectionSecurity)
      try {
        engine = base.tlsAvailable(hasTls()).build();
      } catch (IllegalArgumentException e) {
        throw new IllegalStateException("the configuration does not fit this listener: " + e.getMessage(), e);
      }
      SmtpServerConfig forwarded = forwarding(engine);
      Set<InetAddress> forwarders = xclientProxies;
      return c -> EngineSession.of(new SmtpHandlerServer(
          forwarders.contains(c.proxy().orElse(c.remote()).getAddress()) ? forwarded : engine,
          engineEnvironment(), peer(c), handlers));
    }

    /** {@code config} with XCLIENT and XFORWARD offered, for the connections of {@link #xclientProxies}. */
    private static SmtpServerConfig forwarding(SmtpServerConfig config) {
      Set<SmtpExtension> extensions = new LinkedHashSet<>(config.extensions());
      extensions.add(SmtpExtension.XCLIENT);
      extensions.add(SmtpExtension.XFORWARD);
      return config.toBuilder().extensions(extensions.toArray(SmtpExtension[]::new)).build();
    }

    @Override
    protected SmtpListener create(RunningServer plain, RunningServer implicit) {
      return new SmtpListener(plain, implicit);
    }
  }
}
