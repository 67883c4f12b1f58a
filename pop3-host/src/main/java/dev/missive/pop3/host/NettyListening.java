package dev.missive.pop3.host;

import dev.missive.transport.Connection;
import dev.missive.transport.EngineSession;
import dev.missive.transport.SessionErrorHandler;
import dev.missive.transport.TlsSettings;
import dev.missive.transport.TransportOptions;
import dev.missive.transport.netty.NettyServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.function.Function;

/** The Netty side of {@link Listening}, in its own class so that Netty is loaded only when it is asked for. */
final class NettyListening {

  private NettyListening() {}

  static Listening start(String name, InetSocketAddress bind, TlsSettings tls, boolean implicit,
                         TransportOptions options, SessionErrorHandler errors,
                         Function<Connection, EngineSession> sessions) throws IOException {
    NettyServer.Builder b = NettyServer.builder(name, c -> sessions.apply(c.connection())).bind(bind)
        .implicitTls(implicit).options(options).onError(errors);
    if (tls != null) {
      b.tls(tls);
    }
    NettyServer server = b.start();
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
      public void close() {
        server.close();
      }
    };
  }
}
