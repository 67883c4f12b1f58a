package dev.missive.transport;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The blocking-socket server transport for any {@link dev.missive.wire.ProtocolEngine}: a {@link ServerSocket}, an
 * acceptor thread, one task per connection on an executor (virtual threads where the JVM has them, else a bounded
 * pool, or the user's own), and the host loop of docs/architecture.md ("Driving an engine") on each. TLS is layered in
 * when the engine asks (STARTTLS, RFC 3207 §4; STLS, RFC 2595 §4) or from the first byte (RFC 8314 §3), every
 * handshake under the deadline of {@link TransportOptions#handshakeTimeout()} measured in the engine's time.
 * Connections over the limits (in total and per client address) are told the over-limit reply and closed at once,
 * without a task. {@link #close()} ends every session through {@link EngineSession#shutdown()}.
 *
 * <pre>{@code
 * try (BlockingServer server = BlockingServer.builder("smtp", c -> EngineSession.of(engineFor(c)))
 *     .bind(new InetSocketAddress(2525))
 *     .tls(TlsSettings.of(sslContext))
 *     .options(TransportOptions.defaults().withMaxConnections(256, 16))
 *     .start()) {
 *   ...
 * }
 * }</pre>
 *
 * <p>Every log line of a connection carries its session id, in the message and in the SLF4J MDC under
 * {@code session}.
 */
public final class BlockingServer implements RunningServer {

  private static final Logger LOG = LoggerFactory.getLogger(BlockingServer.class);
  private static final AtomicLong IDS = new AtomicLong();
  /** How long {@link #close()} waits for connection tasks to end: 50 waits of 100 ms. */
  private static final int CLOSE_WAITS = 50;

  private final String name;
  private final ServerSocket listener;
  private final TlsSettings tls;
  private final boolean implicitTls;
  private final TransportOptions options;
  private final Function<Connection, EngineSession> sessions;
  private final SessionErrorHandler errors;
  private final ConnectionLimiter limiter;
  private final ProxyProtocol proxies;
  private final TlsHandshakes handshakes;
  private final Executor executor;
  private final ExecutorService ownExecutor;
  private final Map<Socket, Boolean> open = new ConcurrentHashMap<>();
  private final Map<EngineSession, BlockingStop> live = new ConcurrentHashMap<>();
  private final Object idle = new Object(); // notified when the last connection task ends
  private final Thread acceptor;
  private int running; // connection tasks handed to the executor and not ended yet, guarded by idle
  private volatile boolean closing;

  private BlockingServer(Builder b, ServerSocket listener) {
    this.name = b.name();
    this.listener = listener;
    this.tls = b.tlsSettings();
    this.implicitTls = b.isImplicitTls();
    this.options = b.transportOptions();
    this.sessions = b.sessions;
    this.errors = b.errorHandler();
    this.limiter = ConnectionLimiter.of(options);
    this.proxies = b.proxyProtocolSettings();
    this.handshakes = new TlsHandshakes(options.handshakeTimeout());
    long writeTimeout = options.writeTimeout().toNanos();
    handshakes.every(checkPeriod(options.writeTimeout()), () -> live.forEach((session, stop) ->
        stop.check(session.engine().environment().now(), writeTimeout)));
    this.ownExecutor = b.executor == null ? ConnectionThreads.create(name, options.maxConnections()) : null;
    this.executor = b.executor == null ? ownExecutor : b.executor;
    this.acceptor = new Thread(this::acceptLoop, "missive-accept-" + name);
    acceptor.setDaemon(true);
  }

  /**
   * Starts describing a listener.
   *
   * @param name     a label for logs and session ids ("smtp", "pop3", …): letters, digits and {@code -}
   * @param sessions makes one session (engine and event handling) per accepted connection, on its thread
   * @return the builder
   */
  public static Builder builder(String name, Function<Connection, EngineSession> sessions) {
    return new Builder(name, sessions);
  }

  @Override
  public int port() {
    return listener.getLocalPort();
  }

  /** {@return how many connections are open now, each holding a task (refused ones are never counted)} */
  @Override
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
      if (closing) { // accepted while close() ran: the listener is going away
        ConnectionEnds.closeQuietly(socket);
        break;
      }
      String id = name + "-" + IDS.incrementAndGet();
      InetAddress client = socket.getInetAddress();
      // a trusted proxy's connection is counted once its header names the real client (in serveProxied)
      boolean proxied = proxies != null && proxies.isTrusted(client);
      if (!proxied && !limiter.tryAcquire(client)) {
        refuse(id, socket);
        continue;
      }
      open.put(socket, Boolean.TRUE);
      taskStarted();
      try {
        executor.execute(() -> {
          try {
            if (proxied) {
              serveProxied(id, socket);
            } else {
              serve(id, socket, (InetSocketAddress) socket.getRemoteSocketAddress(), Optional.empty());
            }
          } finally {
            open.remove(socket);
            if (!proxied) {
              limiter.release(client);
            }
            taskEnded();
          }
        });
      } catch (RejectedExecutionException e) { // close() ran, or the user's executor is full
        LOG.warn("{} refused: the executor took no task ({})", id, e.toString());
        open.remove(socket);
        ConnectionEnds.closeQuietly(socket);
        if (!proxied) {
          limiter.release(client);
        }
        taskEnded();
      }
    }
  }

  /** How often the write deadline (and a far engine deadline, BlockingStop) is looked at: a quarter of it, 10 ms–1 s. */
  private static java.time.Duration checkPeriod(java.time.Duration writeTimeout) {
    return java.time.Duration.ofMillis(Math.max(10, Math.min(1000, writeTimeout.toMillis() / 4)));
  }

  private void taskStarted() {
    synchronized (idle) {
      running++;
    }
  }

  private void taskEnded() {
    synchronized (idle) {
      if (--running == 0) {
        idle.notifyAll();
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
      ConnectionEnds.closeQuietly(socket);
    }
  }

  /**
   * Reads a trusted proxy's header ({@link ProxyProtocol}), counts the real client against the limits and serves it
   * as that client; a connection without a valid header, or over a limit, is closed.
   */
  private void serveProxied(String id, Socket socket) {
    InetSocketAddress client;
    try {
      client = ProxyHeaderReader.read(id, socket, proxies).orElse(null);
    } catch (IOException e) {
      LOG.debug("{} connection ended before its PROXY header: {}", id, e.toString());
      client = null;
    }
    if (client == null) {
      ConnectionEnds.closeQuietly(socket);
      return;
    }
    if (!limiter.tryAcquire(client.getAddress())) {
      refuse(id, socket);
      return;
    }
    try {
      serve(id, socket, client, Optional.of((InetSocketAddress) socket.getRemoteSocketAddress()));
    } finally {
      limiter.release(client.getAddress());
    }
  }

  private void serve(String id, Socket plain, InetSocketAddress remote, Optional<InetSocketAddress> proxy) {
    MDC.put("session", id);
    Connection connection = new Connection(id, remote, implicitTls, proxy);
    EngineSession session = null;
    Socket socket = plain;
    try {
      plain.setTcpNoDelay(true);
      LOG.info("{} connection from {}", id, remote);
      // the session exists before an implicit-TLS handshake: that handshake's deadline is measured in its engine's time
      session = sessions.apply(connection);
      TlsLayering layering = tls == null ? null
          : new TlsLayering(tls, handshakes, plain, plain.getInetAddress().getHostAddress(), id);
      if (implicitTls) {
        socket = layering.handshake(socket, false, session.engine().environment());
      }
      BlockingStop stop = new BlockingStop(id, socket, plain, checkPeriod(options.writeTimeout()).toNanos());
      live.put(session, stop);
      if (closing) {
        stop.stop(session); // close() ran between accept and here
      }
      socket = BlockingLoop.run(socket, session, layering, stop, options);
    } catch (TlsHandshakes.HandshakeFailedException e) {
      TlsHandshakes.logFailure(id, plain.getRemoteSocketAddress(), e.getMessage());
    } catch (SocketException e) {
      LOG.debug("{} connection ended: {}", id, e.getMessage());
    } catch (IOException | RuntimeException e) {
      report(connection, e);
    } finally {
      if (session != null) {
        live.remove(session);
        ConnectionEnds.endQuietly(session);
      }
      ConnectionEnds.closeQuietly(socket);
      ConnectionEnds.closeQuietly(plain);
      LOG.info("{} closed", id);
      MDC.remove("session");
    }
  }

  private void report(Connection connection, Throwable error) {
    try {
      errors.sessionFailed(connection, error);
    } catch (RuntimeException e) {
      LOG.warn("{} the error hook failed", connection.sessionId(), e);
    }
  }

  /**
   * Stops accepting, ends every session through {@link EngineSession#shutdown()} (an SMTP client gets
   * {@code 421 4.3.2}, RFC 5321 §3.8; a POP3 session ends without UPDATE), closes every connection and waits up to
   * five seconds for their tasks to end; stops its own executor (never one the user passed).
   */
  @Override
  public void close() throws IOException {
    closing = true;
    listener.close();
    awaitAcceptorEnd();
    live.forEach((session, stop) -> stop.stop(session));
    for (Socket s : open.keySet()) {
      ConnectionEnds.closeQuietly(s);
    }
    try {
      synchronized (idle) {
        for (int i = 0; i < CLOSE_WAITS && running > 0; i++) {
          idle.wait(100);
        }
        if (running > 0) {
          LOG.warn("{}: {} connections still ending after {} ms", name, running, CLOSE_WAITS * 100);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      if (ownExecutor != null) {
        ownExecutor.shutdownNow();
      }
      handshakes.close();
    }
  }

  /**
   * Waits (up to a second) for the accepting thread to leave {@code accept}: a socket closed while a thread is blocked
   * in {@code accept} stays listening in the kernel until that call returns, so without the wait a client could still
   * connect (and be dropped) after {@link #close()} returned.
   */
  private void awaitAcceptorEnd() {
    if (Thread.currentThread() == acceptor) {
      return;
    }
    try {
      acceptor.join(1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Describes a blocking listener; {@link #start()} binds it. */
  public static final class Builder extends ServerBuilder<Builder> {
    private final Function<Connection, EngineSession> sessions;
    private Executor executor;
    private int backlog = 100;

    private Builder(String name, Function<Connection, EngineSession> sessions) {
      super(name);
      this.sessions = Objects.requireNonNull(sessions, "sessions");
    }

    @Override
    protected Builder self() {
      return this;
    }

    /**
     * Where connections run, one task each for the whole connection; by default virtual threads on Java 21 and later,
     * else a pool of at most {@link TransportOptions#maxConnections()} threads. The server never shuts a given
     * executor down.
     *
     * @param executor runs one task per connection
     * @return this builder
     */
    public Builder executor(Executor executor) {
      this.executor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    /**
     * The length of the kernel's queue of connections not accepted yet (100 by default).
     *
     * @param backlog the queue length
     * @return this builder
     */
    public Builder backlog(int backlog) {
      if (backlog < 1) {
        throw new IllegalArgumentException("backlog must be positive: " + backlog);
      }
      this.backlog = backlog;
      return this;
    }

    /**
     * Binds and starts accepting on a daemon thread.
     *
     * @return the running server
     * @throws IOException if the address cannot be bound
     * @throws IllegalStateException if implicit TLS is asked for without {@link #tls}
     */
    @Override
    public BlockingServer start() throws IOException {
      validate();
      ServerSocket listener = new ServerSocket();
      try {
        listener.setReuseAddress(true);
        listener.bind(bindAddress(), backlog);
      } catch (IOException e) {
        listener.close();
        throw e;
      }
      BlockingServer server = new BlockingServer(this, listener);
      server.acceptor.start();
      LOG.info("{} listening on {}:{}{}", name(), bindAddress().getHostString(), server.port(),
          isImplicitTls() ? " (TLS)" : "");
      return server;
    }
  }
}
