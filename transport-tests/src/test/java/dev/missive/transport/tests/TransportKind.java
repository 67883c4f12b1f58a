package dev.missive.transport.tests;

import dev.missive.testkit.TestTls;
import dev.missive.transport.Connection;
import dev.missive.transport.EngineSession;
import dev.missive.transport.RunningServer;
import dev.missive.transport.ServerBuilder;
import dev.missive.transport.SessionErrorHandler;
import dev.missive.transport.TlsSettings;
import dev.missive.transport.Transport;
import dev.missive.transport.TransportOptions;
import dev.missive.transport.netty.NettyServer;
import java.io.IOException;
import java.util.function.Function;
import java.util.function.IntSupplier;

/**
 * The library transports behind one start method ({@link Transport#server}, Netty found through its
 * {@code TransportProvider}), so each transport test runs on every one: the blocking transport, Netty as it starts by
 * default (its native epoll transport where it loads: Linux) and Netty forced onto the JDK's NIO.
 */
enum TransportKind {
  BLOCKING,
  NETTY,
  NETTY_NIO;

  /** A started listener: its port, its open connection count, and the way to stop it. */
  record Listening(int port, IntSupplier connections, AutoCloseable server) implements AutoCloseable {
    @Override
    public void close() throws IOException {
      try {
        server.close();
      } catch (IOException | RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new IOException(e);
      }
    }
  }

  /** Starts a listener on a free loopback port with the test TLS context. */
  Listening start(boolean implicitTls, TransportOptions options, Function<Connection, EngineSession> sessions)
      throws IOException {
    return start(implicitTls, options, sessions, SessionErrorHandler.LOG);
  }

  /** Starts a plaintext listener whose failed sessions go to {@code errors}. */
  Listening startWithHook(TransportOptions options, Function<Connection, EngineSession> sessions,
                          SessionErrorHandler errors) throws IOException {
    return start(false, options, sessions, errors);
  }

  private Listening start(boolean implicitTls, TransportOptions options, Function<Connection, EngineSession> sessions,
                          SessionErrorHandler errors) throws IOException {
    ServerBuilder<?> builder = this == NETTY_NIO
        ? NettyServer.builder("t", c -> sessions.apply(c.connection())).nativeTransport(false)
        : Transport.valueOf(name()).server("t", sessions);
    RunningServer s = builder.tls(TlsSettings.of(TestTls.serverContext()))
        .implicitTls(implicitTls).options(options).onError(errors).start();
    return new Listening(s.port(), s::connections, s);
  }
}
