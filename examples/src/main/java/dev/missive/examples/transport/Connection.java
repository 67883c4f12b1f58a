package dev.missive.examples.transport;

import java.net.InetSocketAddress;

/**
 * What a transport knows about an accepted connection when it creates the connection's session.
 *
 * @param sessionId   a short id for logs (put in the SLF4J MDC by the transport)
 * @param remote      the peer's address
 * @param implicitTls whether TLS was in place from the first byte (RFC 8314 ports)
 */
public record Connection(String sessionId, InetSocketAddress remote, boolean implicitTls) {

  /** Whether the peer is on this machine, which the examples treat as a secure channel (Dovecot's rule). */
  public boolean isLoopback() {
    return remote.getAddress() != null && remote.getAddress().isLoopbackAddress();
  }
}
