package dev.missive.examples.transport;

import dev.missive.examples.tls.TlsContexts;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The blocking-socket transport: a {@link ServerSocket}, a thread per connection up to a bound, and the host loop
 * of {@link BlockingLoop}; TLS is layered in with {@link SSLSocket} when the engine asks (STARTTLS,
 * RFC 3207 §4; STLS, RFC 2595 §4) or from the first byte (RFC 8314). It drives any engine.
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
  private final Function<Connection, EngineSession> sessions;
  private final Semaphore slots;
  private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "missive-connection");
    t.setDaemon(true);
    return t;
  });
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private volatile boolean closing;

  private BlockingServer(String name, ServerSocket listener, SSLContext tls, boolean implicitTls, int maxConnections,
                         Function<Connection, EngineSession> sessions) {
    this.name = name;
    this.listener = listener;
    this.tls = tls;
    this.implicitTls = implicitTls;
    this.sessions = sessions;
    this.slots = new Semaphore(maxConnections);
  }

  /**
   * Binds and starts accepting.
   *
   * @param name           a label for logs ("smtp", "pop3", …)
   * @param bind           the address to listen on
   * @param tls            the server TLS context (null: no TLS offered)
   * @param implicitTls    whether every connection starts with a TLS handshake
   * @param maxConnections the most concurrent connections; more wait in the listen backlog
   * @param sessions       makes one session (engine and handler) per accepted connection
   */
  public static BlockingServer start(String name, InetSocketAddress bind, SSLContext tls, boolean implicitTls,
                                     int maxConnections, Function<Connection, EngineSession> sessions)
      throws IOException {
    ServerSocket listener = new ServerSocket();
    listener.setReuseAddress(true);
    listener.bind(bind, 100);
    BlockingServer server = new BlockingServer(name, listener, tls, implicitTls, maxConnections, sessions);
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

  private void acceptLoop() {
    while (!closing) {
      try {
        slots.acquire();
        Socket socket = listener.accept();
        open.add(socket);
        threads.execute(() -> {
          try {
            serve(socket);
          } finally {
            open.remove(socket);
            slots.release();
          }
        });
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (IOException e) {
        slots.release();
        if (!closing) {
          LOG.warn("{}: accept failed", name, e);
        }
      }
    }
  }

  private void serve(Socket plain) {
    String id = name + "-" + IDS.incrementAndGet();
    MDC.put("session", id);
    EngineSession session = null;
    Socket socket = plain;
    try {
      socket.setTcpNoDelay(true);
      if (implicitTls) {
        socket = layerTls(socket);
      }
      session = sessions.apply(new Connection(id, (InetSocketAddress) plain.getRemoteSocketAddress(), implicitTls));
      LOG.debug("connection from {}", plain.getRemoteSocketAddress());
      socket = BlockingLoop.run(socket, session, tls == null ? null : this::layerTls);
    } catch (SocketException e) {
      LOG.debug("connection ended: {}", e.getMessage());
    } catch (IOException | RuntimeException e) {
      LOG.warn("session failed", e);
    } finally {
      if (session != null) {
        session.closed();
      }
      closeQuietly(socket);
      MDC.remove("session");
    }
  }

  private SSLSocket layerTls(Socket socket) throws IOException {
    if (tls == null) {
      throw new IOException("TLS requested but no TLS context configured");
    }
    SSLSocket ssl = (SSLSocket) tls.getSocketFactory()
        .createSocket(socket, socket.getInetAddress().getHostAddress(), socket.getPort(), true);
    ssl.setUseClientMode(false);
    TlsContexts.hardenServer(ssl);
    ssl.startHandshake();
    open.add(ssl);
    return ssl;
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException ignored) {
      // closing anyway
    }
  }

  /** Stops accepting and closes every connection. */
  @Override
  public void close() throws IOException {
    closing = true;
    listener.close();
    for (Socket s : open) {
      closeQuietly(s);
    }
    threads.shutdownNow();
  }
}
