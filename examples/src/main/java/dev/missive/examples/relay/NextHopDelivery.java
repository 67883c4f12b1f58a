package dev.missive.examples.relay;

import dev.missive.smtp.Envelope;
import dev.missive.smtp.host.MessageContent;
import dev.missive.smtp.host.SendResult;
import java.io.IOException;

/** Sends one message on: to the smarthost ({@link SmarthostDelivery}), the MX hosts ({@link MxDelivery}) or a test's. */
@FunctionalInterface
interface NextHopDelivery {

  /**
   * Sends {@code content} to the envelope's recipients.
   *
   * @param envelope the envelope as {@link NextHopRules} made it
   * @param content  the message
   * @return each recipient's result, and what is known of the next hop's DSN
   * @throws IOException if no result could be had (the message is deferred)
   */
  Handover send(Envelope envelope, MessageContent content) throws IOException;

  /**
   * What a delivery did.
   *
   * @param result     each recipient's result
   * @param withoutDsn whether the next hop that took the recipients is known not to offer DSN (RFC 3461 §5.2.2:
   *                   the relay then reports "relayed" to each one whose {@code NOTIFY=} asks for SUCCESS); false
   *                   when it offers DSN or when that is not known (the MX sender does not tell)
   */
  record Handover(SendResult result, boolean withoutDsn) {
  }
}
