package dev.missive.transport.netty;

import dev.missive.transport.DeflateCodec;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import java.nio.ByteBuffer;

/**
 * The compressing half of the Netty transport's DEFLATE layer (RFC 4978 §4): every write of the
 * {@link EngineChannelHandler} is compressed and ended with a sync flush, so the peer can read each response whole.
 */
final class DeflateHandler extends ChannelOutboundHandlerAdapter {

  private static final int CHUNK = 16 * 1024;

  private final DeflateCodec codec;

  DeflateHandler(DeflateCodec codec) {
    this.codec = codec;
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    ByteBuf plain = (ByteBuf) msg;
    if (!plain.isReadable()) {
      ctx.write(plain, promise); // an empty buffer: the close-after-flush marker
      return;
    }
    ByteBuf out = ctx.alloc().heapBuffer(CHUNK);
    try {
      ByteBuffer view = out.nioBuffer(0, out.capacity());
      boolean done = codec.compress(plain.nioBuffer(), view);
      out.writerIndex(view.position());
      while (!done) {
        out.ensureWritable(CHUNK);
        ByteBuffer more = out.nioBuffer(out.writerIndex(), out.writableBytes());
        done = codec.compressMore(more);
        out.writerIndex(out.writerIndex() + more.position());
      }
    } catch (RuntimeException e) {
      out.release();
      throw e;
    } finally {
      plain.release();
    }
    ctx.write(out, promise);
  }
}
