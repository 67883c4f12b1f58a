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
    ProtocolEngine engine = session.engine();
    InputStream in = socket.getInputStream();
    OutputStream out = socket.getOutputStream();
    ByteBuffer input = ByteBuffer.allocate(16 * 1024).flip();
    ByteBuffer output = ByteBuffer.allocate(16 * 1024);
    while (true) {
      if (input.hasRemaining() && engine.wantsInput()) {
        engine.receive(input);
      }
      session.handleEvents();
      while (engine.hasOutput()) {
        output.clear();
        engine.drainOutput(output);
        out.write(output.array(), 0, output.position());
      }
      out.flush();
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
      try {
        n = in.read(input.array(), 0, input.capacity());
      } catch (SocketTimeoutException e) {
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
