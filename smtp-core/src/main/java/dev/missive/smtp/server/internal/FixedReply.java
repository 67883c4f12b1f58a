package dev.missive.smtp.server.internal;

import dev.missive.smtp.Reply;
import dev.missive.wire.OutputQueue;

/**
 * A reply whose text never changes, encoded once with and once without enhanced status codes: the engine's own
 * answers to MAIL, RCPT, DATA and the end of the data (RFC 5321 §4.2, RFC 3463 §3), written once per transaction,
 * cost a copy of their octets instead of their formatting.
 */
public final class FixedReply {

  private final Reply reply;
  private final byte[] plain;
  private final byte[] enhanced;

  /**
   * Encodes {@code reply} both ways.
   *
   * @param reply the reply
   */
  public FixedReply(Reply reply) {
    this.reply = reply;
    this.plain = ReplyWriter.encode(reply, false);
    this.enhanced = reply.code() / 100 == 3 ? plain : ReplyWriter.encode(reply, true);
  }

  /** {@return the reply} */
  public Reply reply() {
    return reply;
  }

  /**
   * Writes the reply.
   *
   * @param out      where the octets go
   * @param enhanced whether enhanced status codes are on for it (never on 3xx)
   */
  public void writeTo(OutputQueue out, boolean enhanced) {
    out.write(enhanced ? this.enhanced : plain);
  }
}
