package dev.missive.smtp.host;

import dev.missive.smtp.Recipient;
import dev.missive.smtp.Reply;
import java.util.Objects;
import java.util.Optional;

/**
 * The result of one message for one recipient.
 *
 * @param recipient the recipient, as in the envelope
 * @param status    delivered, or a temporary or permanent failure
 * @param reply     the server's deciding reply for this recipient (its RCPT reply when refused there, else the reply
 *                  after the data or the failing MAIL/DATA reply), if a server gave one
 * @param host      the server that gave the result (the smarthost or the MX host), or empty when none was reached
 * @param detail    a one-line explanation (the reply's text, or why nothing was sent)
 */
public record RecipientResult(Recipient recipient, DeliveryStatus status, Optional<Reply> reply, Optional<String> host,
    String detail) {

  /**
   * Checks that every value is present.
   *
   * @param recipient the recipient, as in the envelope
   * @param status    delivered, or a temporary or permanent failure
   * @param reply     the server's deciding reply for this recipient, if a server gave one
   * @param host      the server that gave the result, or empty when none was reached
   * @param detail    a one-line explanation
   */
  public RecipientResult {
    Objects.requireNonNull(recipient, "recipient");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(reply, "reply");
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(detail, "detail");
  }

  /** {@return whether the message was delivered to this recipient} */
  public boolean delivered() {
    return status == DeliveryStatus.DELIVERED;
  }

  @Override
  public String toString() {
    return recipient.forwardPath() + ": " + status + host.map(h -> " at " + h).orElse("") + " (" + detail + ")";
  }
}
