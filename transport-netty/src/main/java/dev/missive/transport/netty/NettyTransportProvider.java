package dev.missive.transport.netty;

import dev.missive.transport.Connection;
import dev.missive.transport.EngineSession;
import dev.missive.transport.ServerBuilder;
import dev.missive.transport.Transport;
import dev.missive.transport.TransportProvider;
import java.util.function.Function;

/**
 * Makes {@link Transport#NETTY} servers for users of {@link Transport} (the listeners), registered with
 * {@link java.util.ServiceLoader} by this module; sessions that answer from other threads use {@link NettyServer}
 * directly, which hands them the {@link NettyConnection}.
 */
public final class NettyTransportProvider implements TransportProvider {

  /** Made by {@link java.util.ServiceLoader}. */
  public NettyTransportProvider() {}

  @Override
  public Transport transport() {
    return Transport.NETTY;
  }

  @Override
  public ServerBuilder<?> server(String name, Function<Connection, EngineSession> sessions) {
    return NettyServer.builder(name, c -> sessions.apply(c.connection()));
  }
}
