package dev.missive.transport.netty;

import dev.missive.transport.DeflateCodec;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The inflating half of the Netty transport's DEFLATE layer (RFC 4978 §4), between TLS (if any) and the
 * {@link EngineChannelHandler}. It inflates on demand: one chunk at a time, only while the handler after it reads
 * (auto-read on, or a {@code read()} asked for), and it asks the socket for more only once every octet it holds was
 * inflated. So what a decompression bomb can claim is one chunk and one socket read (docs/security.md,
 * "Compression"); the {@link DeflateCodec}'s ratio bound closes a connection whose octets inflate too far.
 */
final class InflateHandler extends ChannelDuplexHandler {

  private static final Logger LOG = LoggerFactory.getLogger(InflateHandler.class);
  private static final int CHUNK = 16 * 1024;

  private final DeflateCodec codec;
  private final String sessionId;
  private ByteBuf compressed = Unpooled.EMPTY_BUFFER;

  /**
   * @param codec     the connection's codec (its deflating half is the {@link DeflateHandler}'s)
   * @param sessionId the connection's id, for the log line of a refused stream
   * @param unfedNow  compressed octets read already (a client's COMPRESS), inflated first; released here
   */
  InflateHandler(DeflateCodec codec, String sessionId, ByteBuf unfedNow) {
    this.codec = codec;
    this.sessionId = sessionId;
    this.compressed = unfedNow;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    ByteBuf in = (ByteBuf) msg;
    if (!compressed.isReadable()) {
      compressed.release();
      compressed = in;
    } else {
      ByteBuf joined = ctx.alloc().buffer(compressed.readableBytes() + in.readableBytes());
      joined.writeBytes(compressed).writeBytes(in);
      compressed.release();
      in.release();
      compressed = joined;
    }
    if (ctx.channel().config().isAutoRead()) {
      pump(ctx);
    }
  }

  /**
   * The next handler asks for input. Inflated octets are passed on from a task of the event loop, not from inside this
   * call: the engine handler asks from inside its own drive, which would not see them.
   */
  @Override
  public void read(ChannelHandlerContext ctx) {
    if (!compressed.isReadable() && codec.needsInput()) {
      ctx.read(); // nothing left to inflate: read the socket
      return;
    }
    ctx.executor().execute(() -> {
      if (ctx.channel().isActive() && !pump(ctx)) {
        ctx.read();
      }
    });
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    compressed.release();
    compressed = Unpooled.EMPTY_BUFFER;
    codec.close();
  }

  /** Inflates and passes on chunks while the next handler reads; returns whether it passed on any. */
  private boolean pump(ChannelHandlerContext ctx) {
    boolean any = false;
    try {
      do {
        if (!compressed.isReadable() && codec.needsInput()) {
          break;
        }
        ByteBuf out = ctx.alloc().heapBuffer(CHUNK);
        ByteBuffer o = out.nioBuffer(0, CHUNK);
        ByteBuffer src = compressed.nioBuffer();
        codec.feed(src);
        int n;
        try {
          n = codec.inflate(o);
        } finally {
          compressed.skipBytes(src.position());
        }
        if (n == 0) {
          out.release();
          break;
        }
        out.writerIndex(n);
        any = true;
        ctx.fireChannelRead(out);
      } while (ctx.channel().isActive() && ctx.channel().config().isAutoRead());
    } catch (IOException e) {
      LOG.info("{} compressed stream refused, closing: {}", sessionId, e.getMessage());
      ctx.close();
    }
    if (any) {
      ctx.fireChannelReadComplete();
    }
    return any;
  }
}
