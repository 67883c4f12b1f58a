package dev.missive.testkit;

import dev.missive.wire.ProtocolEngine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;

/**
 * Runs any server {@link ProtocolEngine} on a real {@link ServerSocket} bound to 127.0.0.1 on an ephemeral port,
 * for interop tests with real clients (RFC 5321 §3, RFC 1939 §3 sessions over TCP): one fresh engine per
 * connection, one thread per connection from a bounded pool, the blocking host loop of {@link ProtocolEngine}'s
 * Javadoc, STARTTLS/STLS by layering an {@code SSLSocket} in server mode when the engine asks (RFC 3207 §4,
 * RFC 2595 §4) and implicit TLS as an option (RFC 8314 §3.3).
 *
 * <p>Every socket read is bounded by {@link LoopbackOptions#timeout()} (10 s by default), so a broken test fails
 * instead of hanging the build; {@link #close()} closes the listening socket, every connection and the threads.
 * <pre>{@code
 * try (LoopbackServer server = LoopbackServer.start(
 *     () -> HostedEngine.of(new SmtpServer(config, EngineEnvironment.system()), host))) {
 *   commonsNetClient.connect("127.0.0.1", server.port());
 *   ...
 *   server.awaitIdle(Duration.ofSeconds(10));
 *   server.assertNoFailures();
 *   assertThat(server.eventLogs().get(0).entries()).contains("DataEnd");
 * }
 * }</pre>
 */
public final class LoopbackServer implements AutoCloseable {

  private final ServerSocket listener;
  private final LoopbackOptions options;
  private final SSLContext tls;
  private final Supplier<? extends HostedEngine<?>> factory;
  private final ThreadPoolExecutor pool;
  private final Thread acceptor;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final List<EventLog> logs = new ArrayList<>();
  private final List<Throwable> failures = new ArrayList<>();
  private int active;

  private LoopbackServer(Supplier<? extends HostedEngine<?>> factory, LoopbackOptions options) throws IOException {
    this.factory = factory;
    this.options = options;
    this.tls = options.sslContext() != null ? options.sslContext() : TestTls.serverContext();
    this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.pool = new ThreadPoolExecutor(options.threads(), options.threads(), 1, TimeUnit.SECONDS,
        new ArrayBlockingQueue<>(64), r -> daemon(r, "missive-loopback-connection"));
    this.acceptor = daemon(this::acceptLoop, "missive-loopback-accept");
    acceptor.start();
  }

  /**
   * Starts a server with {@link LoopbackOptions#defaults()}.
   *
   * @param factory makes a fresh engine with its host per connection
   * @return the running server; close it to stop
   */
  public static LoopbackServer start(Supplier<? extends HostedEngine<?>> factory) {
    return start(factory, LoopbackOptions.defaults());
  }

  /**
   * Starts a server; each accepted connection gets {@code factory.get()}.
   *
   * @param factory makes a fresh engine with its host per connection
   * @param options TLS, threads, timeouts and time source
   * @return the running server; close it to stop
   * @throws UncheckedIOException if no loopback port can be bound
   */
  public static LoopbackServer start(Supplier<? extends HostedEngine<?>> factory, LoopbackOptions options) {
    try {
      return new LoopbackServer(java.util.Objects.requireNonNull(factory, "factory"), options);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot bind a loopback server socket", e);
    }
  }

  /** {@return the ephemeral port} */
  public int port() {
    return listener.getLocalPort();
  }

  /**
   * 127.0.0.1 and the port.
   *
   * @return the address clients connect to
   */
  public InetSocketAddress address() {
    return new InetSocketAddress(listener.getInetAddress(), port());
  }

  /** {@return the event log of each accepted connection, in the order they were accepted} */
  public synchronized List<EventLog> eventLogs() {
    return List.copyOf(logs);
  }

  /** {@return what made connection threads fail (I/O errors, timeouts, engine exceptions), in order} */
  public synchronized List<Throwable> failures() {
    return List.copyOf(failures);
  }

  /** Throws an {@link AssertionError} carrying the first connection failure, if any. */
  public void assertNoFailures() {
    List<Throwable> f = failures();
    if (!f.isEmpty()) {
      AssertionError e = new AssertionError(f.size() + " loopback connection(s) failed: " + f.get(0), f.get(0));
      f.stream().skip(1).forEach(e::addSuppressed);
      throw e;
    }
  }

  /**
   * Waits until at least {@code connections} connections were accepted and all have finished.
   *
   * @param connections how many connections must have been accepted
   * @param max         how long to wait
   * @return false if that did not happen within {@code max}
   * @throws InterruptedException if the waiting thread is interrupted
   */
  public synchronized boolean awaitIdle(int connections, Duration max) throws InterruptedException {
    long end = System.nanoTime() + max.toNanos();
    while (logs.size() < connections || active > 0) {
      long left = end - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
    return true;
  }

  /** Closes the listening socket and every connection, and stops the threads (waiting up to the timeout). */
  @Override
  public void close() {
    try {
      listener.close();
    } catch (IOException ignored) {
      // closing anyway
    }
    for (Socket s : open) {
      closeQuietly(s);
    }
    pool.shutdownNow();
    try {
      pool.awaitTermination(options.timeoutMillis(), TimeUnit.MILLISECONDS);
      acceptor.join(options.timeoutMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void acceptLoop() {
    while (!listener.isClosed()) {
      Socket s;
      try {
        s = listener.accept();
      } catch (IOException e) {
        if (!listener.isClosed()) {
          fail(e);
        }
        return;
      }
      EventLog log = new EventLog();
      synchronized (this) {
        logs.add(log);
        active++;
      }
      open.add(s);
      try {
        pool.execute(() -> serve(s, log));
      } catch (RejectedExecutionException e) {
        fail(e);
        finish(s);
      }
    }
  }

  private void serve(Socket plain, EventLog log) {
    Socket current = plain;
    try {
      plain.setSoTimeout(options.timeoutMillis());
      if (options.implicitTls()) {
        current = TestTls.layerServer(plain, tls);
      }
      run(factory.get(), current, log);
    } catch (IOException | RuntimeException e) {
      fail(e);
    } finally {
      closeQuietly(current);
      finish(plain);
    }
  }

  private <E extends ProtocolEngine> void run(HostedEngine<E> hosted, Socket socket, EventLog log)
      throws IOException {
    BlockingHostLoop loop = new BlockingHostLoop(hosted.engine(), () -> hosted.handle(log), socket,
        plain -> TestTls.layerServer(plain, tls), options.timeoutMillis());
    try {
      loop.run();
    } finally {
      closeQuietly(loop.socket());
    }
  }

  private synchronized void fail(Throwable t) {
    failures.add(t);
  }

  private void finish(Socket s) {
    closeQuietly(s);
    open.remove(s);
    synchronized (this) {
      active--;
      notifyAll();
    }
  }

  static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException ignored) {
      // nothing to do
    }
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }
}
