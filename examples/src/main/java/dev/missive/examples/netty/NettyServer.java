package dev.missive.examples.netty;

import dev.missive.examples.transport.ConnectionLimiter;
import dev.missive.examples.transport.EngineSession;
import dev.missive.examples.transport.TransportOptions;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.SslHandler;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Netty 4.2 transport: a listening channel whose connections each get an {@link EngineChannelHandler} driving
 * the session's engine on an event loop, with STARTTLS/STLS (RFC 3207, RFC 2595) or implicit TLS (RFC 8314)
 * through Netty's {@link SslHandler} over a JDK {@link SSLContext}, every handshake under the deadline of
 * {@link TransportOptions}. Connections over its limits (in total and per client address) are told its over-limit
 * reply and closed before any session exists. Same start/stop shape as {@code BlockingServer}, but a few threads serve
 * thousands of connections.
 *
 * <pre>{@code
 * try (NettyServer smtp = NettyServer.start("smtp", new InetSocketAddress("127.0.0.1", 2525), tls, false,
 *     c -> new ListenerSession(SmtpServer.create(config, c.connection().remote().toString()), listener))) {
 *   ...
 * }
 * }</pre>
 */
public final class NettyServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(NettyServer.class);
  private static final AtomicLong IDS = new AtomicLong();

  private final EventLoopGroup group;
  private final Channel listener;
  private final ChannelGroup connections;
  private final ConnectionLimiter limiter;

  private NettyServer(EventLoopGroup group, Channel listener, ChannelGroup connections, ConnectionLimiter limiter) {
    this.group = group;
    this.listener = listener;
    this.connections = connections;
    this.limiter = limiter;
  }

  /**
   * Binds and starts accepting with {@link TransportOptions#defaults()} and no connection limit.
   *
   * @param name        a label for logs and session ids
   * @param bind        the address to listen on
   * @param tls         the server TLS context (null: no TLS offered)
   * @param implicitTls whether every connection starts with a TLS handshake
   * @param sessions    makes one session per connection; it runs on the connection's event loop
   */
  public static NettyServer start(String name, InetSocketAddress bind, SSLContext tls, boolean implicitTls,
                                  Function<NettyConnection, EngineSession> sessions) throws IOException {
    return start(name, bind, tls, implicitTls,
        TransportOptions.defaults().withMaxConnections(Integer.MAX_VALUE, Integer.MAX_VALUE), sessions);
  }

  /**
   * Binds and starts accepting.
   *
   * @param name        a label for logs and session ids
   * @param bind        the address to listen on
   * @param tls         the server TLS context (null: no TLS offered)
   * @param implicitTls whether every connection starts with a TLS handshake
   * @param options     handshake deadline, connection limits and the engines' time
   * @param sessions    makes one session per connection; it runs on the connection's event loop
   */
  public static NettyServer start(String name, InetSocketAddress bind, SSLContext tls, boolean implicitTls,
                                  TransportOptions options, Function<NettyConnection, EngineSession> sessions)
      throws IOException {
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(NioIoHandler.newFactory());
    ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    Supplier<SSLEngine> engines = tls == null ? null : () -> serverEngine(tls);
    ConnectionLimiter limiter = new ConnectionLimiter(options.maxConnections(), options.maxConnectionsPerAddress());
    ServerBootstrap bootstrap = new ServerBootstrap()
        .group(group)
        .channel(NioServerSocketChannel.class)
        .option(ChannelOption.SO_BACKLOG, 1024)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true) // a client's FIN does not take its replies away
        .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(32 * 1024, 64 * 1024))
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            String id = name + "-" + IDS.incrementAndGet();
            InetAddress client = ch.remoteAddress().getAddress();
            if (!limiter.tryAcquire(client)) {
              refuse(ch, id, implicitTls ? "" : options.overLimitReply());
              return;
            }
            ch.closeFuture().addListener(f -> limiter.release(client));
            connections.add(ch);
            if (implicitTls) {
              SslHandler ssl = new SslHandler(engines.get());
              ssl.setHandshakeTimeoutMillis(options.handshakeTimeout().toMillis());
              ch.pipeline().addLast("tls", ssl);
            }
            ch.pipeline().addLast("engine", new EngineChannelHandler(id, implicitTls, engines, sessions, options));
          }
        });
    try {
      Channel channel = bootstrap.bind(bind).sync().channel();
      NettyServer server = new NettyServer(group, channel, connections, limiter);
      LOG.info("{} listening on {}:{} (Netty){}", name, bind.getHostString(), server.port(),
          implicitTls ? " (TLS)" : "");
      return server;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
      throw new IOException("interrupted while binding", e);
    } catch (RuntimeException e) {
      group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
      throw new IOException("cannot bind " + bind, e);
    }
  }

  /** Tells a connection over a limit so (unless {@code reply} is empty) and closes it; no session is made. */
  private static void refuse(SocketChannel ch, String id, String reply) {
    LOG.info("{} refused: too many connections (from {})", id, ch.remoteAddress());
    ch.writeAndFlush(Unpooled.wrappedBuffer(reply.getBytes(StandardCharsets.US_ASCII)))
        .addListener(ChannelFutureListener.CLOSE);
  }

  private static SSLEngine serverEngine(SSLContext tls) {
    SSLEngine engine = tls.createSSLEngine();
    engine.setUseClientMode(false);
    engine.setEnabledProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
    return engine;
  }

  /** The bound port. */
  public int port() {
    return ((InetSocketAddress) listener.localAddress()).getPort();
  }

  /** {@return how many connections are open now (refused ones are never counted)} */
  public int connections() {
    return limiter.open();
  }

  /**
   * Stops accepting, ends every session through {@link EngineSession#shutdown()} (an SMTP client gets
   * {@code 421 4.3.2}, RFC 5321 §3.8; a POP3 session ends without UPDATE), closes every connection and stops the
   * event loops.
   */
  @Override
  public void close() {
    listener.close().syncUninterruptibly();
    List<Future<Void>> closed = new ArrayList<>();
    for (Channel ch : connections) {
      EngineChannelHandler handler = ch.pipeline().get(EngineChannelHandler.class);
      Future<Void> goodbye = handler == null ? null : handler.shutdown();
      closed.add(goodbye != null ? goodbye : ch.close());
    }
    for (Future<Void> f : closed) {
      f.awaitUninterruptibly(2, TimeUnit.SECONDS);
    }
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
  }
}
