package dev.missive.smtp.server;

import dev.missive.smtp.Reply;
import java.util.List;
import java.util.Optional;

/**
 * A handler's answer to a command (RFC 5321 §4.2): accept with the standard or a given positive reply, reject
 * with a 4xx/5xx reply, or under LMTP answer each recipient (RFC 2033 §4.2). Used by {@link SmtpHandler}.
 */
public sealed interface SmtpDecision {

  /**
   * Accept.
   *
   * @param reply a positive reply to send instead of the engine's standard one
   */
  record Accept(Optional<Reply> reply) implements SmtpDecision {
    /** The accept without a reply of its own, shared: records are immutable. */
    private static final Accept STANDARD = new Accept(Optional.empty());
  }

  /**
   * Reject.
   *
   * @param reply the 4xx or 5xx reply
   */
  record Reject(Reply reply) implements SmtpDecision {
    /**
     * Validates that the reply is negative.
     *
     * @param reply the 4xx or 5xx reply
     */
    public Reject {
      if (reply.code() < 400) {
        throw new IllegalArgumentException("a rejection needs a 4xx or 5xx reply");
      }
    }
  }

  /**
   * LMTP: one reply per accepted recipient, in RCPT order.
   *
   * @param replies the replies
   */
  record PerRecipient(List<Reply> replies) implements SmtpDecision {
    /**
     * Copies the list.
     *
     * @param replies the replies
     */
    public PerRecipient {
      replies = List.copyOf(replies);
    }
  }

  /**
   * ATRN accepted (RFC 2645 §5.2.1): the engine answers {@code 250 OK now reversing the connection} and hands the
   * connection to {@code successor} with a {@link dev.missive.wire.StreamChange.Handover}. Built by
   * {@link SmtpServerEvent.Atrn#reverse(dev.missive.wire.ProtocolEngine)}; it answers nothing else.
   *
   * @param successor the engine that takes over the connection in the reversed roles
   */
  record Reverse(dev.missive.wire.ProtocolEngine successor) implements SmtpDecision {

    /**
     * Checks that a successor is given.
     *
     * @param successor the engine that takes over the connection
     */
    public Reverse {
      java.util.Objects.requireNonNull(successor, "successor");
    }
  }

  /**
   * Accept with the engine's standard reply.
   *
   * @return the decision to accept with the engine's standard positive reply
   */
  static SmtpDecision accept() {
    return Accept.STANDARD;
  }

  /**
   * Accept with {@code reply}, such as {@code 250 Mark Crispin <Admin.MRC@foo.com>} to VRFY.
   *
   * @param reply the positive reply to send
   * @return the decision to accept with {@code reply}
   */
  static SmtpDecision accept(Reply reply) {
    return new Accept(Optional.of(reply));
  }

  /**
   * Reject with {@code reply}, such as {@code Reply.of(550, "5.1.1", "No such user here")}.
   *
   * @param reply the 4xx or 5xx reply to send
   * @return the decision to reject with {@code reply}
   */
  static SmtpDecision reject(Reply reply) {
    return new Reject(reply);
  }

  /**
   * LMTP: one reply per recipient.
   *
   * @param replies one reply per accepted recipient, in RCPT order (RFC 2033 §4.2)
   * @return the LMTP decision after the data
   */
  static SmtpDecision perRecipient(List<Reply> replies) {
    return new PerRecipient(replies);
  }
}
