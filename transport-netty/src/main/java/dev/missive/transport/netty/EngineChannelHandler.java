package dev.missive.transport.netty;

import dev.missive.transport.Connection;
import dev.missive.transport.DeflateCodec;
import dev.missive.transport.EngineSession;
import dev.missive.transport.SessionErrorHandler;
import dev.missive.transport.TlsHandshakes;
import dev.missive.transport.TlsSettings;
import dev.missive.transport.TransportOptions;
import dev.missive.wire.ProtocolEngine;
import dev.missive.wire.StreamChange;
import dev.missive.wire.StreamLayer;
import dev.missive.wire.TlsInfo;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.concurrent.Future;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.function.Function;
import javax.net.ssl.SSLSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Drives any {@link ProtocolEngine} on one Netty channel: the event-loop host of docs/architecture.md ("Driving an
 * engine"). Bytes read are fed while the engine {@linkplain ProtocolEngine#wantsInput() wants input} (the rest waits
 * in {@link InboundBytes} and reads stop: {@code setAutoRead(false)} is the back-pressure); events are answered by the
 * {@link EngineSession}; output is written while the channel is writable; on STARTTLS (RFC 3207 §4) or STLS (RFC 2595
 * §4) an {@link SslHandler} goes to the front of the pipeline after the 220/+OK is written, and no byte read before
 * the handshake is ever fed after it (RFC 3207 §4.2, CVE-2011-0411). When the peer ends its side of the stream (the
 * channel needs {@code ALLOW_HALF_CLOSURE}), what it sent before is still fed and answered before the engine hears of
 * the end.
 *
 * <p>One timer per engine, measured in the engine's own {@link ProtocolEngine#environment() time}
 * ({@link ChannelDeadlines}): it follows {@link ProtocolEngine#nextDeadline()}, the write deadline of a peer that
 * reads nothing and, while a TLS handshake runs (implicit or after STARTTLS/STLS), the handshake deadline of
 * {@link TransportOptions#handshakeTimeout()}; a handshake that misses it or fails is one log line. Everything here runs on the channel's event loop, so the engine sees one thread; decisions made on other
 * threads come back through {@link NettyConnection#resume(Runnable)}. The session id is in the SLF4J MDC under
 * {@code session} whenever the session's code runs.
 */
public final class EngineChannelHandler extends ChannelInboundHandlerAdapter {

  private static final Logger LOG = LoggerFactory.getLogger(EngineChannelHandler.class);
  private static final int CHUNK = 16 * 1024;

  private final String sessionId;
  private final boolean implicitTls;
  private final TlsSettings tls;
  private final Function<NettyConnection, EngineSession> sessions;
  private final TransportOptions options;
  private final SessionErrorHandler errors;
  private final String tlsPeerHost;
  private final InboundBytes inbound = new InboundBytes();
  private ChannelHandlerContext ctx;
  private Connection connection;
  private EngineSession session;
  private ProtocolEngine engine;
  private ChannelDeadlines deadlines;
  private boolean handshakeReported;
  private boolean handshaking;
  private boolean driving;
  private boolean redrive;
  private boolean closing;

  /**
   * Creates the handler of one channel.
   *
   * @param sessionId   an id for logs: letters, digits, {@code -} and {@code .}
   * @param implicitTls whether an {@link SslHandler} is already in the pipeline before this handler (RFC 8314)
   * @param tls         the TLS for STARTTLS/STLS (server or client mode, as the engine asks); null if not offered
   * @param sessions    makes the connection's session (its engine and event handling) when the channel is active
   * @param options     the handshake and write deadlines, the inflation bound of a compressed stream (its
   *                    connection limits are the server's business)
   * @param errors      told of a session that fails
   */
  public EngineChannelHandler(String sessionId, boolean implicitTls, TlsSettings tls,
                              Function<NettyConnection, EngineSession> sessions, TransportOptions options,
                              SessionErrorHandler errors) {
    this(sessionId, implicitTls, tls, null, sessions, options, errors);
  }

  private EngineChannelHandler(String sessionId, boolean implicitTls, TlsSettings tls, String tlsPeerHost,
                               Function<NettyConnection, EngineSession> sessions, TransportOptions options,
                               SessionErrorHandler errors) {
    this.tlsPeerHost = tlsPeerHost;
    this.sessionId = sessionId;
    this.implicitTls = implicitTls;
    this.tls = tls;
    this.sessions = sessions;
    this.options = options;
    this.errors = errors;
  }

  /**
   * Creates the handler of a client channel whose engine may ask for STARTTLS/STLS in client mode: the server's name
   * {@code host} is what TLS sends as its server name and checks the certificate against (with
   * {@link TlsSettings#client}); an implicit-TLS client puts its own {@link SslHandler} (from
   * {@link TlsSettings#engine}) in front of this handler.
   *
   * @param sessionId   an id for logs: letters, digits, {@code -} and {@code .}
   * @param implicitTls whether an {@link SslHandler} is already in the pipeline before this handler (RFC 8314)
   * @param tls         the client's TLS; null if the engine never asks for it
   * @param host        the server's host name as the user named it
   * @param sessions    makes the connection's session (its client engine and event handling)
   * @param options     the handshake deadline
   * @param errors      told of a session that fails
   * @return the handler
   */
  public static EngineChannelHandler client(String sessionId, boolean implicitTls, TlsSettings tls, String host,
                                            Function<NettyConnection, EngineSession> sessions,
                                            TransportOptions options, SessionErrorHandler errors) {
    return new EngineChannelHandler(sessionId, implicitTls, tls, host, sessions, options, errors);
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    this.ctx = ctx;
    ctx.channel().config().setAutoRead(false);
    MDC.put("session", sessionId);
    try {
      InetSocketAddress remote = ProxyHeaderHandler.remote(ctx.channel()); // a trusted proxy's real client
      LOG.info("{} connection from {}", sessionId, remote);
      connection = new Connection(sessionId, remote, implicitTls, ProxyHeaderHandler.proxy(ctx.channel()));
      session = sessions.apply(new NettyConnection(connection, ctx.channel(), this::drive));
      engine = session.engine();
      EventLoopWakeup.install(engine, ctx.executor(), this::drive, sessionId); // wake-ups from other threads
      deadlines = new ChannelDeadlines(ctx.executor(), engine, options, this::onTimer);
      if (implicitTls) {
        deadlines.handshakeStarted();
        SslHandler ssl = ctx.pipeline().get(SslHandler.class);
        ssl.handshakeFuture().addListener(f -> handshakeDone(ssl, f, false));
        ctx.read(); // the SslHandler reads its ClientHello; this handler's reads follow the engine
      }
    } catch (RuntimeException e) {
      fail(e);
      return;
    } finally {
      MDC.remove("session");
    }
    drive();
  }

  /**
   * Ends the session because the server is stopping: on the event loop, {@link EngineSession#shutdown()} (421 4.3.2
   * for SMTP, RFC 5321 §3.8; POP3 without UPDATE, RFC 1939 §6), then the goodbye is flushed and the channel closed.
   *
   * @return completes when the channel is closed, or null if the channel never became active
   */
  public Future<Void> shutdown() {
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
    inbound.add(ctx.alloc(), in);
    drive();
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    drive();
    ctx.fireChannelWritabilityChanged();
  }

  /** Moves bytes and events until nothing more can happen without the peer, a decision or the timer. */
  void drive() {
    if (engine == null || closing && !ctx.channel().isActive()) {
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
          boolean fed = inbound.feed(engine);
          session.handleEvents();
          // draining can wake the engine (its output fell under the limit) and raise new events: go round again
          boolean wrote = writeOutput();
          progress = fed || wrote || session.wantsToWrite() || inbound.reportEnd(engine);
        }
        ctx.flush();
      } while (redrive);
      deadlines.followWriteStall(engine.hasOutput() && !ctx.channel().isWritable());
      if (engine.isClosed() && !engine.hasOutput()) {
        closeAfterFlush();
      } else if (engine.status() == ProtocolEngine.Status.STREAM_CHANGE && !handshaking && !engine.hasOutput()) {
        startTls();
      }
      ctx.channel().config().setAutoRead(!closing && !handshaking && !inbound.hasPeerEnded() && engine.wantsInput()
          && !inbound.isReadable());
      deadlines.schedule(engine);
    } catch (IOException | RuntimeException e) {
      fail(e);
    } finally {
      driving = false;
      MDC.remove("session");
    }
  }

  private void fail(Throwable e) {
    closing = true;
    try {
      errors.sessionFailed(connection, e);
    } catch (RuntimeException hook) {
      LOG.warn("{} the error hook failed", sessionId, hook);
    }
    ctx.close();
  }

  private boolean writeOutput() {
    boolean wrote = false;
    while (engine.hasOutput() && ctx.channel().isWritable()) {
      ByteBuf buf = ctx.alloc().buffer(CHUNK);
      ByteBuffer nio = buf.internalNioBuffer(0, CHUNK); // the buffer's own view, not a new slice per write
      int start = nio.position();
      engine.drainOutput(nio);
      buf.writerIndex(nio.position() - start);
      ctx.write(buf);
      wrote = true;
    }
    return wrote;
  }

  private void startTls() {
    StreamChange change = engine.pendingStreamChange().orElseThrow();
    if (change instanceof StreamChange.Compress compress && compress.mechanism().equals("DEFLATE")) {
      inbound.handOver(unfed -> DeflateLayer.install(ctx, compress, unfed, sessionId, // RFC 4978 §3: above TLS
          new DeflateCodec(options.maxInflationRatio(), options.inflationSlack())));
      engine.streamChanged(new StreamLayer.Deflate());
      ctx.executor().execute(this::drive); // after this drive: output the change may have queued, reads again
      return;
    }
    if (!(change instanceof StreamChange.StartTls start)) {
      LOG.warn("{} the engine asked for {}, which this transport cannot make", sessionId, change);
      closing = true;
      ctx.close();
      return;
    }
    if (tls == null) {
      LOG.warn("{} the engine asked for TLS but none is configured", sessionId);
      closing = true;
      ctx.close();
      return;
    }
    handshaking = true;
    inbound.discard(); // plaintext read ahead of the handshake is dropped (CVE-2011-0411)
    InetSocketAddress peer = connection.remote();
    String host = tlsPeerHost != null ? tlsPeerHost : peer.getHostString();
    SslHandler ssl = new SslHandler(tls.engine(start.clientMode(), host, peer.getPort()));
    ssl.setHandshakeTimeoutMillis(0); // the engine's timer keeps the deadline, in the engine's time
    deadlines.handshakeStarted();
    ctx.pipeline().addFirst("tls", ssl);
    ssl.handshakeFuture().addListener(f -> handshakeDone(ssl, f, true));
  }

  private void handshakeDone(SslHandler ssl, Future<?> f, boolean streamChange) {
    deadlines.handshakeEnded();
    if (!f.isSuccess()) {
      reportHandshakeFailure(TlsHandshakes.reason(f.cause()));
      return;
    }
    SSLSession s = ssl.engine().getSession();
    LOG.info("{} TLS established: {} {}", sessionId, s.getProtocol(), s.getCipherSuite());
    if (streamChange) {
      handshaking = false;
      engine.streamChanged(new TlsInfo(s.getProtocol(), s.getCipherSuite()));
    }
    drive();
  }

  private void reportHandshakeFailure(String reason) {
    if (!handshakeReported) {
      handshakeReported = true;
      TlsHandshakes.logFailure(sessionId, ctx.channel().remoteAddress(), reason);
    }
    closing = true;
    ctx.close();
  }

  private void onTimer() {
    if (deadlines.handshakeMissed()) {
      reportHandshakeFailure(deadlines.handshakeMissedReason());
      return;
    }
    long stalled = deadlines.writeStallMillis();
    if (stalled >= 0) {
      LOG.info("{} the peer read nothing for {} ms: closing", sessionId, stalled);
      closing = true;
      ctx.close();
      return;
    }
    if (!engine.isClosed()) {
      MDC.put("session", sessionId);
      try {
        engine.onTimeout(); // before the deadline it does nothing
      } finally {
        MDC.remove("session");
      }
    }
    drive();
  }

  private void closeAfterFlush() {
    if (!closing) {
      closing = true;
      ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (deadlines != null) {
      deadlines.cancel();
    }
    inbound.discard();
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
    if (event instanceof SslHandshakeCompletionEvent done && !done.isSuccess()) {
      reportHandshakeFailure(TlsHandshakes.reason(done.cause()));
    } else if (event instanceof ChannelInputShutdownEvent) {
      inbound.peerEnded(); // the peer half-closed: answer what it sent, then close
      drive();
    }
    ctx.fireUserEventTriggered(event);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    LOG.debug("{} connection failed: {}", sessionId, cause.toString());
    closing = true;
    ctx.close();
  }
}
