package dev.missive.transport;

import dev.missive.wire.ProxyHeader;
import dev.missive.wire.ProxyHeaderDecoder;
import dev.missive.wire.ProxyHeaderException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a trusted proxy's PROXY protocol header from a blocking socket before TLS and the engine
 * ({@link ProxyProtocol}), never past its last octet ({@link ProxyHeaderDecoder#octetsNeeded()}), so what follows
 * it — a TLS ClientHello, the client's first command — stays in the socket for whoever reads next.
 */
final class ProxyHeaderReader {

  private static final Logger LOG = LoggerFactory.getLogger(ProxyHeaderReader.class);

  private ProxyHeaderReader() {
  }

  /**
   * Reads the header within the settings' deadline.
   *
   * @param id       the session id, for the log
   * @param socket   the connection from a trusted proxy
   * @param settings the header's deadline and maximum
   * @return the real client, or empty when the connection must be closed (logged here)
   * @throws IOException if reading fails
   */
  static Optional<InetSocketAddress> read(String id, Socket socket, ProxyProtocol settings) throws IOException {
    InetSocketAddress proxy = (InetSocketAddress) socket.getRemoteSocketAddress();
    ProxyHeaderDecoder decoder = settings.newDecoder();
    InputStream in = socket.getInputStream();
    byte[] buffer = new byte[settings.maxHeaderLength()];
    long deadline = System.nanoTime() + settings.headerTimeout().toNanos();
    int previousTimeout = socket.getSoTimeout();
    try {
      Optional<ProxyHeader> header = Optional.empty();
      while (header.isEmpty()) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new SocketTimeoutException();
        }
        socket.setSoTimeout((int) Math.max(1, left / 1_000_000));
        int n = in.read(buffer, 0, decoder.octetsNeeded());
        if (n < 0) {
          decoder.endOfInput();
        }
        header = decoder.decode(ByteBuffer.wrap(buffer, 0, n));
      }
      Optional<InetSocketAddress> client = ProxyProtocol.client(header.get(), proxy);
      if (client.isEmpty()) {
        LOG.info("{} refused: the PROXY header from {} names no client address ({})", id, proxy,
            header.get().getClass().getSimpleName());
      } else {
        LOG.info("{} PROXY header from {}: client {}", id, proxy, client.get());
      }
      return client;
    } catch (ProxyHeaderException e) {
      LOG.info("{} refused: bad PROXY header from {}: {}", id, proxy, e.getMessage());
      return Optional.empty();
    } catch (SocketTimeoutException e) {
      LOG.info("{} refused: no PROXY header from {} within {} ms", id, proxy, settings.headerTimeout().toMillis());
      return Optional.empty();
    } finally {
      if (!socket.isClosed()) {
        socket.setSoTimeout(previousTimeout);
      }
    }
  }
}
