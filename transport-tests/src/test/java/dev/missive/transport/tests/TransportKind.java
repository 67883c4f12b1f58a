package dev.missive.transport.tests;

import dev.missive.testkit.TestTls;
import dev.missive.transport.Connection;
import dev.missive.transport.EngineSession;
import dev.missive.transport.RunningServer;
import dev.missive.transport.SessionErrorHandler;
import dev.missive.transport.TlsSettings;
import dev.missive.transport.Transport;
import dev.missive.transport.TransportOptions;
import java.io.IOException;
import java.util.function.Function;
import java.util.function.IntSupplier;

/**
 * The two library transports behind one start method ({@link Transport#server}, Netty found through its
 * {@code TransportProvider}), so each transport test runs on both.
 */
enum TransportKind {
  BLOCKING,
  NETTY;

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
    RunningServer s = Transport.valueOf(name()).server("t", sessions).tls(TlsSettings.of(TestTls.serverContext()))
        .implicitTls(implicitTls).options(options).onError(errors).start();
    return new Listening(s.port(), s::connections, s);
  }
}
