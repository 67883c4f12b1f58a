package dev.missive.examples.netty;

import dev.missive.examples.transport.Connection;
import dev.missive.examples.transport.EngineSession;
import dev.missive.examples.transport.TlsHandshakes;
import dev.missive.examples.transport.TransportOptions;
import dev.missive.wire.ProtocolEngine;
import dev.missive.wire.StreamChange;
import dev.missive.wire.TlsInfo;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Drives any {@link ProtocolEngine} on one Netty channel: the event-loop host of the engine contract. Bytes read are
 * fed while the engine {@linkplain ProtocolEngine#wantsInput() wants input} (the rest waits here and reads stop:
 * {@code setAutoRead(false)} is the backpressure); events are answered by the {@link EngineSession}; output is written
 * while the channel is writable; one timer follows {@link ProtocolEngine#nextDeadline()}; on STARTTLS
 * (RFC 3207 §4) or STLS (RFC 2595 §4) an {@link SslHandler} goes to the front of the pipeline after the 220/+OK is
 * written, with the handshake deadline of {@link TransportOptions}, and no byte read before the handshake is ever fed
 * after it (RFC 3207 §4.2, CVE-2011-0411). When the peer ends its side of the stream (the channel needs
 * {@code ALLOW_HALF_CLOSURE}), what it sent before is still fed and answered before the engine hears of the end.
 *
 * <p>Everything here runs on the channel's event loop, so the engine sees one thread; decisions made on other
 * threads come back through {@link NettyConnection#resume(Runnable)}. The timer measures the engine's deadline
 * against the engine's own {@link ProtocolEngine#environment() environment}.
 */
public final class EngineChannelHandler extends ChannelInboundHandlerAdapter {

  private static final Logger LOG = LoggerFactory.getLogger(EngineChannelHandler.class);
  private static final int CHUNK = 16 * 1024;

  private final String sessionId;
  private final boolean implicitTls;
  private final Supplier<SSLEngine> tls;
  private final Function<NettyConnection, EngineSession> sessions;
  private final long handshakeMillis;
  private ChannelHandlerContext ctx;
  private EngineSession session;
  private ProtocolEngine engine;
  private ByteBuf pending = Unpooled.EMPTY_BUFFER;
  private ScheduledFuture<?> timer;
  private long timerDeadline = Long.MIN_VALUE;
  private boolean handshaking;
  private boolean driving;
  private boolean redrive;
  private boolean closing;
  private boolean peerEnded;
  private boolean endReported;

  /**
   * Creates the handler of one channel.
   *
   * @param sessionId   an id for logs
   * @param implicitTls whether an {@link SslHandler} is already in the pipeline (RFC 8314)
   * @param tls         makes a server- or client-mode {@link SSLEngine} for STARTTLS/STLS; null if TLS is not offered
   * @param sessions    makes the connection's session (its engine and event handling)
   */
  public EngineChannelHandler(String sessionId, boolean implicitTls, Supplier<SSLEngine> tls,
                              Function<NettyConnection, EngineSession> sessions) {
    this(sessionId, implicitTls, tls, sessions, TransportOptions.defaults());
  }

  /**
   * Creates the handler of one channel with the handshake deadline and time source of {@code options}.
   *
   * @param sessionId   an id for logs
   * @param implicitTls whether an {@link SslHandler} is already in the pipeline (RFC 8314)
   * @param tls         makes a server- or client-mode {@link SSLEngine} for STARTTLS/STLS; null if TLS is not offered
   * @param sessions    makes the connection's session (its engine and event handling)
   * @param options     the STARTTLS/STLS handshake deadline (its limits are the server's business)
   */
  public EngineChannelHandler(String sessionId, boolean implicitTls, Supplier<SSLEngine> tls,
                              Function<NettyConnection, EngineSession> sessions, TransportOptions options) {
    this.sessionId = sessionId;
    this.implicitTls = implicitTls;
    this.tls = tls;
    this.sessions = sessions;
    this.handshakeMillis = options.handshakeTimeout().toMillis();
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    this.ctx = ctx;
    ctx.channel().config().setAutoRead(false);
    MDC.put("session", sessionId);
    try {
      LOG.info("{} connection from {}", sessionId, ctx.channel().remoteAddress());
      Connection connection =
          new Connection(sessionId, (InetSocketAddress) ctx.channel().remoteAddress(), implicitTls);
      session = sessions.apply(new NettyConnection(connection, ctx.channel(), this::drive));
      engine = session.engine();
    } finally {
      MDC.remove("session");
    }
    drive();
  }

  /**
   * Ends the session because the server is stopping: on the event loop, {@link EngineSession#shutdown()} (421 4.3.2
   * for SMTP, RFC 5321 §3.8), then the goodbye is flushed and the channel closed.
   *
   * @return completes when the channel is closed
   */
  public io.netty.util.concurrent.Future<Void> shutdown() {
    if (ctx == null) {
      return null; // not active yet: nothing to say goodbye with
    }
    ctx.executor().execute(() -> {
      MDC.put("session", sessionId);
      try {
        if (engine != null && !engine.isClosed()) {
          session.shutdown();
        }
      } catch (IOException | RuntimeException e) {
        LOG.debug("{} goodbye failed: {}", sessionId, e.toString());
      } finally {
        MDC.remove("session");
      }
      drive();
      closing = true;
      ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    });
    return ctx.channel().closeFuture();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    ByteBuf in = (ByteBuf) msg;
    if (engine == null || engine.isClosed()) {
      in.release();
      return;
    }
    // once the SslHandler is in, every byte arriving here came through TLS; what was read before it was dropped
    // in startTls(), and feed() waits for streamChanged()
    if (!pending.isReadable()) {
      pending.release();
      pending = in;
    } else {
      ByteBuf joined = ctx.alloc().buffer(pending.readableBytes() + in.readableBytes());
      joined.writeBytes(pending).writeBytes(in);
      pending.release();
      in.release();
      pending = joined;
    }
    drive();
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    drive();
    ctx.fireChannelWritabilityChanged();
  }

  /** Moves bytes and events until nothing more can happen without the peer, a decision or the timer. */
  void drive() {
    if (engine == null) {
      return;
    }
    if (driving) {
      redrive = true; // re-entered (a flush made the channel writable again): the outer call goes round again
      return;
    }
    driving = true;
    MDC.put("session", sessionId);
    try {
      do {
        redrive = false;
        boolean progress = true;
        while (progress) {
          boolean fed = feed();
          session.handleEvents();
          // draining can wake the engine (its output fell under the limit) and raise new events: go round again
          boolean wrote = writeOutput();
          progress = fed || wrote || session.wantsToWrite() || reportEnd();
        }
        ctx.flush();
      } while (redrive);
      if (engine.isClosed() && !engine.hasOutput()) {
        closeAfterFlush();
      } else if (engine.status() == ProtocolEngine.Status.STREAM_CHANGE && !handshaking && !engine.hasOutput()) {
        startTls();
      }
      ctx.channel().config().setAutoRead(!closing && !handshaking && !peerEnded && engine.wantsInput()
          && !pending.isReadable());
      scheduleTimer();
    } catch (IOException | RuntimeException e) {
      LOG.warn("{} session failed", sessionId, e);
      ctx.close();
    } finally {
      driving = false;
      MDC.remove("session");
    }
  }

  /** Tells the engine the peer ended its side, once every byte it sent before was fed; true if it did now. */
  private boolean reportEnd() {
    if (!peerEnded || endReported || pending.isReadable() || engine.isClosed()) {
      return false;
    }
    endReported = true;
    engine.receiveEnd();
    return true;
  }

  private boolean feed() {
    if (!pending.isReadable() || !engine.wantsInput()) {
      return false;
    }
    ByteBuffer nio = pending.nioBuffer();
    int before = nio.remaining();
    engine.receive(nio);
    int consumed = before - nio.remaining();
    pending.skipBytes(consumed);
    return consumed > 0;
  }

  private boolean writeOutput() {
    boolean wrote = false;
    while (engine.hasOutput() && ctx.channel().isWritable()) {
      ByteBuf buf = ctx.alloc().buffer(CHUNK);
      ByteBuffer nio = buf.nioBuffer(0, CHUNK);
      engine.drainOutput(nio);
      buf.writerIndex(nio.position());
      ctx.write(buf);
      wrote = true;
    }
    return wrote;
  }

  private void startTls() {
    StreamChange change = engine.pendingStreamChange().orElseThrow();
    if (!(change instanceof StreamChange.StartTls)) {
      LOG.warn("{} the engine asked for {}, which this transport cannot make", sessionId, change);
      ctx.close();
      return;
    }
    if (tls == null) {
      LOG.warn("{} the engine asked for TLS but none is configured", sessionId);
      ctx.close();
      return;
    }
    handshaking = true;
    pending.release();
    pending = Unpooled.EMPTY_BUFFER; // plaintext read ahead of the handshake is dropped (CVE-2011-0411)
    SslHandler ssl = new SslHandler(tls.get());
    ssl.setHandshakeTimeoutMillis(handshakeMillis);
    ctx.pipeline().addFirst("tls", ssl);
    ssl.handshakeFuture().addListener(f -> {
      handshaking = false;
      if (!f.isSuccess()) {
        TlsHandshakes.logFailure(sessionId, ctx.channel().remoteAddress(), TlsHandshakes.reason(f.cause()));
        ctx.close();
        return;
      }
      SSLSession s = ssl.engine().getSession();
      LOG.info("{} TLS established: {} {}", sessionId, s.getProtocol(), s.getCipherSuite());
      engine.streamChanged(new TlsInfo(s.getProtocol(), s.getCipherSuite()));
      drive();
    });
  }

  private void scheduleTimer() {
    OptionalLong deadline = engine.isClosed() ? OptionalLong.empty() : engine.nextDeadline();
    long d = deadline.orElse(Long.MIN_VALUE);
    if (d == timerDeadline) {
      return;
    }
    if (timer != null) {
      timer.cancel(false);
      timer = null;
    }
    timerDeadline = d;
    if (deadline.isPresent()) {
      long delay = Math.max(0, d - engine.environment().now());
      timer = ctx.executor().schedule(() -> {
        timer = null;
        timerDeadline = Long.MIN_VALUE;
        if (!engine.isClosed()) {
          engine.onTimeout();
        }
        drive();
      }, delay, TimeUnit.NANOSECONDS);
    }
  }

  private void closeAfterFlush() {
    if (!closing) {
      closing = true;
      ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (timer != null) {
      timer.cancel(false);
    }
    pending.release();
    pending = Unpooled.EMPTY_BUFFER;
    if (engine != null) {
      MDC.put("session", sessionId);
      try {
        if (!engine.isClosed()) {
          engine.receiveEnd();
          session.handleEvents();
        }
      } catch (IOException | RuntimeException e) {
        LOG.debug("after the peer left: {}", e.toString());
      } finally {
        session.closed();
        LOG.info("{} closed", sessionId);
        MDC.remove("session");
      }
    }
    ctx.fireChannelInactive();
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
    if (event instanceof SslHandshakeCompletionEvent done && !done.isSuccess() && implicitTls) {
      TlsHandshakes.logFailure(sessionId, ctx.channel().remoteAddress(), TlsHandshakes.reason(done.cause()));
      ctx.close(); // STARTTLS/STLS handshakes are reported by startTls()
    } else if (event instanceof ChannelInputShutdownEvent) {
      peerEnded = true; // the peer half-closed: answer what it sent, then close
      drive();
    }
    ctx.fireUserEventTriggered(event);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    LOG.debug("connection {} failed: {}", sessionId, cause.toString());
    ctx.close();
  }
}
