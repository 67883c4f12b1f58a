package dev.missive.transport.netty;

import dev.missive.transport.ProxyProtocol;
import dev.missive.wire.ProxyHeader;
import dev.missive.wire.ProxyHeaderDecoder;
import dev.missive.wire.ProxyHeaderException;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.util.AttributeKey;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first handler of a trusted proxy's channel ({@link ProxyProtocol}): it holds the channel's activation back
 * from the handlers after it (TLS, the engine) until a PROXY protocol header has named the real client, records that
 * client on the channel for {@link EngineChannelHandler}, then passes on the activation and the octets after the
 * header and leaves the pipeline. A channel without a valid header within the deadline, or whose client the
 * {@code admit} check refuses (the connection limits), is closed without reaching the engine.
 */
final class ProxyHeaderHandler extends ChannelInboundHandlerAdapter {

  private static final Logger LOG = LoggerFactory.getLogger(ProxyHeaderHandler.class);
  private static final AttributeKey<InetSocketAddress> CLIENT = AttributeKey.valueOf("missive.proxied-client");

  private final String sessionId;
  private final ProxyProtocol settings;
  private final Predicate<InetSocketAddress> admit;
  private final ProxyHeaderDecoder decoder;
  private ScheduledFuture<?> deadline;
  private boolean done;

  /**
   * A handler for one channel.
   *
   * @param sessionId the connection's id, for logs
   * @param settings  the header's deadline and maximum
   * @param admit     counts the real client against the limits; false when it refused (and closed) the channel
   */
  ProxyHeaderHandler(String sessionId, ProxyProtocol settings, Predicate<InetSocketAddress> admit) {
    this.sessionId = sessionId;
    this.settings = settings;
    this.admit = admit;
    this.decoder = settings.newDecoder();
  }

  /** {@return the trusted proxy of this channel when a PROXY header named its client, else empty} */
  static Optional<InetSocketAddress> proxy(Channel channel) {
    return channel.attr(CLIENT).get() == null ? Optional.empty()
        : Optional.of((InetSocketAddress) channel.remoteAddress());
  }

  /** {@return the real client a PROXY header named on this channel, else the channel's remote address} */
  static InetSocketAddress remote(Channel channel) {
    InetSocketAddress client = channel.attr(CLIENT).get();
    return client != null ? client : (InetSocketAddress) channel.remoteAddress();
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    long millis = settings.headerTimeout().toMillis();
    deadline = ctx.executor().schedule(() -> refuse(ctx, "no PROXY header within " + millis + " ms"), millis,
        TimeUnit.MILLISECONDS);
    ctx.read();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    ByteBuf in = (ByteBuf) msg;
    if (done) {
      in.release();
      return;
    }
    Optional<ProxyHeader> header;
    try {
      ByteBuffer octets = in.nioBuffer(in.readerIndex(), in.readableBytes());
      header = decoder.decode(octets);
      in.skipBytes(octets.position());
    } catch (ProxyHeaderException e) {
      in.release();
      refuse(ctx, "bad PROXY header: " + e.getMessage());
      return;
    }
    if (header.isEmpty()) {
      in.release();
      ctx.read();
      return;
    }
    InetSocketAddress proxy = (InetSocketAddress) ctx.channel().remoteAddress();
    Optional<InetSocketAddress> client = ProxyProtocol.client(header.get(), proxy);
    if (client.isEmpty()) {
      in.release();
      refuse(ctx, "the PROXY header names no client address (" + header.get().getClass().getSimpleName() + ")");
      return;
    }
    finish();
    if (!admit.test(client.get())) {
      in.release();
      return;
    }
    LOG.info("{} PROXY header from {}: client {}", sessionId, proxy, client.get());
    ctx.channel().attr(CLIENT).set(client.get());
    ctx.fireChannelActive();
    if (in.isReadable()) {
      ctx.fireChannelRead(in);
    } else {
      in.release();
    }
    ctx.pipeline().remove(this);
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
    if (!done && event instanceof ChannelInputShutdownEvent) {
      refuse(ctx, "the connection ended before its PROXY header");
      return;
    }
    ctx.fireUserEventTriggered(event);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (!done) {
      finish();
      LOG.info("{} closed before its PROXY header ({} octets)", sessionId, decoder.octetsTaken());
    }
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (done) {
      ctx.fireExceptionCaught(cause);
      return;
    }
    refuse(ctx, cause.toString());
  }

  private void refuse(ChannelHandlerContext ctx, String why) {
    if (done) {
      return;
    }
    finish();
    LOG.info("{} refused: {} (from {})", sessionId, why, ctx.channel().remoteAddress());
    ctx.close();
  }

  private void finish() {
    done = true;
    if (deadline != null) {
      deadline.cancel(false);
    }
  }
}
