package dev.missive.examples.transport;

import dev.missive.examples.tls.TlsContexts;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The blocking-socket transport: a {@link ServerSocket}, a thread per connection, and the host loop of
 * {@link BlockingLoop}; TLS is layered in with {@link SSLSocket} when the engine asks (STARTTLS, RFC 3207 §4; STLS,
 * RFC 2595 §4) or from the first byte (RFC 8314), every handshake under the deadline of {@link TlsHandshakes}.
 * Connections over the {@link TransportOptions} limits (in total and per client address) are told the options'
 * over-limit reply and closed at once, without a thread. It drives any engine.
 *
 * <p>Copy this file into an application and adapt it: it has no other dependency than the wire contract.
 */
public final class BlockingServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(BlockingServer.class);
  private static final AtomicLong IDS = new AtomicLong();

  private final String name;
  private final ServerSocket listener;
  private final SSLContext tls;
  private final boolean implicitTls;
  private final TransportOptions options;
  private final Function<Connection, EngineSession> sessions;
  private final ConnectionLimiter limiter;
  private final TlsHandshakes handshakes;
  private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "missive-connection");
    t.setDaemon(true);
    return t;
  });
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final Map<EngineSession, BlockingStop> live = new ConcurrentHashMap<>();
  private volatile boolean closing;

  private BlockingServer(String name, ServerSocket listener, SSLContext tls, boolean implicitTls,
                         TransportOptions options, Function<Connection, EngineSession> sessions) {
    this.name = name;
    this.listener = listener;
    this.tls = tls;
    this.implicitTls = implicitTls;
    this.options = options;
    this.sessions = sessions;
    this.limiter = ConnectionLimiter.of(options);
    this.handshakes = new TlsHandshakes(options.handshakeTimeout());
  }

  /**
   * Binds and starts accepting with {@link TransportOptions#defaults()} but the given total limit.
   *
   * @param name           a label for logs ("smtp", "pop3", …)
   * @param bind           the address to listen on
   * @param tls            the server TLS context (null: no TLS offered)
   * @param implicitTls    whether every connection starts with a TLS handshake
   * @param maxConnections the most concurrent connections; more are closed at once
   * @param sessions       makes one session (engine and handler) per accepted connection
   */
  public static BlockingServer start(String name, InetSocketAddress bind, SSLContext tls, boolean implicitTls,
                                     int maxConnections, Function<Connection, EngineSession> sessions)
      throws IOException {
    return start(name, bind, tls, implicitTls,
        TransportOptions.defaults().withMaxConnections(maxConnections, maxConnections), sessions);
  }

  /**
   * Binds and starts accepting.
   *
   * @param name        a label for logs ("smtp", "pop3", …)
   * @param bind        the address to listen on
   * @param tls         the server TLS context (null: no TLS offered)
   * @param implicitTls whether every connection starts with a TLS handshake
   * @param options     handshake deadline, connection limits and the engines' time
   * @param sessions    makes one session (engine and handler) per accepted connection
   */
  public static BlockingServer start(String name, InetSocketAddress bind, SSLContext tls, boolean implicitTls,
                                     TransportOptions options, Function<Connection, EngineSession> sessions)
      throws IOException {
    ServerSocket listener = new ServerSocket();
    listener.setReuseAddress(true);
    listener.bind(bind, 100);
    BlockingServer server = new BlockingServer(name, listener, tls, implicitTls, options, sessions);
    Thread acceptor = new Thread(server::acceptLoop, "missive-accept-" + name);
    acceptor.setDaemon(true);
    acceptor.start();
    LOG.info("{} listening on {}:{}{}", name, bind.getHostString(), server.port(), implicitTls ? " (TLS)" : "");
    return server;
  }

  /** The bound port. */
  public int port() {
    return listener.getLocalPort();
  }

  /** {@return how many connections are open now, each holding a thread (refused ones are never counted)} */
  public int connections() {
    return limiter.open();
  }

  private void acceptLoop() {
    while (!closing) {
      Socket socket;
      try {
        socket = listener.accept();
      } catch (IOException e) {
        if (!closing) {
          LOG.warn("{}: accept failed: {}", name, e.toString());
          pauseAfterFailedAccept(); // out of file descriptors, say: do not spin
        }
        continue;
      }
      String id = name + "-" + IDS.incrementAndGet();
      InetAddress client = socket.getInetAddress();
      if (!limiter.tryAcquire(client)) {
        refuse(id, socket);
        continue;
      }
      open.add(socket);
      try {
        threads.execute(() -> {
          try {
            serve(id, socket);
          } finally {
            open.remove(socket);
            limiter.release(client);
          }
        });
      } catch (RejectedExecutionException e) { // close() ran while this connection was being accepted
        open.remove(socket);
        closeQuietly(socket);
        limiter.release(client);
      }
    }
  }

  private static void pauseAfterFailedAccept() {
    try {
      Thread.sleep(100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Tells a connection over a limit so (plaintext only) and closes it, on the accepting thread. */
  private void refuse(String id, Socket socket) {
    LOG.info("{} refused: too many connections (from {})", id, socket.getRemoteSocketAddress());
    try {
      if (!implicitTls && !options.overLimitReply().isEmpty()) {
        // a fresh connection's send buffer is empty: this short write does not block
        socket.getOutputStream().write(options.overLimitReply().getBytes(StandardCharsets.US_ASCII));
      }
    } catch (IOException e) {
      LOG.debug("{} over-limit reply not sent: {}", id, e.toString());
    } finally {
      closeQuietly(socket);
    }
  }

  private void serve(String id, Socket plain) {
    MDC.put("session", id);
    EngineSession session = null;
    Socket socket = plain;
    try {
      socket.setTcpNoDelay(true);
      LOG.info("{} connection from {}", id, plain.getRemoteSocketAddress());
      BlockingLoop.TlsUpgrade upgrade = tls == null ? null : s -> {
        SSLSocket ssl = layerTls(s, plain);
        LOG.info("{} TLS established: {} {}", id, ssl.getSession().getProtocol(), ssl.getSession().getCipherSuite());
        return ssl;
      };
      if (implicitTls) {
        socket = upgrade.upgrade(socket);
      }
      session = sessions.apply(new Connection(id, (InetSocketAddress) plain.getRemoteSocketAddress(), implicitTls));
      BlockingStop stop = new BlockingStop(socket);
      live.put(session, stop);
      if (closing) {
        stop.stop(session); // close() ran between accept and here
      }
      socket = BlockingLoop.run(socket, session, upgrade, stop);
    } catch (TlsHandshakes.HandshakeFailedException e) {
      TlsHandshakes.logFailure(id, plain.getRemoteSocketAddress(), e.getMessage());
    } catch (SocketException e) {
      LOG.debug("{} connection ended: {}", id, e.getMessage());
    } catch (IOException | RuntimeException e) {
      LOG.warn("{} session failed", id, e);
    } finally {
      if (session != null) {
        live.remove(session);
        endQuietly(session);
      }
      closeQuietly(socket);
      LOG.info("{} closed", id);
      MDC.remove("session");
    }
  }

  private SSLSocket layerTls(Socket socket, Socket plain) throws IOException {
    if (tls == null) {
      throw new IOException("TLS requested but no TLS context configured");
    }
    SSLSocket ssl = (SSLSocket) tls.getSocketFactory()
        .createSocket(socket, socket.getInetAddress().getHostAddress(), socket.getPort(), true);
    ssl.setUseClientMode(false);
    TlsContexts.hardenServer(ssl);
    handshakes.complete(ssl, plain); // close() closes plain, which ends the TLS layer over it too
    return ssl;
  }

  /** Lets a session whose peer vanished (or whose socket failed) end as if the peer had closed, then clean up. */
  private static void endQuietly(EngineSession session) {
    try {
      if (!session.engine().isClosed()) {
        session.engine().receiveEnd();
        session.handleEvents();
      }
    } catch (IOException | RuntimeException e) {
      LOG.debug("ending a broken session: {}", e.toString());
    } finally {
      session.closed();
    }
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException ignored) {
      // closing anyway
    }
  }

  /**
   * Stops accepting, ends every session through {@link EngineSession#shutdown()} (an SMTP client gets
   * {@code 421 4.3.2}, RFC 5321 §3.8; a POP3 session ends without UPDATE) and closes every connection, waiting a
   * little for their threads to clean up.
   */
  @Override
  public void close() throws IOException {
    closing = true;
    listener.close();
    live.forEach((session, stop) -> stop.stop(session));
    for (Socket s : open) {
      closeQuietly(s);
    }
    threads.shutdown();
    try {
      if (!threads.awaitTermination(5, TimeUnit.SECONDS)) {
        threads.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      threads.shutdownNow();
    } finally {
      handshakes.close();
    }
  }
}
