package dev.missive.transport;

import java.util.Objects;
import java.util.ServiceLoader;
import java.util.function.Function;

/**
 * Which library transport runs a server: the blocking sockets of this module, or Netty's event loops from the
 * {@code transport-netty} artifact (module {@code dev.missive.transport.netty}), found through a
 * {@link TransportProvider} so that this module never depends on Netty.
 *
 * <pre>{@code
 * RunningServer server = Transport.NETTY.server("smtp", c -> EngineSession.of(engineFor(c)))
 *     .bind(new InetSocketAddress(2525))
 *     .start();
 * }</pre>
 */
public enum Transport {
  /** {@link BlockingServer}'s blocking sockets: one task per connection (virtual threads on Java 21+). */
  BLOCKING,
  /** Netty's event loops; needs the {@code dev.missive:transport-netty} artifact on the class or module path. */
  NETTY;

  /**
   * Starts describing a server on this transport.
   *
   * @param name     a label for logs and session ids ("smtp", "pop3", …): letters, digits and {@code -}
   * @param sessions makes one session per accepted connection (on its thread, or on its event loop with Netty)
   * @return the builder; its {@code start()} binds the server
   * @throws IllegalStateException if no provider of this transport is on the class or module path (for
   *                               {@link #NETTY}: the {@code transport-netty} artifact is missing)
   */
  public ServerBuilder<?> server(String name, Function<Connection, EngineSession> sessions) {
    Objects.requireNonNull(sessions, "sessions");
    if (this == BLOCKING) {
      return BlockingServer.builder(name, sessions);
    }
    return provider().server(name, sessions);
  }

  private TransportProvider provider() {
    for (ClassLoader loader : new ClassLoader[] {Thread.currentThread().getContextClassLoader(),
        Transport.class.getClassLoader()}) {
      for (TransportProvider p : ServiceLoader.load(TransportProvider.class, loader)) {
        if (p.transport() == this) {
          return p;
        }
      }
    }
    throw new IllegalStateException("Transport." + this + " needs the dev.missive:transport-netty artifact (module "
        + "dev.missive.transport.netty) on the class or module path; add it as a dependency");
  }
}
