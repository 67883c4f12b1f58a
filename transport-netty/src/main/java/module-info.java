/**
 * The Netty 4.2 transport for any Missive protocol engine: the same sessions, options and TLS settings as the
 * blocking transport of {@code dev.missive.transport}, on event loops.
 */
module dev.missive.transport.netty {
  requires transitive dev.missive.transport;
  requires transitive io.netty.transport;
  requires io.netty.handler;
  requires io.netty.buffer;
  requires io.netty.common;
  requires io.netty.transport.classes.epoll;
  requires org.slf4j;

  exports dev.missive.transport.netty;

  provides dev.missive.transport.TransportProvider with dev.missive.transport.netty.NettyTransportProvider;
}
