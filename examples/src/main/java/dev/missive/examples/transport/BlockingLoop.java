package dev.missive.examples.transport;

import dev.missive.wire.ProtocolEngine;
import dev.missive.wire.TlsInfo;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.OptionalLong;
import javax.net.ssl.SSLSocket;

/**
 * The blocking host loop of {@link ProtocolEngine}'s Javadoc, for one connection on either side: feed what was
 * read, answer events, write everything queued, layer TLS in when asked, and read with a socket timeout taken from
 * the engine's deadline.
 */
public final class BlockingLoop {

  /** Puts TLS on a connected socket (server or client mode) and completes the handshake. */
  @FunctionalInterface
  public interface TlsUpgrade {
    /** Layers TLS over {@code socket}; returns the TLS socket after its handshake. */
    SSLSocket upgrade(Socket socket) throws IOException;
  }

  private static final int TIMED_OUT = -2;

  private BlockingLoop() {}

  /**
   * Runs the session until its engine closes or the peer goes away.
   *
   * @param socket  the connected socket (already TLS for implicit TLS)
   * @param session the engine and its event handling
   * @param tls     how to layer TLS when the engine asks (STARTTLS/STLS); null if TLS is not available
   * @return the socket in use at the end (a TLS socket after an upgrade), for the caller to close
   */
  public static Socket run(Socket socket, EngineSession session, TlsUpgrade tls) throws IOException {
    return run(socket, session, tls, new BlockingStop(socket));
  }

  /**
   * Runs the session until its engine closes, the peer goes away or {@code stop} ends it from another thread.
   *
   * @param socket  the connected socket (already TLS for implicit TLS)
   * @param session the engine and its event handling
   * @param tls     how to layer TLS when the engine asks (STARTTLS/STLS); null if TLS is not available
   * @param stop    the handle another thread may use to end the session; held while the engine is in use
   * @return the socket in use at the end (a TLS socket after an upgrade), for the caller to close
   */
  public static Socket run(Socket socket, EngineSession session, TlsUpgrade tls, BlockingStop stop)
      throws IOException {
    stop.lock.lock();
    try {
      return loop(socket, session, tls, stop);
    } finally {
      stop.lock.unlock();
    }
  }

  /** Writes everything the engine has queued. */
  static void writeAll(ProtocolEngine engine, OutputStream out) throws IOException {
    ByteBuffer output = ByteBuffer.allocate(16 * 1024);
    while (engine.hasOutput()) {
      output.clear();
      engine.drainOutput(output);
      out.write(output.array(), 0, output.position());
    }
    out.flush();
  }

  private static Socket loop(Socket socket, EngineSession session, TlsUpgrade tls, BlockingStop stop)
      throws IOException {
    ProtocolEngine engine = session.engine();
    InputStream in = socket.getInputStream();
    OutputStream out = socket.getOutputStream();
    ByteBuffer input = ByteBuffer.allocate(16 * 1024).flip();
    while (true) {
      if (input.hasRemaining() && engine.wantsInput()) {
        engine.receive(input);
      }
      session.handleEvents();
      writeAll(engine, out);
      if (engine.isClosed()) {
        return socket;
      }
      if (engine.tlsRequested()) {
        if (tls == null) {
          throw new IOException("the engine asked for TLS but none is configured");
        }
        input.clear().flip(); // plaintext read ahead of the handshake is never used (CVE-2011-0411)
        SSLSocket ssl = tls.upgrade(socket);
        socket = ssl;
        stop.use(ssl);
        in = ssl.getInputStream();
        out = ssl.getOutputStream();
        engine.tlsEstablished(new TlsInfo(ssl.getSession().getProtocol(), ssl.getSession().getCipherSuite()));
        continue;
      }
      if (session.wantsToWrite() || (input.hasRemaining() && engine.wantsInput())) {
        continue; // more to send, or input the engine can take now
      }
      socket.setSoTimeout(timeoutMillis(engine.nextDeadline()));
      input.clear();
      int n;
      stop.lock.unlock(); // the engine is idle while this thread waits for the peer
      try {
        n = in.read(input.array(), 0, input.capacity());
      } catch (SocketTimeoutException e) {
        n = TIMED_OUT;
      } finally {
        stop.lock.lock();
      }
      if (engine.isClosed()) {
        return socket; // ended by BlockingStop while this thread was reading
      }
      if (n == TIMED_OUT) {
        input.limit(0);
        engine.onTimeout();
        continue;
      }
      if (n < 0) {
        input.limit(0);
        engine.receiveEnd();
        session.handleEvents();
        return socket;
      }
      input.limit(n);
    }
  }

  private static int timeoutMillis(OptionalLong deadline) {
    if (deadline.isEmpty()) {
      return 0;
    }
    long millis = (deadline.getAsLong() - System.nanoTime()) / 1_000_000;
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, millis));
  }
}
