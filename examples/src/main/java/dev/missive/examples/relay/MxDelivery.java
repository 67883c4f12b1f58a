package dev.missive.examples.relay;

import dev.missive.smtp.Envelope;
import dev.missive.smtp.Recipient;
import dev.missive.smtp.client.EhloCapabilities;
import dev.missive.smtp.host.DeliveryStatus;
import dev.missive.smtp.host.MessageContent;
import dev.missive.smtp.host.MxSender;
import dev.missive.smtp.host.RecipientResult;
import dev.missive.smtp.host.SendResult;
import java.util.ArrayList;
import java.util.List;

/**
 * Delivery to the recipients' MX hosts with {@code smtp-host}'s {@link MxSender}, which gives no look at a host's
 * EHLO before it sends: the client engine refuses to send what a host does not offer ({@code BY=}, an RRVS
 * condition without {@code ;C}), which would return to the sender mail that RFC 2852 §4 (by-mode {@code N}) and
 * RFC 7293 §3 ({@code ;C}, and the other recipients of the transaction) say goes on. So recipients refused without a
 * reply from their host, when the envelope asked for one of these, are sent once more as {@link NextHopRules} cuts the
 * envelope for a host that offers none of them. The MX sender does not tell whether the host that took a recipient
 * offers DSN, so no "relayed" report is made through MX (RFC 3461 §5.2.2 asks for one when it is known not to).
 */
final class MxDelivery {

  private MxDelivery() {}

  /**
   * The delivery through {@code mx}.
   *
   * @param mx the MX sender
   * @return the delivery
   */
  static NextHopDelivery of(MxSender mx) {
    // which host offered DSN is not known: no "relayed" report
    return (envelope, content) -> new NextHopDelivery.Handover(send(mx, envelope, content), false);
  }

  private static SendResult send(MxSender mx, Envelope envelope, MessageContent content) {
    SendResult first = mx.send(envelope, content);
    if (!asksForExtensions(envelope)) {
      return first;
    }
    List<Recipient> again = first.recipients().stream()
        .filter(r -> r.status() == DeliveryStatus.PERMANENT_FAILURE && r.reply().isEmpty())
        .map(RecipientResult::recipient).toList();
    if (again.isEmpty()) {
      return first;
    }
    NextHopRules.Adapted cut = NextHopRules.adapt(new Envelope(envelope.reversePath(), envelope.parameters(),
        again), EhloCapabilities.none("the recipients' MX hosts"), "the recipients' MX hosts");
    List<RecipientResult> results = new ArrayList<>(first.recipients().stream()
        .filter(r -> !again.contains(r.recipient())).toList());
    results.addAll(cut.refused());
    if (cut.envelope().isPresent()) {
      results.addAll(mx.send(cut.envelope().get(), content).recipients());
    }
    return new SendResult(results);
  }

  private static boolean asksForExtensions(Envelope e) {
    return e.parameters().deliverBy().isPresent()
        || e.recipients().stream().anyMatch(r -> r.parameters().validSince().isPresent());
  }
}
