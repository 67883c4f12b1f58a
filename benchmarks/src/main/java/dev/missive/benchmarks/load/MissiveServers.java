package dev.missive.benchmarks.load;

import dev.missive.examples.netty.NettyServer;
import dev.missive.examples.transport.BlockingServer;
import dev.missive.examples.transport.Connection;
import dev.missive.smtp.server.SmtpServer;
import dev.missive.smtp.server.SmtpServerConfig;
import dev.missive.wire.EngineEnvironment;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.function.Consumer;

/**
 * Starts Missive's SMTP server engine (RFC 5321) with a {@link DiscardingSession} on the examples' blocking or
 * Netty transport, for the load harness and the footprint program.
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

  /** Missive on the blocking transport (a thread per connection, at most {@code maxConnections}). */
  public static BlockingServer blocking(InetSocketAddress bind, SmtpServerConfig config, int maxConnections,
                                        SessionCounters counters) throws IOException {
    return BlockingServer.start("missive-blocking", bind, null, false, maxConnections,
        c -> session(config, c, counters, e -> { }));
  }

  /** Missive on the Netty transport (one event loop per core); {@code engines} sees each new engine. */
  public static NettyServer netty(InetSocketAddress bind, SmtpServerConfig config, SessionCounters counters,
                                  Consumer<SmtpServer> engines) throws IOException {
    return NettyServer.start("missive-netty", bind, null, false,
        c -> session(config, c.connection(), counters, engines));
  }
}
