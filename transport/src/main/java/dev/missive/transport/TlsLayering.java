package dev.missive.transport;

import dev.missive.wire.EngineEnvironment;
import java.io.IOException;
import java.net.Socket;
import javax.net.ssl.SSLSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How one blocking connection puts TLS on its socket: the user's {@link TlsSettings}, the handshake under the
 * deadline of {@link TlsHandshakes} (closing the TCP socket {@code plain} when it passes), one log line when TLS is in
 * place.
 */
final class TlsLayering {

  private static final Logger LOG = LoggerFactory.getLogger(TlsLayering.class);

  private final TlsSettings settings;
  private final TlsHandshakes handshakes;
  private final Socket plain;
  private final String peerHost;
  private final String sessionId;

  TlsLayering(TlsSettings settings, TlsHandshakes handshakes, Socket plain, String peerHost, String sessionId) {
    this.settings = settings;
    this.handshakes = handshakes;
    this.plain = plain;
    this.peerHost = peerHost;
    this.sessionId = sessionId;
  }

  /** Layers TLS over {@code current} and completes the handshake before the deadline measured in {@code time}. */
  SSLSocket handshake(Socket current, boolean clientMode, EngineEnvironment time) throws IOException {
    SSLSocket ssl = settings.layer(current, clientMode, peerHost);
    handshakes.complete(ssl, plain, time);
    LOG.info("{} TLS established: {} {}", sessionId, ssl.getSession().getProtocol(), ssl.getSession().getCipherSuite());
    return ssl;
  }
}
