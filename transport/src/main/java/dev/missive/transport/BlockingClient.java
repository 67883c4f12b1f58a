package dev.missive.transport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The blocking-socket client transport: connects with a timeout, layers TLS from the first byte (RFC 8314 §3) or when
 * the client engine asks (STARTTLS, RFC 3207 §4; STLS, RFC 2595 §4), every handshake under the deadline of
 * {@link TransportOptions#handshakeTimeout()} measured in the engine's time, and runs the session on the calling
 * thread until its engine closes or the server goes away.
 *
 * <pre>{@code
 * BlockingClient client = BlockingClient.builder("relay").tls(TlsSettings.client(sslContext)).build();
 * client.run("mx.example.org", 25, c -> new MySmtpClientSession(c));   // returns when the session is over
 * }</pre>
 *
 * <p>The session id is in the SLF4J MDC under {@code session} while the session runs. One instance serves any number
 * of sessions, from any number of threads; {@link #close()} stops its handshake timer.
 */
public final class BlockingClient implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(BlockingClient.class);
  private static final AtomicLong IDS = new AtomicLong();

  private final String name;
  private final TlsSettings tls;
  private final boolean implicitTls;
  private final Duration connectTimeout;
  private final TlsHandshakes handshakes;

  private BlockingClient(Builder b) {
    this.name = b.name;
    this.tls = b.tls;
    this.implicitTls = b.implicitTls;
    this.connectTimeout = b.connectTimeout;
    this.handshakes = new TlsHandshakes(b.handshakeTimeout);
  }

  /**
   * Starts describing a client.
   *
   * @param name a label for logs and session ids: letters, digits and {@code -}
   * @return the builder
   */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /**
   * Connects to {@code host}, runs one session to its end on this thread and closes the connection.
   *
   * @param host     the server's host name (for TLS: the name its certificate must carry) or address
   * @param port     the server's port
   * @param sessions makes the session (the client engine and its event handling) once connected
   * @throws IOException if the connection, a TLS handshake (its message is the one-line reason) or the session's I/O
   *                     failed; the session was told the end of the stream first
   */
  public void run(String host, int port, Function<Connection, EngineSession> sessions) throws IOException {
    String id = name + "-" + IDS.incrementAndGet();
    String previous = MDC.get("session");
    MDC.put("session", id);
    Socket plain = new Socket();
    Socket socket = plain;
    EngineSession session = null;
    try {
      InetSocketAddress address = new InetSocketAddress(host, port);
      plain.connect(address, (int) Math.min(Integer.MAX_VALUE, Math.max(1, connectTimeout.toMillis())));
      plain.setTcpNoDelay(true);
      LOG.debug("{} connected to {}", id, address);
      session = sessions.apply(new Connection(id, address, implicitTls));
      TlsLayering layering = tls == null ? null : new TlsLayering(tls, handshakes, plain, host, id);
      if (implicitTls) {
        socket = layering.handshake(socket, true, session.engine().environment());
      }
      socket = BlockingLoop.run(socket, session, layering, new BlockingStop(id, socket, plain),
          TransportOptions.defaults()); // a client's inflation bound: the defaults
    } catch (TlsHandshakes.HandshakeFailedException e) {
      TlsHandshakes.logFailure(id, host + ":" + port, e.getMessage());
      throw e;
    } finally {
      if (session != null) {
        ConnectionEnds.endQuietly(session);
      }
      ConnectionEnds.closeQuietly(socket);
      ConnectionEnds.closeQuietly(plain);
      if (previous == null) {
        MDC.remove("session");
      } else {
        MDC.put("session", previous);
      }
    }
  }

  /** Stops the handshake timer; handshakes still running are no longer bounded. */
  @Override
  public void close() {
    handshakes.close();
  }

  /** Describes a blocking client; {@link #build()} makes it. */
  public static final class Builder {
    private final String name;
    private TlsSettings tls;
    private boolean implicitTls;
    private Duration connectTimeout = Duration.ofSeconds(30);
    private Duration handshakeTimeout = TransportOptions.DEFAULT_HANDSHAKE_TIMEOUT;

    private Builder(String name) {
      this.name = ServerBuilder.checkName(name);
    }

    /**
     * The TLS for STARTTLS/STLS and implicit TLS; without it a client engine that asks for TLS loses its connection.
     *
     * @param settings the client's TLS context and parameters ({@link TlsSettings#client} checks the server's name)
     * @return this builder
     */
    public Builder tls(TlsSettings settings) {
      this.tls = Objects.requireNonNull(settings, "settings");
      return this;
    }

    /**
     * Whether the connection starts with a TLS handshake (RFC 8314 §3); needs {@link #tls}.
     *
     * @param implicit whether TLS starts with the first byte
     * @return this builder
     */
    public Builder implicitTls(boolean implicit) {
      this.implicitTls = implicit;
      return this;
    }

    /**
     * The longest a TCP connect may take (30 s by default; RFC 5321 §4.5.3.2 has no value for it).
     *
     * @param timeout the connect timeout
     * @return this builder
     */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = positive(timeout);
      return this;
    }

    /**
     * The longest a TLS handshake may take (10 s by default).
     *
     * @param timeout the handshake deadline
     * @return this builder
     */
    public Builder handshakeTimeout(Duration timeout) {
      this.handshakeTimeout = positive(timeout);
      return this;
    }

    /**
     * Makes the client.
     *
     * @return the client
     * @throws IllegalStateException if implicit TLS is asked for without {@link #tls}
     */
    public BlockingClient build() {
      if (implicitTls && tls == null) {
        throw new IllegalStateException("implicit TLS needs tls(...)");
      }
      return new BlockingClient(this);
    }

    private static Duration positive(Duration d) {
      Objects.requireNonNull(d, "timeout");
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException("a positive duration: " + d);
      }
      return d;
    }
  }
}
