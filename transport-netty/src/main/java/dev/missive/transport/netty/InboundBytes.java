package dev.missive.transport.netty;

import dev.missive.wire.ProtocolEngine;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.util.function.UnaryOperator;

/**
 * What a channel read and its engine has not taken yet, and whether the peer ended its side of the stream: bytes are
 * fed only while the engine {@linkplain ProtocolEngine#wantsInput() wants input} (the rest waits here, which is the
 * handler's back-pressure), and the peer's end is told to the engine only once every byte it sent before was fed
 * (docs/architecture.md, "Driving an engine"). Used on the channel's event loop only.
 */
final class InboundBytes {

  private ByteBuf pending = Unpooled.EMPTY_BUFFER;
  private boolean peerEnded;
  private boolean endReported;

  /** Keeps {@code in} (taking its reference) after what waits already. */
  void add(ByteBufAllocator alloc, ByteBuf in) {
    if (!pending.isReadable()) {
      pending.release();
      pending = in;
    } else {
      ByteBuf joined = alloc.buffer(pending.readableBytes() + in.readableBytes());
      joined.writeBytes(pending).writeBytes(in);
      pending.release();
      in.release();
      pending = joined;
    }
  }

  /** {@return whether bytes wait for the engine} */
  boolean isReadable() {
    return pending.isReadable();
  }

  /** Feeds what waits while the engine wants input; true if it took any byte. */
  boolean feed(ProtocolEngine engine) {
    if (!pending.isReadable() || !engine.wantsInput()) {
      return false;
    }
    // the buffer's own NIO view (no new ByteBuffer per feed; Netty's nioBuffer() sliced one each time), valid until the
    // buffer changes: the engine is done with it when receive returns
    ByteBuffer nio = pending.nioBufferCount() == 1 ? pending.internalNioBuffer(pending.readerIndex(),
        pending.readableBytes()) : pending.nioBuffer();
    int before = nio.remaining();
    engine.receive(nio);
    int consumed = before - nio.remaining();
    pending.skipBytes(consumed);
    return consumed > 0;
  }

  /** Notes that the peer half-closed: what it sent before is still fed, then the engine hears of the end. */
  void peerEnded() {
    peerEnded = true;
  }

  /** {@return whether the peer ended its side} */
  boolean hasPeerEnded() {
    return peerEnded;
  }

  /** Tells the engine the peer ended its side, once every byte it sent before was fed; true if it did now. */
  boolean reportEnd(ProtocolEngine engine) {
    if (!peerEnded || endReported || pending.isReadable() || engine.isClosed()) {
      return false;
    }
    endReported = true;
    engine.receiveEnd();
    return true;
  }

  /**
   * Hands what waits to a new layer of the stream (which returns what the engine should still be fed, possibly
   * nothing) and keeps that instead.
   */
  void handOver(UnaryOperator<ByteBuf> layer) {
    ByteBuf unfed = pending;
    pending = Unpooled.EMPTY_BUFFER;
    pending = layer.apply(unfed);
  }

  /**
   * Drops what waits: the plaintext read ahead of a TLS handshake (RFC 3207 §4.2, CVE-2011-0411), or what a closed
   * channel left.
   */
  void discard() {
    pending.release();
    pending = Unpooled.EMPTY_BUFFER;
  }
}
