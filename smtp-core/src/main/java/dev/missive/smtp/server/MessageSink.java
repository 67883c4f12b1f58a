package dev.missive.smtp.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.function.BiFunction;

/**
 * Where a {@link SmtpHandler} puts one message's content as it arrives (RFC 5321 §4.1.1.4 DATA, RFC 3030 BDAT): the
 * content is streamed in chunks, never held whole by the engine (docs/architecture.md, "Streamed message data").
 *
 * <p>Exactly one of {@link #end} and {@link #abort} is called, unless {@link #write} failed. A sink whose
 * {@code write} throws is poisoned: {@link #abort} is called at once, the rest of the content is discarded, and the
 * end of the data is answered {@link ReplyText#LOCAL_ERROR} ({@code 451 4.3.0}) without calling {@code end}, so
 * nothing half-written is ever accepted.
 */
public interface MessageSink {

  /**
   * Receives the next piece of content, already dot-unstuffed (RFC 5321 §4.5.2), or as sent with BDAT.
   *
   * @param chunk read-only; valid only during the call
   * @throws IOException the content cannot be kept: the sink is aborted and the message answered with 451
   */
  void write(ByteBuffer chunk) throws IOException;

  /**
   * The content ended and passed the engine's checks; store it durably, then accept ({@code 250}), or reject;
   * under LMTP answer each recipient ({@link SmtpDecision#perRecipient}, RFC 2033 §4.2).
   *
   * @param info size, 8-bit and line-ending observations
   * @return the decision: accept once the message is stored durably, or reject
   * @throws IOException the message could not be made durable: answered with 451 (each recipient under LMTP)
   */
  SmtpDecision end(ReceivedContent info) throws IOException;

  /**
   * The message was refused by the engine, cut off, reset, or its handler failed: discard what was written. Called
   * at most once, never after {@link #end}.
   */
  default void abort() {
  }

  /**
   * A sink that collects the message in memory (bounded by the engine's SIZE limit, {@link SmtpLimits}) and hands
   * it over at the end; convenient for small embedded listeners and tests, not for large messages.
   *
   * @param onMessage receives the message's information and content at the end, and decides
   * @return the collecting sink
   */
  static MessageSink collecting(BiFunction<ReceivedContent, byte[], SmtpDecision> onMessage) {
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
      public SmtpDecision end(ReceivedContent info) {
        return onMessage.apply(info, buffer.toByteArray());
      }

      @Override
      public void abort() {
        buffer.reset();
      }
    };
  }
}
