package dev.missive.examples.relay;

import dev.missive.message.address.AddrSpec;
import dev.missive.message.address.ForwardPath;
import dev.missive.smtp.Envelope;
import dev.missive.smtp.MailParameters;
import dev.missive.smtp.MtPriority;
import dev.missive.smtp.RcptParameters;
import dev.missive.smtp.ReceivedField;
import dev.missive.smtp.Recipient;
import dev.missive.smtp.Reply;
import dev.missive.smtp.server.MessageSink;
import dev.missive.smtp.server.ReceivedContent;
import dev.missive.smtp.server.SmtpDecision;
import dev.missive.smtp.server.SmtpHandler;
import dev.missive.smtp.server.SmtpSession;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One inbound SMTP connection of the relay, as a handler of the SMTP handler engine: every transaction
 * (RFC 5321 §3.3) is written to the {@link RelaySpool} with a {@code Received:} field prepended (RFC 5321 §4.4, a
 * relay adds one and changes nothing else), and the {@code 250} after the data is sent only once the spool has made
 * the message durable (RFC 5321 §4.5.4: from then on the relay is responsible for it). A spool failure is the
 * engine's local error ({@code 451}), and the partial file is removed.
 *
 * <p>Any mailbox is accepted as a recipient: this is an open relay, to be bound to loopback or placed behind a
 * check of the client's address or AUTH identity. {@code Postmaster} alone names a local mailbox, which this relay
 * does not have (550 5.1.1).
 */
final class RelaySmtpHandler implements SmtpHandler {

  private static final Logger LOG = LoggerFactory.getLogger(RelaySmtpHandler.class);

  private final SmtpSession session;
  private final RelaySpool spool;
  private final HeldMail held;

  RelaySmtpHandler(SmtpSession session, RelaySpool spool) {
    this(session, spool, null);
  }

  /** A handler whose recipients in an ODMR customer's domain go to {@code held} instead of the relay's queue. */
  RelaySmtpHandler(SmtpSession session, RelaySpool spool, HeldMail held) {
    this.session = session;
    this.spool = spool;
    this.held = held;
  }

  @Override
  public SmtpDecision rcptTo(ForwardPath to, RcptParameters parameters) {
    return to.mailbox().isPresent() ? SmtpDecision.accept()
        : SmtpDecision.reject(Reply.of(550, "5.1.1", "No local mailboxes here"));
  }

  @Override
  public MessageSink data(Envelope envelope, ReceivedField trace) throws IOException {
    String sender = envelope.reversePath().mailbox().map(Object::toString).orElse("");
    List<AddrSpec> recipients = envelope.recipients().stream()
        .map(r -> r.forwardPath().mailbox().orElseThrow()).toList();
    List<AddrSpec> kept = held == null ? List.of() : held.held(recipients);
    List<AddrSpec> relayed = recipients.stream().filter(r -> !kept.contains(r)).toList();
    List<RelaySpool.Submission> submissions = new ArrayList<>();
    if (!relayed.isEmpty()) {
      submissions.add(spool.begin(relayEnvelope(envelope, sender, relayed, spool.now())));
    }
    if (!kept.isEmpty()) {
      // collected with ATRN (RFC 2645), never relayed; the same facts kept, so the same deadlines and reports apply
      submissions.add(held.spool().begin(envelope, kept));
    }
    ByteBuffer traceField = ByteBuffer.wrap(trace.toBytes());
    try {
      for (RelaySpool.Submission s : submissions) {
        s.write(traceField.duplicate());
      }
    } catch (IOException e) {
      submissions.forEach(RelaySpool.Submission::abort);
      throw e;
    }
    return sink(submissions, sender, relayed, kept);
  }

  /**
   * The facts the relay keeps for {@code relayed}: the deliver-by request (RFC 2852 §4), the priority (RFC 6710),
   * the release time (RFC 4865 §4: HOLDFOR counts from now), SMTPUTF8, the DSN requests ({@code RET=} and
   * {@code ENVID=}, RFC 3461 §4.3, §4.4) and each recipient's RRVS condition, NOTIFY values and ORCPT (RFC 3461 §4.1,
   * §4.2).
   */
  static RelayEnvelope relayEnvelope(Envelope envelope, String sender, List<AddrSpec> relayed, Instant now) {
    MailParameters p = envelope.parameters();
    List<RelayEnvelope.RelayRecipient> recipients = new ArrayList<>();
    for (AddrSpec a : relayed) {
      Optional<RcptParameters> given = envelope.recipients().stream()
          .filter(r -> r.forwardPath().mailbox().map(a::equals).orElse(false)).map(Recipient::parameters).findFirst();
      recipients.add(new RelayEnvelope.RelayRecipient(a.toString(), given.flatMap(RcptParameters::validSince),
          given.map(RcptParameters::notifications).orElse(Set.of()),
          given.flatMap(RcptParameters::originalRecipient)));
    }
    Optional<Instant> release = p.release().map(r -> r.releaseAt(now.atOffset(ZoneOffset.UTC)).toInstant())
        .filter(now::isBefore);
    return new RelayEnvelope(sender, recipients, now, p.deliverBy(), p.priority().orElse(MtPriority.NORMAL),
        release, p.smtpUtf8(), Set.of(), Optional.empty(), new RelayEnvelope.DsnRequest(p.ret(), p.envelopeId()),
        Optional.empty());
  }

  private MessageSink sink(List<RelaySpool.Submission> submissions, String sender, List<AddrSpec> relayed,
                           List<AddrSpec> kept) {
    return new MessageSink() {
      @Override
      public void write(ByteBuffer chunk) throws IOException {
        for (RelaySpool.Submission s : submissions) {
          s.write(chunk.duplicate());
        }
      }

      @Override
      public SmtpDecision end(ReceivedContent info) throws IOException {
        for (RelaySpool.Submission s : submissions) {
          s.commit(); // durable now; a crash between two commits sends the client's retry to both again
        }
        LOG.info("[{}] queued from <{}> for {}{}", session.peer().sessionId(), sender, relayed,
            kept.isEmpty() ? "" : ", held for ODMR: " + kept);
        return SmtpDecision.accept();
      }

      @Override
      public void abort() {
        submissions.forEach(RelaySpool.Submission::abort);
      }
    };
  }
}
