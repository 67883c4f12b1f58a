package dev.missive.transport.netty;

import dev.missive.transport.DeflateCodec;
import dev.missive.wire.StreamChange;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;

/** Puts the DEFLATE layer (RFC 4978) into a channel's pipeline just before the {@link EngineChannelHandler}. */
final class DeflateLayer {

  private DeflateLayer() {
  }

  /**
   * Adds the {@link InflateHandler} and the {@link DeflateHandler} before {@code ctx}'s handler, so they sit above TLS
   * (RFC 4978 §3). Output written before is not compressed: it passed these positions already.
   *
   * @param ctx       the engine handler's context
   * @param change    the engine's change
   * @param unfed     what the engine handler read but did not feed; dropped, or for a client inflated first
   * @param sessionId the connection's id, for logs
   * @param codec     the connection's codec, with the transport options' inflation bound
   * @return the engine handler's new (empty) buffer of unfed input
   */
  static ByteBuf install(ChannelHandlerContext ctx, StreamChange.Compress change, ByteBuf unfed, String sessionId,
      DeflateCodec codec) {
    ByteBuf kept = Unpooled.EMPTY_BUFFER;
    if (change.keepsUnfedInput()) {
      kept = unfed;
    } else {
      unfed.release();
    }
    ctx.pipeline().addBefore(ctx.name(), "inflate", new InflateHandler(codec, sessionId, kept));
    ctx.pipeline().addBefore(ctx.name(), "deflate", new DeflateHandler(codec));
    return Unpooled.EMPTY_BUFFER;
  }
}
