package dev.missive.transport;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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
 *
 * <p>On a server it also keeps the engine's deadline while the connection's thread waits for the peer without a socket
 * timeout: a timed read costs the kernel a non-blocking socket, an empty read and a {@code poll} each time the peer has
 * not spoken yet, which in a command-and-reply session is nearly every read. When the engine's deadline is far (more
 * than {@value #UNTIMED_CHECKS} of the server's check periods away) the read is untimed, and the server's timer thread,
 * which looks at every connection once per period anyway for the write deadline, hands a passed deadline to the
 * session's {@link BlockingWakeup}: {@link dev.missive.wire.ProtocolEngine#onTimeout()} then runs on a wake thread under
 * the lock, at most one period late.
 */
final class BlockingStop {

  private static final Logger LOG = LoggerFactory.getLogger(BlockingStop.class);

  private static final long NOT_WRITING = Long.MIN_VALUE;
  private static final long NOT_READING = Long.MIN_VALUE;
  private static final long NO_DEADLINE = Long.MAX_VALUE;
  /** How many check periods away the engine's deadline must be for an untimed read. */
  static final int UNTIMED_CHECKS = 4;

  final ReentrantLock lock = new ReentrantLock();
  private final String sessionId;
  private final Socket plain;
  private volatile Socket socket;
  private volatile OutputStream out;
  private volatile long writingSince = NOT_WRITING;
  private final long checkPeriodNanos; // 0: nothing calls check(), every read with a deadline is timed
  private final AtomicLong readDeadline = new AtomicLong(NOT_READING); // of an untimed read, in the engine's time
  private volatile BlockingWakeup turns;

  /**
   * Creates the handle of a connection whose socket is {@code socket}, not checked by a timer (a client's).
   *
   * @param sessionId the connection's session id, for logs
   * @param socket    the socket the session uses now (a TLS socket with implicit TLS)
   * @param plain     the TCP socket under it
   */
  BlockingStop(String sessionId, Socket socket, Socket plain) throws IOException {
    this(sessionId, socket, plain, 0);
  }

  /**
   * Creates the handle of a server connection that a timer {@linkplain #check checks} every {@code checkPeriodNanos}.
   *
   * @param sessionId        the connection's session id, for logs
   * @param socket           the socket the session uses now (a TLS socket with implicit TLS)
   * @param plain            the TCP socket under it
   * @param checkPeriodNanos how often {@link #check} runs, or 0 if it never does
   */
  BlockingStop(String sessionId, Socket socket, Socket plain, long checkPeriodNanos) throws IOException {
    this.sessionId = sessionId;
    this.plain = plain;
    this.checkPeriodNanos = checkPeriodNanos;
    use(socket);
  }

  /** {@return whether a wait for the peer with {@code leftNanos} to the engine's deadline may be an untimed read} */
  boolean mayReadUntimed(long leftNanos) {
    return checkPeriodNanos > 0 && turns != null && leftNanos / UNTIMED_CHECKS > checkPeriodNanos;
  }

  /** Gives the timer the way to run the engine off the connection's thread. */
  void useTurns(BlockingWakeup wakeup) {
    this.turns = wakeup;
  }

  /** The connection's thread starts an untimed read; the engine's deadline is {@code deadline}, if any. */
  void readingUntil(OptionalLong deadline) {
    readDeadline.set(deadline.orElse(NO_DEADLINE));
  }

  /** The untimed read ended. */
  void readEnded() {
    readDeadline.set(NOT_READING);
  }

  /** The engine's deadline after a turn off the connection's thread (the read may still be waiting). */
  void deadlineMoved(OptionalLong deadline) {
    long d = deadline.orElse(NO_DEADLINE);
    readDeadline.getAndUpdate(current -> current == NOT_READING ? NOT_READING : d);
  }

  /**
   * The server timer's look at this connection: the write deadline ({@link #abortIfStalled}), then the engine's
   * deadline while an untimed read waits, handed once to a turn on a wake thread when passed.
   *
   * @param now          the engine's time now
   * @param timeoutNanos the longest one write may block
   */
  void check(long now, long timeoutNanos) {
    abortIfStalled(now, timeoutNanos);
    long d = readDeadline.get();
    if (d != NOT_READING && d != NO_DEADLINE && now - d >= 0 && readDeadline.compareAndSet(d, NO_DEADLINE)) {
      turns.timeUp();
    }
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
  private void abortIfStalled(long now, long timeoutNanos) {
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
