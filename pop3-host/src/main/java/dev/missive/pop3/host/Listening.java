package dev.missive.pop3.host;

import dev.missive.transport.BlockingServer;
import dev.missive.transport.Connection;
import dev.missive.transport.EngineSession;
import dev.missive.transport.SessionErrorHandler;
import dev.missive.transport.TlsSettings;
import dev.missive.transport.TransportOptions;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.function.Function;

/** One bound server of either transport: its port, its connection count and its stop. */
interface Listening extends AutoCloseable {

  int port();

  int connections();

  @Override
  void close() throws IOException;

  /** Starts one server on {@code transport}; Netty's classes are only touched when it is asked for. */
  static Listening start(Transport transport, String name, InetSocketAddress bind, TlsSettings tls, boolean implicit,
                         TransportOptions options, SessionErrorHandler errors,
                         Function<Connection, EngineSession> sessions) throws IOException {
    if (transport == Transport.NETTY) {
      try {
        return NettyListening.start(name, bind, tls, implicit, options, errors, sessions);
      } catch (NoClassDefFoundError e) {
        throw new IllegalStateException("Transport.NETTY needs dev.missive:transport-netty on the class or module path",
            e);
      }
    }
    BlockingServer.Builder b = BlockingServer.builder(name, sessions).bind(bind).implicitTls(implicit)
        .options(options).onError(errors);
    if (tls != null) {
      b.tls(tls);
    }
    BlockingServer server = b.start();
    return new Listening() {
      @Override
      public int port() {
        return server.port();
      }

      @Override
      public int connections() {
        return server.connections();
      }

      @Override
      public void close() throws IOException {
        server.close();
      }
    };
  }
}
