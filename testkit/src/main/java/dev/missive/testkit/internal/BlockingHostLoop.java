package dev.missive.testkit.internal;

import dev.missive.testkit.TestTls;
import dev.missive.wire.ProtocolEngine;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.OptionalLong;
import java.util.function.LongSupplier;
import javax.net.ssl.SSLSocket;

/**
 * The canonical blocking-socket host loop of {@link ProtocolEngine}'s Javadoc, for one connection: answer events,
 * write all output, layer TLS when asked, read with a timeout bounded by the engine's deadline.
 */
public final class BlockingHostLoop {

  /** Layers TLS over a connected socket and completes the handshake. */
  @FunctionalInterface
  public interface TlsLayer {
    /** Returns the TLS socket over {@code plain}. */
    SSLSocket layer(Socket plain) throws IOException;
  }

  private final ProtocolEngine engine;
  private final Runnable host;
  private final TlsLayer tls;
  private final LongSupplier nanoTime;
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
   * @param nanoTime      the engine's monotonic time
   * @param timeoutMillis the longest a read may wait when the engine has no earlier deadline
   */
  public BlockingHostLoop(ProtocolEngine engine, Runnable host, Socket socket, TlsLayer tls, LongSupplier nanoTime,
      int timeoutMillis) {
    this.engine = engine;
    this.host = host;
    this.socket = socket;
    this.tls = tls;
    this.nanoTime = nanoTime;
    this.timeoutMillis = timeoutMillis;
  }

  /** The socket in use now: the TLS socket after an upgrade. */
  public synchronized Socket socket() {
    return socket;
  }

  /**
   * Runs until the engine closes or the peer ends the stream; the caller closes {@link #socket()}.
   *
   * @throws SocketTimeoutException when the peer is silent for the whole timeout and no deadline is due
   * @throws IllegalStateException  when the engine stops wanting input and the host never resumes it
   */
  public void run() throws IOException {
    boolean peerEnded = false;
    while (!engine.isClosed()) {
      host.run();
      flush();
      if (engine.isClosed() || peerEnded) {
        break;
      }
      if (engine.tlsRequested()) {
        unfed = ByteBuffer.allocate(0);               // read but not fed: dropped (RFC 3207 §4.2)
        SSLSocket s = tls.layer(socket());
        synchronized (this) {
          socket = s;
        }
        engine.tlsEstablished(TestTls.info(s.getSession()));
        continue;
      }
      if (!engine.wantsInput()) {
        throw new IllegalStateException("the engine wants no input, has no output and the host did not resume it");
      }
      if (unfed.hasRemaining()) {
        engine.receive(unfed);
        continue;
      }
      peerEnded = read();
    }
    host.run();
    flush();
  }

  private boolean read() throws IOException {
    OptionalLong deadline = engine.nextDeadline();
    int wait = timeoutMillis;
    if (deadline.isPresent()) {
      long nanos = deadline.getAsLong() - nanoTime.getAsLong();
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
      if (deadline.isPresent() && deadline.getAsLong() - nanoTime.getAsLong() <= 0) {
        engine.onTimeout();
        return false;
      }
      throw e;
    }
    if (n < 0) {
      engine.receiveEnd();
      return true;
    }
    unfed = ByteBuffer.wrap(readBuffer, 0, n);
    engine.receive(unfed);
    return false;
  }

  private void flush() throws IOException {
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
  }
}
