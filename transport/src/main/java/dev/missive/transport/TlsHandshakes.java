package dev.missive.transport;

import dev.missive.wire.EngineEnvironment;
import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * TLS handshakes on blocking sockets under a deadline (implicit TLS, RFC 8314 §3; STARTTLS, RFC 3207 §4; STLS,
 * RFC 2595 §4): a peer that says nothing, stops inside its ClientHello or trickles it byte by byte loses its
 * connection when the deadline passes, so it cannot hold a thread (docs/security.md, "Handshake deadlines"). A socket
 * read timeout alone would not do: it restarts with every byte. The deadline is measured in the time of the
 * connection's engine ({@link EngineEnvironment#now()}); one timer thread serves every handshake of a listener and
 * looks at that time when the deadline should have come (and again every 250 ms at most, for a clock that is not the
 * system's).
 *
 * <p>A failed handshake is reported in one log line ({@link #logFailure}), never with a stack trace: scanners and
 * broken clients fail handshakes all day.
 */
public final class TlsHandshakes implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(TlsHandshakes.class);
  private static final int MAX_REASON = 160;
  private static final long MAX_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(250);

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
   * Completes {@code ssl}'s handshake, or closes {@code plain} (the TCP socket under it) once the deadline has passed
   * in {@code time}.
   *
   * @param ssl   the TLS socket layered over {@code plain}, before its handshake
   * @param plain the connection's TCP socket
   * @param time  the time the deadline is measured in: the connection's engine's environment
   * @throws HandshakeFailedException if the handshake failed or the deadline passed; the reason is its message
   */
  public void complete(SSLSocket ssl, Socket plain, EngineEnvironment time) throws HandshakeFailedException {
    Alarm alarm = new Alarm(plain, time, time.now() + timeout.toNanos());
    alarm.arm();
    try {
      ssl.startHandshake();
    } catch (IOException | RuntimeException e) {
      throw new HandshakeFailedException(alarm.expired ? "no handshake within " + timeout.toMillis() + " ms"
          : reason(e), e);
    } finally {
      alarm.cancel();
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
   * @param peer      the peer's address
   * @param reason    why it failed ({@link #reason(Throwable)})
   */
  public static void logFailure(String sessionId, Object peer, String reason) {
    LOG.info("{} TLS handshake with {} failed: {}", sessionId, peer, reason);
  }

  /**
   * Runs {@code check} on this keeper's timer thread every {@code period} until {@link #close()}: the blocking server's
   * write deadline shares the thread.
   */
  void every(Duration period, Runnable check) {
    timer.scheduleWithFixedDelay(check, period.toNanos(), period.toNanos(), TimeUnit.NANOSECONDS);
  }

  /** Stops the timer thread; handshakes still running are no longer bounded. */
  @Override
  public void close() {
    timer.shutdownNow();
  }

  /** The deadline of one handshake: closes the TCP socket once {@code time} has reached it. */
  private final class Alarm implements Runnable {
    private final Socket plain;
    private final EngineEnvironment time;
    private final long deadline;
    private volatile boolean expired;
    private volatile boolean cancelled;
    private java.util.concurrent.ScheduledFuture<?> pending;

    Alarm(Socket plain, EngineEnvironment time, long deadline) {
      this.plain = plain;
      this.time = time;
      this.deadline = deadline;
    }

    synchronized void arm() {
      if (!cancelled && !timer.isShutdown()) {
        long left = Math.max(0, deadline - time.now());
        pending = timer.schedule(this, Math.min(left, MAX_WAIT_NANOS), TimeUnit.NANOSECONDS);
      }
    }

    @Override
    public void run() {
      if (cancelled) {
        return;
      }
      if (deadline - time.now() > 0) {
        arm();
        return;
      }
      expired = true;
      try {
        plain.close(); // the TCP socket, not the SSLSocket: its close could wait for the handshake's lock
      } catch (IOException ignored) {
        // closing anyway
      }
    }

    synchronized void cancel() {
      cancelled = true;
      if (pending != null) {
        pending.cancel(false);
      }
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
