package dev.missive.transport;

import dev.missive.wire.ConnectionSecurity;
import dev.missive.wire.PeerInfo;
import java.net.InetSocketAddress;
import java.util.Optional;

/**
 * What a transport knows about a connection when it creates the connection's session: on a server the accepted
 * client, on a client the server it connected to.
 *
 * @param sessionId   a short id for logs (put in the SLF4J MDC by the transport)
 * @param remote      the peer's address
 * @param implicitTls whether TLS was in place from the first byte (RFC 8314 ports)
 * @param proxy       the trusted proxy the connection came through, when a PROXY protocol header named
 *                    {@code remote} ({@link ProxyProtocol}); empty for a direct connection
 */
public record Connection(String sessionId, InetSocketAddress remote, boolean implicitTls,
                         Optional<InetSocketAddress> proxy) {

  /**
   * Checks the proxy is present (as empty or not).
   *
   * @param sessionId   a short id for logs
   * @param remote      the peer's address
   * @param implicitTls whether TLS was in place from the first byte
   * @param proxy       the trusted proxy the connection came through, or empty
   */
  public Connection {
    java.util.Objects.requireNonNull(proxy, "proxy");
  }

  /**
   * A direct connection, not through a proxy.
   *
   * @param sessionId   a short id for logs
   * @param remote      the peer's address
   * @param implicitTls whether TLS was in place from the first byte
   */
  public Connection(String sessionId, InetSocketAddress remote, boolean implicitTls) {
    this(sessionId, remote, implicitTls, Optional.empty());
  }

  /** {@return whether the peer is on this machine, which a host may treat as a secure channel (Dovecot's rule)} */
  public boolean isLoopback() {
    return remote.getAddress() != null && remote.getAddress().isLoopbackAddress();
  }

  /**
   * What the engine of this connection is told about it: the address in brackets (as in a {@code Received:} field,
   * RFC 5321 §4.4), the session id, and the security: implicit TLS on RFC 8314 ports, else plaintext, or trusted for
   * a loopback peer where {@code trustLoopback} (POP3 then allows USER/PASS without STLS).
   *
   * @param trustLoopback whether a peer on this machine counts as a secure channel
   * @return the engine's peer information
   */
  public PeerInfo peer(boolean trustLoopback) {
    ConnectionSecurity security = implicitTls ? ConnectionSecurity.IMPLICIT_TLS
        : trustLoopback && isLoopback() ? ConnectionSecurity.TRUSTED : ConnectionSecurity.PLAINTEXT;
    return new PeerInfo("[" + remote.getAddress().getHostAddress() + "]", sessionId, security);
  }
}
