package dev.missive.smtp.host;

import dev.missive.smtp.Envelope;
import dev.missive.smtp.Recipient;
import dev.missive.smtp.Reply;
import dev.missive.smtp.client.SmtpClientEvent;
import dev.missive.smtp.client.SmtpClientEvent.Outcome;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns the client engine's transaction result into one {@link RecipientResult} per recipient: a recipient refused at
 * RCPT keeps its own reply (RFC 5321 §4.1.1.3); the others share the reply after the data, or the failing MAIL or DATA
 * reply (RFC 5321 §4.2.1: 2yz delivered, 4yz temporary, 5yz permanent). Delivered is said only when the server
 * accepted the message after the data and accepted that recipient at RCPT; a transaction cut off without a reply
 * (a lost connection, a timeout) is a temporary failure (RFC 5321 §6.1).
 */
final class Results {

  private Results() {}

  static SendResult of(SmtpClientEvent.TransactionResult t, Envelope envelope, String host) {
    Map<Integer, SmtpClientEvent.RecipientResult> byIndex = new HashMap<>();
    for (SmtpClientEvent.RecipientResult r : t.recipients()) {
      byIndex.put(r.index(), r);
    }
    List<RecipientResult> results = new ArrayList<>();
    List<Recipient> recipients = envelope.recipients();
    for (int i = 0; i < recipients.size(); i++) {
      SmtpClientEvent.RecipientResult rcpt = byIndex.get(i);
      results.add(one(t, recipients.get(i), rcpt, host));
    }
    return new SendResult(results);
  }

  private static RecipientResult one(SmtpClientEvent.TransactionResult t, Recipient recipient,
      SmtpClientEvent.RecipientResult rcpt, String host) {
    if (rcpt != null && !rcpt.accepted()) {
      return fromReply(recipient, rcpt.reply(), host);
    }
    if (t.outcome() == Outcome.NOT_SENT) {
      return new RecipientResult(recipient, DeliveryStatus.PERMANENT_FAILURE, Optional.empty(), Optional.of(host),
          "not sent: " + t.reason());
    }
    if (t.outcome() == Outcome.ACCEPTED && rcpt != null && t.reply().isPresent()) {
      return new RecipientResult(recipient, DeliveryStatus.DELIVERED, t.reply(), Optional.of(host),
          t.reply().get().text());
    }
    if (t.reply().isPresent() && !t.reply().get().isPositiveCompletion()) {
      return fromReply(recipient, t.reply().get(), host);
    }
    return new RecipientResult(recipient, DeliveryStatus.TEMPORARY_FAILURE, t.reply(), Optional.of(host),
        t.reason().isEmpty() ? "no final reply from the server" : t.reason());
  }

  static RecipientResult fromReply(Recipient recipient, Reply reply, String host) {
    DeliveryStatus status = reply.isPermanentFailure() ? DeliveryStatus.PERMANENT_FAILURE
        : reply.isPositiveCompletion() ? DeliveryStatus.DELIVERED : DeliveryStatus.TEMPORARY_FAILURE;
    return new RecipientResult(recipient, status, Optional.of(reply), Optional.of(host),
        reply.code() + " " + reply.text());
  }

  /** The same failure for every recipient (nothing was sent, or the session failed before a result). */
  static SendResult all(Envelope envelope, DeliveryStatus status, Optional<String> host, String detail) {
    return new SendResult(envelope.recipients().stream()
        .map(r -> new RecipientResult(r, status, Optional.empty(), host, detail)).toList());
  }
}
