package dev.missive.transport;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The way another thread ends one connection of the blocking transport at server shutdown: it waits until the
 * connection's thread is blocked on a read (the engine is then idle), lets the session say goodbye through its engine
 * ({@link EngineSession#shutdown()}: {@code 421 4.3.2} for SMTP, RFC 5321 §3.8), writes that and closes the socket.
 *
 * <p>{@link BlockingLoop} holds the lock whenever it touches the engine and releases it only around a read, so the
 * engine is still used by one thread at a time.
 */
final class BlockingStop {

  private static final Logger LOG = LoggerFactory.getLogger(BlockingStop.class);

  private static final long NOT_WRITING = Long.MIN_VALUE;

  final ReentrantLock lock = new ReentrantLock();
  private final String sessionId;
  private final Socket plain;
  private volatile Socket socket;
  private volatile OutputStream out;
  private volatile long writingSince = NOT_WRITING;

  /**
   * Creates the handle of a connection whose socket is {@code socket}.
   *
   * @param sessionId the connection's session id, for logs
   * @param socket    the socket the session uses now (a TLS socket with implicit TLS)
   * @param plain     the TCP socket under it
   */
  BlockingStop(String sessionId, Socket socket, Socket plain) throws IOException {
    this.sessionId = sessionId;
    this.plain = plain;
    use(socket);
  }

  /** {@return the connection's session id, for logs} */
  String sessionId() {
    return sessionId;
  }

  /** {@return the stream the session writes to now (a TLS socket's after STARTTLS/STLS)} */
  OutputStream out() {
    return out;
  }

  /** The connection's thread is about to write; {@code now} is in the engine's time. */
  void writing(long now) {
    writingSince = now;
  }

  /** The connection's thread wrote everything it had. */
  void wrote() {
    writingSince = NOT_WRITING;
  }

  /**
   * Closes the TCP socket if one write has been blocked for {@code timeoutNanos} (the peer reads nothing), which makes
   * that write fail so the connection's thread ends the session (docs/security.md, "Pipelining through the
   * transport"). Called from the server's timer thread.
   *
   * @param now          the engine's time now
   * @param timeoutNanos the longest one write may block
   */
  void abortIfStalled(long now, long timeoutNanos) {
    long since = writingSince;
    if (since != NOT_WRITING && now - since >= timeoutNanos) {
      writingSince = NOT_WRITING;
      LOG.info("{} the peer read nothing for {} ms: closing", sessionId, TimeUnit.NANOSECONDS.toMillis(now - since));
      try {
        plain.close(); // the TCP socket: an SSLSocket's close could wait for the blocked write's lock
      } catch (IOException ignored) {
        // closing anyway
      }
    }
  }

  /** Follows the connection onto a compressing output stream (COMPRESS, RFC 4978). */
  void useOutput(OutputStream compressing) {
    this.out = compressing;
  }

  /** Follows the connection onto a new socket (a TLS socket after STARTTLS/STLS). */
  void use(Socket current) throws IOException {
    this.socket = current;
    this.out = current.getOutputStream();
  }

  /**
   * Ends the session from another thread: its goodbye (if the engine is idle within two seconds) then a close, which
   * makes the connection's blocked read fail so its thread cleans up.
   */
  void stop(EngineSession session) {
    boolean locked = false;
    String previous = MDC.get("session"); // the stopping thread's own, put back after
    MDC.put("session", sessionId); // the goodbye is the session's code: its id, as on the connection's thread
    try {
      locked = lock.tryLock(2, TimeUnit.SECONDS);
      if (locked && !session.engine().isClosed()) {
        session.shutdown();
        BlockingLoop.writeAll(session.engine(), out);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException | RuntimeException e) {
      LOG.debug("{} goodbye not sent: {}", sessionId, e.toString());
    } finally {
      if (previous == null) {
        MDC.remove("session");
      } else {
        MDC.put("session", previous);
      }
      if (locked) {
        lock.unlock();
      }
      try {
        socket.close();
      } catch (IOException ignored) {
        // closing anyway
      }
    }
  }
}
