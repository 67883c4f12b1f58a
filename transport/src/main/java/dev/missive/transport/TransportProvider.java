package dev.missive.transport;

import java.util.function.Function;

/**
 * A server transport kept in another module and found with {@link java.util.ServiceLoader}: {@code transport-netty}
 * provides {@link Transport#NETTY} this way, so that {@code dev.missive.transport} and the listeners built on it
 * compile and run without Netty. Users pick a transport with {@link Transport}; they never call this.
 */
public interface TransportProvider {

  /** {@return the transport this provider makes servers for} */
  Transport transport();

  /**
   * Starts describing a server of this transport.
   *
   * @param name     a label for logs and session ids: letters, digits and {@code -}
   * @param sessions makes one session per accepted connection
   * @return the builder
   */
  ServerBuilder<?> server(String name, Function<Connection, EngineSession> sessions);
}
