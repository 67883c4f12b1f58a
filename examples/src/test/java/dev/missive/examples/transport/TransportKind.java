package dev.missive.examples.transport;

import dev.missive.examples.netty.NettyServer;
import dev.missive.testkit.TestTls;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.function.Function;
import java.util.function.IntSupplier;

/** The two example transports behind one start method, so each transport test runs on both. */
enum TransportKind {
  BLOCKING,
  NETTY;

  /** A started listener: its port, its open connection count, and the way to stop it. */
  record Listening(int port, IntSupplier connections, AutoCloseable server) implements AutoCloseable {
    @Override
    public void close() throws Exception {
      server.close();
    }
  }

  /** Starts a listener on a free loopback port with the test TLS context. */
  Listening start(boolean implicitTls, TransportOptions options, Function<Connection, EngineSession> sessions)
      throws IOException {
    InetSocketAddress any = new InetSocketAddress("127.0.0.1", 0);
    if (this == BLOCKING) {
      BlockingServer s = BlockingServer.start("t", any, TestTls.serverContext(), implicitTls, options, sessions);
      return new Listening(s.port(), s::connections, s);
    }
    NettyServer s = NettyServer.start("t", any, TestTls.serverContext(), implicitTls, options,
        c -> sessions.apply(c.connection()));
    return new Listening(s.port(), s::connections, s);
  }
}
