package dev.missive.smtp.server;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.function.BiFunction;

/**
 * Where a {@link SmtpHandler} puts one message's content as it arrives (RFC 5321 §4.1.1.4 DATA, RFC 3030 BDAT): the
 * content is streamed in chunks, never held whole by the engine (DESIGN.md rule 4).
 */
public interface MessageSink {

  /**
   * Receives the next piece of content, already dot-unstuffed.
   *
   * @param chunk read-only; valid only during the call
   */
  void write(ByteBuffer chunk);

  /**
   * The content ended and passed the engine's checks; store it durably, then accept (250), or reject.
   *
   * @param info size, 8-bit and line-ending observations
   * @return the decision: accept once the message is stored durably, or reject
   */
  SmtpDecision end(MessageInfo info);

  /** The message was refused by the engine or cut off; discard what was written. */
  default void abort() {
  }

  /**
   * A sink that collects the message in memory (bounded by the engine's SIZE limit) and hands it over at the end;
   * convenient for small embedded listeners and tests.
   *
   * @param onMessage receives the message's information and content at the end, and decides
   * @return the collecting sink
   */
  static MessageSink collecting(BiFunction<MessageInfo, byte[], SmtpDecision> onMessage) {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    return new MessageSink() {
      @Override
      public void write(ByteBuffer chunk) {
        if (chunk.hasArray()) {
          buffer.write(chunk.array(), chunk.arrayOffset() + chunk.position(), chunk.remaining());
        } else {
          byte[] b = new byte[chunk.remaining()];
          chunk.duplicate().get(b);
          buffer.write(b, 0, b.length);
        }
      }

      @Override
      public SmtpDecision end(MessageInfo info) {
        return onMessage.apply(info, buffer.toByteArray());
      }

      @Override
      public void abort() {
        buffer.reset();
      }
    };
  }
}
