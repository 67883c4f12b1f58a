package dev.missive.benchmarks.load;

import dev.missive.smtp.server.SmtpServer;
import dev.missive.smtp.server.SmtpServerConfig;
import dev.missive.transport.BlockingServer;
import dev.missive.transport.Connection;
import dev.missive.transport.TransportOptions;
import dev.missive.transport.netty.NettyServer;
import dev.missive.wire.EngineEnvironment;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.function.Consumer;

/**
 * Starts Missive's SMTP server engine (RFC 5321) with a {@link DiscardingSession} on the library's blocking
 * ({@code transport}) or Netty ({@code transport-netty}) transport, for the load harness and the footprint program.
 */
public final class MissiveServers {

  /** One environment (clock and SecureRandom, both thread-safe) for every engine, as a real host shares it. */
  private static final EngineEnvironment ENV = EngineEnvironment.system();

  private MissiveServers() {}

  /** Makes the engine and discarding session of one connection; {@code engines} sees each new engine. */
  static DiscardingSession session(SmtpServerConfig config, Connection c, SessionCounters counters,
                                   Consumer<SmtpServer> engines) {
    SmtpServer engine = new SmtpServer(config, ENV, c.peer(false));
    engines.accept(engine);
    return new DiscardingSession(engine, counters);
  }

  /** Missive on the blocking transport (a task per connection on the default executor, at most {@code maxConnections}). */
  public static BlockingServer blocking(InetSocketAddress bind, SmtpServerConfig config, int maxConnections,
                                        SessionCounters counters) throws IOException {
    return BlockingServer.builder("missive-blocking", c -> session(config, c, counters, e -> { })).bind(bind)
        .options(TransportOptions.defaults().withMaxConnections(maxConnections, maxConnections)).start();
  }

  /** Missive on the Netty transport (one loop per core, native epoll where it loads); {@code engines} sees each engine. */
  public static NettyServer netty(InetSocketAddress bind, SmtpServerConfig config, SessionCounters counters,
                                  Consumer<SmtpServer> engines) throws IOException {
    return netty(bind, config, counters, engines, true);
  }

  /** Missive on the Netty transport, on native epoll where it loads or, with {@code nativeTransport} false, on NIO. */
  public static NettyServer netty(InetSocketAddress bind, SmtpServerConfig config, SessionCounters counters,
                                  Consumer<SmtpServer> engines, boolean nativeTransport) throws IOException {
    return NettyServer.builder("missive-netty", c -> session(config, c.connection(), counters, engines)).bind(bind)
        .options(TransportOptions.defaults().withMaxConnections(Integer.MAX_VALUE, Integer.MAX_VALUE))
        .nativeTransport(nativeTransport).start();
  }
}
