package dev.missive.examples.transport;

import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * TLS handshakes on blocking sockets under a deadline (implicit TLS, RFC 8314 §3; STARTTLS, RFC 3207 §4; STLS,
 * RFC 2595 §4): a client that says nothing, stops inside its ClientHello or trickles it byte by byte loses its
 * connection when the deadline passes, so it cannot hold a thread. A socket read timeout alone would not do: it
 * restarts with every byte. One timer thread serves every handshake of a listener.
 *
 * <p>A failed handshake is reported in one log line ({@link #logFailure}), never with a stack trace: scanners and
 * broken clients fail handshakes all day.
 */
public final class TlsHandshakes implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(TlsHandshakes.class);
  private static final int MAX_REASON = 160;

  private final Duration timeout;
  private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, r -> {
    Thread t = new Thread(r, "missive-tls-deadline");
    t.setDaemon(true);
    return t;
  });

  /**
   * Creates the deadline keeper; {@link #close()} stops its timer thread.
   *
   * @param timeout the longest a handshake may take
   */
  public TlsHandshakes(Duration timeout) {
    this.timeout = timeout;
    timer.setRemoveOnCancelPolicy(true);
  }

  /**
   * Completes {@code ssl}'s handshake, or closes {@code plain} (the TCP socket under it) when the deadline passes.
   *
   * @param ssl   the TLS socket layered over {@code plain}, before its handshake
   * @param plain the connection's TCP socket
   * @throws HandshakeFailedException if the handshake failed or the deadline passed; the reason is its message
   */
  public void complete(SSLSocket ssl, Socket plain) throws HandshakeFailedException {
    AtomicBoolean expired = new AtomicBoolean();
    ScheduledFuture<?> alarm = timer.schedule(() -> {
      expired.set(true);
      closeQuietly(plain); // the TCP socket, not the SSLSocket: its close could wait for the handshake's lock
    }, timeout.toNanos(), TimeUnit.NANOSECONDS);
    try {
      ssl.startHandshake();
    } catch (IOException | RuntimeException e) {
      throw new HandshakeFailedException(expired.get() ? "no handshake within " + timeout.toMillis() + " ms"
          : reason(e), e);
    } finally {
      alarm.cancel(false);
    }
  }

  /**
   * The short reason of a failed handshake for a log line: the innermost TLS error's message, else the innermost
   * cause's, without control characters and cut at 160 characters.
   *
   * @param failure what the handshake threw or reported
   * @return one line, without a stack trace
   */
  public static String reason(Throwable failure) {
    Throwable tls = null;
    Throwable last = failure;
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SSLException) {
        tls = t;
      }
      last = t;
    }
    Throwable chosen = tls != null ? tls : last;
    String message = chosen.getMessage();
    String text = message == null || message.isBlank() ? chosen.getClass().getSimpleName() : message;
    text = text.replaceAll("[\\p{Cntrl}]+", " ");
    return text.length() <= MAX_REASON ? text : text.substring(0, MAX_REASON) + "…"; // Netty adds the record in hex
  }

  /**
   * Logs a failed handshake in one line at INFO: the session id, the peer and the reason.
   *
   * @param sessionId the connection's session id
   * @param peer      the client's address
   * @param reason    why it failed ({@link #reason(Throwable)})
   */
  public static void logFailure(String sessionId, Object peer, String reason) {
    LOG.info("{} TLS handshake with {} failed: {}", sessionId, peer, reason);
  }

  /** Stops the timer thread; handshakes still running are no longer bounded. */
  @Override
  public void close() {
    timer.shutdownNow();
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException ignored) {
      // closing anyway
    }
  }

  /** A TLS handshake that failed or missed its deadline; the message says which and why, in one line. */
  public static final class HandshakeFailedException extends IOException {
    private static final long serialVersionUID = 1L;

    HandshakeFailedException(String reason, Throwable cause) {
      super(reason, cause);
    }
  }
}
