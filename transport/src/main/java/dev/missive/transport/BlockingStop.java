package dev.missive.transport;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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

  final ReentrantLock lock = new ReentrantLock();
  private volatile Socket socket;
  private volatile OutputStream out;

  /** Creates the handle of a connection whose socket is {@code socket}. */
  BlockingStop(Socket socket) throws IOException {
    use(socket);
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
    try {
      locked = lock.tryLock(2, TimeUnit.SECONDS);
      if (locked && !session.engine().isClosed()) {
        session.shutdown();
        BlockingLoop.writeAll(session.engine(), out);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException | RuntimeException e) {
      LOG.debug("goodbye not sent: {}", e.toString());
    } finally {
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
