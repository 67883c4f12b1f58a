package dev.missive.smtp.host;

import java.util.List;

/**
 * The result of sending one message: one {@link RecipientResult} per recipient of the envelope, in envelope order.
 * Success is reported only for a message whose content was sent in full and acknowledged by the server after the
 * data (RFC 5321 §4.1.1.4, §6.1).
 *
 * @param recipients one result per recipient, in envelope order
 */
public record SendResult(List<RecipientResult> recipients) {

  /**
   * Copies the list.
   *
   * @param recipients one result per recipient, in envelope order
   */
  public SendResult {
    recipients = List.copyOf(recipients);
  }

  /** {@return whether every recipient got the message} */
  public boolean allDelivered() {
    return recipients.stream().allMatch(RecipientResult::delivered);
  }

  /** {@return the recipients that did not get the message, temporary and permanent failures alike} */
  public List<RecipientResult> failures() {
    return recipients.stream().filter(r -> !r.delivered()).toList();
  }

  /** {@return the recipients worth trying again later} */
  public List<RecipientResult> temporaryFailures() {
    return recipients.stream().filter(r -> r.status() == DeliveryStatus.TEMPORARY_FAILURE).toList();
  }
}
