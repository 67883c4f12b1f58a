package dev.missive.examples.relay;

import dev.missive.smtp.DeliverBy;
import dev.missive.smtp.Envelope;
import dev.missive.smtp.MailParameters;
import dev.missive.smtp.MtPriority;
import dev.missive.smtp.RcptParameters;
import dev.missive.smtp.Recipient;
import dev.missive.smtp.Reply;
import dev.missive.smtp.Rrvs;
import dev.missive.smtp.SmtpExtension;
import dev.missive.smtp.client.EhloCapabilities;
import dev.missive.smtp.host.DeliveryStatus;
import dev.missive.smtp.host.RecipientResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the relay asks of the next hop for a queued message, and what it does when the next hop cannot do it:
 * <ul>
 *   <li>{@code BY=} with the time left (RFC 2852 §4: the by-time less the time the message spent here, whole seconds
 *   rounded down); a next hop without DELIVERBY gets the message without it when the by-mode is {@code N}, and not at
 *   all when it is {@code R}: every recipient fails with 5.3.3 (RFC 3463 "system not capable of selected
 *   features");</li>
 *   <li>the DSN requests unchanged (RFC 3461 §5.2.1): {@code RET=} and {@code ENVID=} of the message,
 *   {@code NOTIFY=} and {@code ORCPT=} of each recipient; the client engine sends them only to a next hop that
 *   offers DSN (RFC 3461 §4), and for one that does not the relay itself sends the "relayed" report a recipient
 *   with {@code NOTIFY=SUCCESS} asked for (RFC 3461 §5.2.2);</li>
 *   <li>{@code MT-PRIORITY=} when not 0 (RFC 6710 §3: sent only to a server that offers it, the client engine's
 *   rule);</li>
 *   <li>each recipient's {@code RRVS=} (RFC 7293 §3): passed on to a next hop that offers RRVS; to one that does not,
 *   a {@code ;C} condition is dropped and the recipient relayed, any other fails with 5.7.19 (RFC 7293 §7 "RRVS test
 *   cannot be completed") while the other recipients go on.</li>
 * </ul>
 * A hold (RFC 4865) is never passed on: the relay held the message itself and sends it once released.
 */
final class NextHopRules {

  private NextHopRules() {}

  /**
   * The envelope as the relay would send it at {@code now} to a next hop that offers every extension.
   *
   * @param e   the spooled envelope
   * @param now the time of sending
   * @return the envelope, or empty when a by-mode {@code R} deadline leaves less than a second
   */
  static Optional<Envelope> envelope(RelayEnvelope e, Instant now) {
    MailParameters p = MailParameters.NONE;
    if (e.deliverBy().isPresent()) {
      DeliverBy by = e.deliverBy().get();
      long left = Math.floorDiv(Duration.between(now, Deadlines.deliverBy(e).orElseThrow()).toMillis(), 1000L);
      if (by.mode() == DeliverBy.Mode.RETURN && left < 1) {
        return Optional.empty();
      }
      p = p.withDeliverBy(new DeliverBy(Math.max(left, -DeliverBy.MAX_BY_TIME), by.mode(), by.trace()));
    }
    // RFC 6710 §4.2 item 1: the priority settled on (§4.1, 0 by default) MUST go to a next hop offering
    // MT-PRIORITY, 0 included; the client leaves it out for a next hop that does not (§4.3)
    p = p.withPriority(e.priority());
    if (e.smtpUtf8()) {
      p = p.withSmtpUtf8(true);
    }
    if (e.dsn().ret().isPresent()) {
      p = p.withRet(e.dsn().ret().get());
    }
    if (e.dsn().envelopeId().isPresent()) {
      p = p.withEnvelopeId(e.dsn().envelopeId().get());
    }
    List<Recipient> recipients = new ArrayList<>();
    for (RelayEnvelope.RelayRecipient r : e.recipients()) {
      recipients.add(Recipient.of(r.mailbox()).withParameters(new RcptParameters(r.notifications(), r.original(),
          r.rrvs())));
    }
    Envelope base = Envelope.of(e.reversePath(), e.mailboxes().get(0));
    return Optional.of(new Envelope(base.reversePath(), p, recipients));
  }

  /**
   * The envelope cut to what {@code next} can take.
   *
   * @param envelope the envelope of {@link #envelope}
   * @param next     the next hop's EHLO capabilities
   * @param host     the next hop's name, for the results
   * @return what to send, and the recipients that fail here
   */
  static Adapted adapt(Envelope envelope, EhloCapabilities next, String host) {
    MailParameters p = envelope.parameters();
    List<RecipientResult> refused = new ArrayList<>();
    if (p.deliverBy().isPresent() && !next.has(SmtpExtension.DELIVERBY)) {
      if (p.deliverBy().get().mode() == DeliverBy.Mode.RETURN) {
        Reply no = Reply.of(550, "5.3.3", "The next hop does not offer DELIVERBY and BY= asks for R (RFC 2852)");
        envelope.recipients().forEach(r -> refused.add(refusal(r, no, host)));
        return new Adapted(Optional.empty(), refused);
      }
      p = new MailParameters(p.size(), p.body(), p.smtpUtf8(), p.ret(), p.envelopeId(), p.auth(), p.requireTls(),
          Optional.empty(), p.priority(), p.release());
    }
    List<Recipient> kept = new ArrayList<>();
    for (Recipient r : envelope.recipients()) {
      Optional<Rrvs> rrvs = r.parameters().validSince();
      boolean canContinue = rrvs.flatMap(Rrvs::action).orElse(Rrvs.Action.REJECT) == Rrvs.Action.CONTINUE;
      if (rrvs.isEmpty() || next.has(SmtpExtension.RRVS)) {
        kept.add(r);
      } else if (canContinue) {
        kept.add(r.withParameters(new RcptParameters(r.parameters().notifications(),
            r.parameters().originalRecipient(), Optional.empty())));
      } else {
        refused.add(refusal(r, Rrvs.CANNOT_BE_COMPLETED, host)); // RFC 7293 §3: the next hop does not offer RRVS
      }
    }
    Optional<Envelope> send = kept.isEmpty() ? Optional.empty()
        : Optional.of(new Envelope(envelope.reversePath(), p, kept));
    return new Adapted(send, refused);
  }

  private static RecipientResult refusal(Recipient r, Reply reply, String host) {
    return new RecipientResult(r, DeliveryStatus.PERMANENT_FAILURE, Optional.of(reply), Optional.of(host),
        reply.code() + " " + reply.text());
  }

  /**
   * The envelope to send, if any recipient is left, and the recipients refused before sending.
   *
   * @param envelope what to send
   * @param refused  the recipients that fail here, with the reply that says why
   */
  record Adapted(Optional<Envelope> envelope, List<RecipientResult> refused) {
  }
}
