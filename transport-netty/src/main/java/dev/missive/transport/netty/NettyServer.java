package dev.missive.transport.netty;

import dev.missive.transport.ConnectionLimiter;
import dev.missive.transport.EngineSession;
import dev.missive.transport.ProxyProtocol;
import dev.missive.transport.RunningServer;
import dev.missive.transport.ServerBuilder;
import dev.missive.transport.SessionErrorHandler;
import dev.missive.transport.TlsSettings;
import dev.missive.transport.TransportOptions;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.NettyRuntime;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Netty 4.2 server transport: a listening channel whose connections each get an {@link EngineChannelHandler}
 * driving the session's engine on an event loop, with STARTTLS/STLS (RFC 3207, RFC 2595) or implicit TLS (RFC 8314)
 * through Netty's {@link SslHandler} over the user's {@link TlsSettings}, every handshake under the deadline of
 * {@link TransportOptions}. Connections over its limits (in total and per client address) are told its over-limit
 * reply and closed before any session exists. The same shape as {@code BlockingServer}, but a few threads serve
 * thousands of connections.
 *
 * <pre>{@code
 * try (NettyServer smtp = NettyServer.builder("smtp", c -> EngineSession.of(engineFor(c.connection())))
 *     .bind(new InetSocketAddress(2525))
 *     .tls(TlsSettings.of(sslContext))
 *     .start()) {
 *   ...
 * }
 * }</pre>
 */
public final class NettyServer implements RunningServer {

  private static final Logger LOG = LoggerFactory.getLogger(NettyServer.class);
  private static final AtomicLong IDS = new AtomicLong();

  private final EventLoopGroup group;
  private final boolean ownGroup;
  private final Channel listener;
  private final ChannelGroup connections;
  private final ConnectionLimiter limiter;
  private final AtomicBoolean closed = new AtomicBoolean();

  private NettyServer(EventLoopGroup group, boolean ownGroup, Channel listener, ChannelGroup connections,
                      ConnectionLimiter limiter) {
    this.group = group;
    this.ownGroup = ownGroup;
    this.listener = listener;
    this.connections = connections;
    this.limiter = limiter;
  }

  /**
   * Starts describing a listener.
   *
   * @param name     a label for logs and session ids: letters, digits and {@code -}
   * @param sessions makes one session per connection; it runs on the connection's event loop
   * @return the builder
   */
  public static Builder builder(String name, Function<NettyConnection, EngineSession> sessions) {
    return new Builder(name, sessions);
  }

  @Override
  public int port() {
    return ((InetSocketAddress) listener.localAddress()).getPort();
  }

  /** {@return how many connections are open now (refused ones are never counted)} */
  @Override
  public int connections() {
    return limiter.open();
  }

  /** Counts a connection from {@code client} until it closes, or refuses it when over a limit; true if counted. */
  private static boolean admit(SocketChannel ch, String id, InetAddress client, ConnectionLimiter limiter,
                               String reply) {
    if (!limiter.tryAcquire(client)) {
      refuse(ch, id, reply);
      return false;
    }
    ch.closeFuture().addListener(f -> limiter.release(client));
    return true;
  }

  /** Tells a connection over a limit so (unless {@code reply} is empty) and closes it; no session is made. */
  private static void refuse(SocketChannel ch, String id, String reply) {
    LOG.info("{} refused: too many connections (from {})", id, ch.remoteAddress());
    ch.writeAndFlush(Unpooled.wrappedBuffer(reply.getBytes(StandardCharsets.US_ASCII)))
        .addListener(ChannelFutureListener.CLOSE);
  }

  /**
   * Stops accepting, ends every session through {@link EngineSession#shutdown()} (an SMTP client gets
   * {@code 421 4.3.2}, RFC 5321 §3.8; a POP3 session ends without UPDATE), closes every connection (waiting up to two
   * seconds for each goodbye) and stops the event loops unless the user gave them. Closing again does nothing.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return; // a second close (explicit, then try-with-resources) found the event loops stopped
    }
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
    if (ownGroup) {
      group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
  }

  /** Describes a Netty listener; {@link #start()} binds it. */
  public static final class Builder extends ServerBuilder<Builder> {
    private final Function<NettyConnection, EngineSession> sessions;
    private EventLoopGroup group;
    private boolean nativeTransport = true;

    private Builder(String name, Function<NettyConnection, EngineSession> sessions) {
      super(name);
      this.sessions = Objects.requireNonNull(sessions, "sessions");
    }

    @Override
    protected Builder self() {
      return this;
    }

    /**
     * The event loops to run on (shared with other servers, say); by default the server makes its own, one per
     * core, and stops them on close. A given group is never shut down by the server.
     *
     * @param group the event loop group: over Netty's {@code EpollIoHandler} the listener is an epoll channel, over any
     *              other (NIO) a NIO one
     * @return this builder
     */
    public Builder eventLoops(EventLoopGroup group) {
      this.group = Objects.requireNonNull(group, "group");
      return this;
    }

