package dev.missive.testkit;

import dev.missive.wire.ProtocolEngine;
import dev.missive.wire.StreamChange;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.OptionalLong;
import javax.net.ssl.SSLSocket;

/**
 * The canonical blocking-socket host loop of {@link ProtocolEngine}'s Javadoc, for one connection: feed what was read
 * while the engine takes it, answer events, write all output and go round again while that made progress; layer TLS
 * when asked; read with a timeout bounded by the engine's deadline.
 */
final class BlockingHostLoop {

  /** Layers TLS over a connected socket and completes the handshake. */
  @FunctionalInterface
  public interface TlsLayer {
    /** Returns the TLS socket over {@code plain}. */
    SSLSocket layer(Socket plain) throws IOException;
  }

  private final ProtocolEngine engine;
  private final Runnable host;
  private final TlsLayer tls;
  private final int timeoutMillis;
  private final byte[] readBuffer = new byte[16 * 1024];
  private final ByteBuffer out = ByteBuffer.allocate(16 * 1024);
  private ByteBuffer unfed = ByteBuffer.allocate(0);
  private Socket socket;

  /**
   * Prepares the loop.
   *
   * @param engine        the engine, constructed for this connection
   * @param host          answers the engine's pending events
   * @param socket        the connected socket (already TLS for implicit TLS)
   * @param tls           how to layer TLS when the engine asks for it
   * @param timeoutMillis the longest a read may wait when the engine has no earlier deadline
   */
  public BlockingHostLoop(ProtocolEngine engine, Runnable host, Socket socket, TlsLayer tls, int timeoutMillis) {
    this.engine = engine;
    this.host = host;
    this.socket = socket;
    this.tls = tls;
    this.timeoutMillis = timeoutMillis;
  }

  /** The socket in use now: the TLS socket after an upgrade. */
  public synchronized Socket socket() {
    return socket;
  }

  /**
   * Runs until the engine closes, or the peer ended the stream and the engine has answered what came before; the
   * caller closes {@link #socket()}. Bytes read are offered again until the engine takes them, also while it holds
   * input back until a deadline (a delayed reply to a failed login): pipelined commands are never dropped.
   *
   * @throws SocketTimeoutException when the peer is silent for the whole timeout and no deadline is due
   * @throws IllegalStateException  when the engine stops wanting input, has no deadline and the host never resumes it
   */
  public void run() throws IOException {
    boolean peerEnded = false;
    boolean endReported = false;
    while (true) {
      pump();
      if (engine.isClosed()) {
        break;
      }
      if (engine.status() == ProtocolEngine.Status.STREAM_CHANGE) {
        StreamChange change = engine.pendingStreamChange().orElseThrow();
        if (!(change instanceof StreamChange.StartTls)) {
          throw new IllegalStateException("the loopback host makes TLS changes only, not " + change);
        }
        unfed = ByteBuffer.allocate(0);               // read but not fed: dropped (RFC 3207 §4.2)
        SSLSocket s = tls.layer(socket());
        synchronized (this) {
          socket = s;
        }
        engine.streamChanged(TestTls.info(s.getSession()));
      } else if (peerEnded && !unfed.hasRemaining()) {
        if (endReported) {
          break;                                      // the engine took the end of stream and has nothing to do
        }
        endReported = true;
        engine.receiveEnd();                          // only once every byte read was offered
      } else if (unfed.hasRemaining() || peerEnded) {
        awaitDeadline();                              // the engine holds input back until its timer
      } else {
        peerEnded = read();
      }
    }
  }

  /** Feeds what was read while the engine takes it, answers events and writes, until a round changes nothing. */
  private void pump() throws IOException {
    boolean progress = true;
    while (progress && !engine.isClosed()) {
      boolean fed = false;
      if (unfed.hasRemaining() && engine.wantsInput()) {
        int before = unfed.remaining();
        engine.receive(unfed);
        fed = unfed.remaining() != before;
      }
      host.run();
      progress = flush() || fed;
    }
    host.run();
    flush();
  }

  private void awaitDeadline() {
    OptionalLong deadline = engine.nextDeadline();
    if (deadline.isEmpty()) {
      throw new IllegalStateException("the engine wants no input, has no output and the host did not resume it");
    }
    long nanos = deadline.getAsLong() - engine.environment().now();
    if (nanos <= 0) {
      engine.onTimeout();
      return;
    }
    try {
      Thread.sleep(Math.min(50, Math.max(1, nanos / 1_000_000))); // short steps: the time may be manual
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while the engine waited for its deadline", e);
    }
  }

  private boolean read() throws IOException {
    OptionalLong deadline = engine.nextDeadline();
    int wait = timeoutMillis;
    if (deadline.isPresent()) {
      long nanos = deadline.getAsLong() - engine.environment().now();
      if (nanos <= 0) {
        engine.onTimeout();
        return false;
      }
      wait = (int) Math.min(wait, Math.max(1, (nanos + 999_999) / 1_000_000));
    }
    Socket s = socket();
    s.setSoTimeout(wait);
    int n;
    try {
      n = s.getInputStream().read(readBuffer);
    } catch (SocketTimeoutException e) {
      if (deadline.isPresent() && deadline.getAsLong() - engine.environment().now() <= 0) {
        engine.onTimeout();
        return false;
      }
      throw e;
    }
    if (n < 0) {
      return true;
    }
    unfed = ByteBuffer.wrap(readBuffer, 0, n);
    return false;
  }

  private boolean flush() throws IOException {
    OutputStream os = socket().getOutputStream();
    boolean wrote = false;
    while (engine.hasOutput()) {
      out.clear();
      engine.drainOutput(out);
      os.write(out.array(), 0, out.position());
      wrote = true;
      host.run();
    }
    if (wrote) {
      os.flush();
    }
    return wrote;
  }
}
