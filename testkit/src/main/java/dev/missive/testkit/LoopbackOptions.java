package dev.missive.testkit;

import java.time.Duration;
import java.util.Objects;
import javax.net.ssl.SSLContext;

/**
 * How {@link LoopbackServer} and {@link LoopbackClient} run engines over real sockets: implicit TLS or not
 * (RFC 8314 §3.3), the TLS context, the host name TLS clients verify, the thread pool size, the socket timeout that
 * keeps a broken test from hanging the build, and the monotonic time the engines' deadlines are kept in.
 *
 * <pre>{@code
 * LoopbackServer.start(factory, LoopbackOptions.defaults().withImplicitTls(true));   // an SMTPS-style port
 * }</pre>
 *
 * @param implicitTls whether TLS starts as soon as the connection is up (ports 465/995 style)
 * @param sslContext  the TLS context, or {@code null} for {@link TestTls#serverContext()} on the server side and
 *                    {@link TestTls#clientContext()} on the client side
 * @param tlsHost     the host name a TLS client verifies ({@link TestTls#HOST} by default)
 * @param threads     the most connections a server runs at once (one thread each)
 * @param timeout     the socket connect/read timeout; a read that waits this long without an engine deadline fails
 */
public record LoopbackOptions(boolean implicitTls, SSLContext sslContext, String tlsHost, int threads,
    Duration timeout) {

  /**
   * Validates the values.
   *
   * @param implicitTls whether TLS starts as soon as the connection is up (ports 465/995 style)
   * @param sslContext  the TLS context, or {@code null} for {@link TestTls#serverContext()} on the server side and
   *                    {@link TestTls#clientContext()} on the client side
   * @param tlsHost     the host name a TLS client verifies ({@link TestTls#HOST} by default)
   * @param threads     the most connections a server runs at once (one thread each)
   * @param timeout     the socket connect/read timeout; a read that waits this long without an engine deadline fails
   */
  public LoopbackOptions {
    Objects.requireNonNull(tlsHost, "tlsHost");
    Objects.requireNonNull(timeout, "timeout");
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be positive: " + threads);
    }
    if (timeout.isNegative() || timeout.isZero() || timeout.toMillis() > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("timeout out of range: " + timeout);
    }
  }

  /**
   * Plain connections, the test certificate, 4 threads, 10 s timeouts. Deadlines are read against each engine's
   * own {@code environment().now()}.
   *
   * @return the default options
   */
  public static LoopbackOptions defaults() {
    return new LoopbackOptions(false, null, TestTls.HOST, 4, Duration.ofSeconds(10));
  }

  /**
   * A copy with implicit TLS on or off.
   *
   * @param on whether TLS starts at once (RFC 8314)
   * @return the copy
   */
  public LoopbackOptions withImplicitTls(boolean on) {
    return new LoopbackOptions(on, sslContext, tlsHost, threads, timeout);
  }

  /**
   * A copy with another TLS context.
   *
   * @param ctx the TLS context
   * @return the copy
   */
  public LoopbackOptions withSslContext(SSLContext ctx) {
    return new LoopbackOptions(implicitTls, ctx, tlsHost, threads, timeout);
  }

  /**
   * A copy with another socket timeout.
   *
   * @param t the socket timeout
   * @return the copy
   */
  public LoopbackOptions withTimeout(Duration t) {
    return new LoopbackOptions(implicitTls, sslContext, tlsHost, threads, t);
  }

  /**
   * A copy with another pool size.
   *
   * @param n the number of connection threads
   * @return the copy
   */
  public LoopbackOptions withThreads(int n) {
    return new LoopbackOptions(implicitTls, sslContext, tlsHost, n, timeout);
  }

  int timeoutMillis() {
    return (int) timeout.toMillis();
  }
}