    /**
     * Whether the server's own event loops may use Netty's native epoll transport (the default: true). With it, on
     * Linux where {@code netty-transport-native-epoll} loads, connections cost fewer system calls and less garbage;
     * elsewhere, or with false, the JDK's NIO runs. The start's log line says which one runs. Loops given to
     * {@link #eventLoops} keep their own kind.
     *
     * @param allowed false to force NIO
     * @return this builder
     */
    public Builder nativeTransport(boolean allowed) {
      this.nativeTransport = allowed;
      return this;
    }

    /**
     * Binds and starts accepting.
     *
     * @return the running server
     * @throws IOException if the address cannot be bound (a {@link BindException} when it is in use or not
     *                     available, on NIO and epoll alike)
     * @throws IllegalStateException if implicit TLS is asked for without {@link #tls}
     */
    @Override
    public NettyServer start() throws IOException {
      validate();
      boolean ownGroup = group == null;
      NettyIo io = ownGroup ? NettyIo.forOwnLoops(nativeTransport) : NettyIo.of(group);
      // one loop per core as documented (Netty's default is two): more only hands connections between threads
      EventLoopGroup loops = ownGroup ? io.newLoops(NettyRuntime.availableProcessors()) : group;
      ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
      TlsSettings tls = tlsSettings();
      boolean implicitTls = isImplicitTls();
      TransportOptions options = transportOptions();
      ConnectionLimiter limiter = new ConnectionLimiter(options.maxConnections(), options.maxConnectionsPerAddress());
      SessionErrorHandler errors = errorHandler();
      ProxyProtocol proxies = proxyProtocolSettings();
      String name = name();
      InetSocketAddress bind = bindAddress();
      Function<NettyConnection, EngineSession> sessions = this.sessions;
      ServerBootstrap bootstrap = new ServerBootstrap()
          .group(loops)
          .channel(io.serverChannel())
          .option(ChannelOption.SO_BACKLOG, 1024)
          // no TCP_NODELAY option: both socket configs (NIO, epoll) already set it when made (Netty does on every
          // platform but Android), so setting it again cost a setsockopt per connection
          .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true) // a client's FIN does not take its replies away
          .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(32 * 1024, 64 * 1024))
          .childHandler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
              String id = name + "-" + IDS.incrementAndGet();
              InetAddress client = ch.remoteAddress().getAddress();
              if (proxies != null && proxies.isTrusted(client)) {
                // counted once its PROXY header names the real client
                ch.pipeline().addLast("proxy", new ProxyHeaderHandler(id, proxies, real -> admit(ch, id, real
                    .getAddress(), limiter, implicitTls ? "" : options.overLimitReply())));
              } else if (!admit(ch, id, client, limiter, implicitTls ? "" : options.overLimitReply())) {
                return;
              }
              connections.add(ch);
              if (implicitTls) {
                InetSocketAddress peer = ch.remoteAddress();
                SslHandler ssl = new SslHandler(tls.engine(false, peer.getHostString(), peer.getPort()));
                ssl.setHandshakeTimeoutMillis(0); // the engine's timer keeps the deadline, in the engine's time
                ch.pipeline().addLast("tls", ssl);
              }
              ch.pipeline().addLast("engine",
                  new EngineChannelHandler(id, implicitTls, tls, sessions, options, errors));
            }
          });
      try {
        Channel channel = bootstrap.bind(bind).sync().channel();
        NettyServer server = new NettyServer(loops, ownGroup, channel, connections, limiter);
        LOG.info("{} listening on {}:{} (Netty, {}){}", name, bind.getHostString(), server.port(),
            ownGroup ? io.describe(nativeTransport) : io.label() + " of the given event loops",
            implicitTls ? " (TLS)" : "");
        return server;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        if (ownGroup) {
          loops.shutdownGracefully(0, 0, TimeUnit.SECONDS);
        }
        throw new IOException("interrupted while binding", e);
      } catch (RuntimeException e) {
        if (ownGroup) {
          loops.shutdownGracefully(0, 0, TimeUnit.SECONDS);
        }
        throw new IOException("cannot bind " + bind, e);
      } catch (Exception e) { // the bind's own failure, which sync() rethrows as it is
        if (ownGroup) {
          loops.shutdownGracefully(0, 0, TimeUnit.SECONDS);
        }
        throw bindFailure(bind, e);
      }
    }

    /**
     * A bind that failed as a {@link BindException} on either I/O: the JDK's NIO throws one for an address in use or
     * not available, Netty's epoll its own {@code NativeIoException} carrying the same errno.
     */
    private static IOException bindFailure(InetSocketAddress bind, Exception e) {
      if (e instanceof BindException bindException) {
        return bindException;
      }
      if (e instanceof IOException) {
        BindException b = new BindException("cannot bind " + bind + ": " + e.getMessage());
        b.initCause(e);
        return b;
      }
      return new IOException("cannot bind " + bind, e);
    }
  }
}
