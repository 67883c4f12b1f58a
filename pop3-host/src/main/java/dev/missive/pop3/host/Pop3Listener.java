package dev.missive.pop3.host;

import dev.missive.pop3.server.Pop3Handler;
import dev.missive.pop3.server.Pop3HandlerServer;
import dev.missive.pop3.server.Pop3ServerConfig;
import dev.missive.pop3.server.Pop3Session;
import dev.missive.transport.Connection;
import dev.missive.transport.EngineSession;
import dev.missive.transport.Listener;
import dev.missive.transport.ListenerBuilder;
import dev.missive.transport.RunningServer;
import dev.missive.wire.EngineEnvironment;
import java.util.Objects;
import java.util.function.Function;

/**
 * A POP3 server (RFC 1939) over the user's storage in a few lines: one {@link Pop3Handler} per connection, made from
 * the connection's {@link Pop3Session}, driven by a {@link Pop3HandlerServer} on the library's blocking transport (or
 * Netty, {@link dev.missive.transport.Transport#NETTY}). STLS (RFC 2595 §4) is offered when TLS is given;
 * {@link Builder#implicitTlsPort} adds a POP3S port (RFC 8314 §3). {@link #close()} ends every session without
 * UPDATE (RFC 1939 §6: nothing is deleted).
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
 * <p>Strict by default: USER/PASS and plaintext SASL logins are refused before TLS, also from loopback unless
 * {@link Builder#trustLoopback(boolean)}; bare CR or LF in commands follow {@link Pop3ServerConfig}'s policy. APOP
 * is offered only when {@link Builder#apop(boolean)} says the handlers answer {@link Pop3Handler#apopSecret}: the
 * greeting's timestamp announces APOP (RFC 1939 §7), and clients such as curl then log in with APOP only.
 */
public final class Pop3Listener extends Listener {

  private Pop3Listener(RunningServer plain, RunningServer implicit) {
    super(plain, implicit);
  }

  /**
   * Starts describing a listener on port 110 of the loopback address.
   *
   * @param hostname the server's name, in the greeting and the logs
   * @param handlers makes one connection's handler from its read-only session view
   * @return the builder
   */
  public static Builder builder(String hostname, Function<Pop3Session, Pop3Handler> handlers) {
    return new Builder(hostname, handlers);
  }

  /**
   * Describes a POP3 listener; {@link #start()} binds it. Connections over the limits are told
   * {@code -ERR [SYS/TEMP]} (RFC 3206 §4).
   */
  public static final class Builder extends ListenerBuilder<Builder, Pop3Listener> {
    private final Function<Pop3Session, Pop3Handler> handlers;
    private Pop3ServerConfig config;
    private boolean apop;

    private Builder(String hostname, Function<Pop3Session, Pop3Handler> handlers) {
      super("pop3", 110, "-ERR [SYS/TEMP] Too many connections, try again later\r\n");
      this.config = Pop3ServerConfig.builder().hostname(hostname).build();
      this.handlers = Objects.requireNonNull(handlers, "handlers");
    }

    @Override
    protected Builder self() {
      return this;
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
     * Whether the handlers answer APOP ({@link Pop3Handler#apopSecret}), so the greeting carries the APOP timestamp
     * (RFC 1939 §7: the timestamp announces APOP); off by default, whatever {@link #config} says. A greeting with a
     * timestamp makes clients such as curl log in with APOP alone, which a handler without APOP secrets refuses.
     * With APOP on, the configuration's timestamp maker is used, or {@link Pop3ServerConfig#standardApopTimestamps}.
     *
     * @param offered whether the greeting offers APOP
     * @return this builder
     */
    public Builder apop(boolean offered) {
      this.apop = offered;
      return this;
    }

    @Override
    protected Function<Connection, EngineSession> sessions() {
      Function<EngineEnvironment, String> stamps = !apop ? null : config.apopTimestamps() != null
          ? config.apopTimestamps() : Pop3ServerConfig.standardApopTimestamps(config.hostname());
      Pop3ServerConfig base = config.toBuilder().apopTimestamps(stamps).build();
      Pop3ServerConfig plain = base.toBuilder().stlsAvailable(hasTls()).build();
      Pop3ServerConfig implicit = base.toBuilder().stlsAvailable(false).build();
      return c -> EngineSession.of(new Pop3HandlerServer(c.implicitTls() ? implicit : plain, engineEnvironment(),
          peer(c), handlers));
    }

    @Override
    protected Pop3Listener create(RunningServer plain, RunningServer implicit) {
      return new Pop3Listener(plain, implicit);
    }
  }
}
