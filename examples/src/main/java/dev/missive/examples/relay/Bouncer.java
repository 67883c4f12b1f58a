package dev.missive.examples.relay;

import dev.missive.examples.relay.DeliveryReport.Action;
import dev.missive.examples.relay.DeliveryReport.RecipientReport;
import dev.missive.message.builder.Part;
import dev.missive.smtp.DsnNotify;
import dev.missive.smtp.DsnReturn;
import dev.missive.smtp.Reply;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Queues the relay's delivery status notifications (RFC 3464, see {@link DeliveryReport}) to a message's reverse
 * path in the same spool, so they go out through the next hop like any other mail: a "failed" report for
 * recipients refused for good (a 5xx reply, RFC 5321 §4.2.1), expired (RFC 5321 §4.5.4.1) or past a by-mode
 * {@code R} deadline (RFC 2852 §4), a "delayed" report when the warning time or a by-mode {@code N} deadline
 * passes, and a "relayed" report for recipients handed to a next hop without DSN that asked for SUCCESS
 * (RFC 3461 §5.2.2). Each carries the sender's {@code ENVID=} and each recipient's {@code ORCPT=}; a "failed" one
 * returns the whole message when {@code RET=FULL} asked for it, the header otherwise (RFC 3461 §4.3, §6.3). A report to an address with UTF-8, or about a message received with SMTPUTF8, is the RFC 6533 form. A
 * recipient is reported on only as its {@code NOTIFY=} asks (RFC 3461 §4.1: {@code NEVER} for none, only the kinds
 * listed, failures and delays when none was given).
 *
 * <p>A message with the null reverse path {@code <>} (itself a bounce) is never reported on (RFC 5321 §4.5.5). Each
 * report records what it is about ({@link RelayEnvelope.DsnFor}) and is durable before the caller marks the
 * message; {@link RelaySpool#queued()} finishes a marking a crash cut short, so no report is lost or sent twice.
 */
final class Bouncer {

  private static final Logger LOG = LoggerFactory.getLogger(Bouncer.class);
  private static final int HEADER_LIMIT = 64 * 1024;
  /** The largest message a "failed" report returns whole; a larger one is returned as its header. */
  private static final int FULL_LIMIT = 1024 * 1024;

  private final RelaySpool spool;
  private final String reportingMta;
  private final String remoteMta;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  Bouncer(RelaySpool spool, String reportingMta, String remoteMta, Clock clock) {
    this.spool = spool;
    this.reportingMta = reportingMta;
    this.remoteMta = remoteMta;
    this.clock = clock;
  }

  /**
   * Queues the report for {@code refused} (recipient to the reply that refused it), durable when this returns; the
   * caller then takes those recipients off the message.
   */
  void report(RelaySpool.SpooledMessage message, Map<String, Reply> refused) throws IOException {
    List<RecipientReport> failed = new ArrayList<>();
    refused.forEach((r, reply) -> failed.add(RecipientReport.failed(r,
        reply.status().map(Object::toString).orElse("5.0.0"), reply.code() + " " + reply.text())));
    queue(message, failed, Optional.of(remoteMta), RelayEnvelope.FAILED, Optional.empty());
  }

  /**
   * Queues a "failed" report for every recipient of {@code message} with one reason (the relay's own decision: no
   * remote server refused it); the caller then removes the message.
   */
  void failAll(RelaySpool.SpooledMessage message, String status, String reason) throws IOException {
    queue(message, message.recipients().stream().map(r -> RecipientReport.failed(r, status, reason)).toList(),
        Optional.empty(), RelayEnvelope.FAILED, Optional.empty());
  }

  /**
   * Queues a "relayed" report (RFC 3461 §5.2.2, RFC 3464 §2.3.3) for the recipients of {@code delivered} whose
   * {@code NOTIFY=} asks for SUCCESS: the next hop that took them does not offer DSN, so no other report will come;
   * the caller then takes them off the message.
   *
   * @param message   the message handed on
   * @param delivered each recipient the next hop took, with its reply
   * @return whether a report was queued
   */
  boolean relayed(RelaySpool.SpooledMessage message, Map<String, Reply> delivered) throws IOException {
    List<RecipientReport> reports = new ArrayList<>();
    delivered.forEach((r, reply) -> reports.add(new RecipientReport(r, reply.status().filter(st -> st.toString()
        .startsWith("2.")).map(Object::toString).orElse("2.0.0"), reply.code() + " " + reply.text(), Action.RELAYED)));
    return queue(message, reports, Optional.of(remoteMta), RelayEnvelope.RELAYED, Optional.empty());
  }

  /**
   * Queues a "delayed" report (RFC 3464 §2.3.3) for every recipient of {@code message}; the caller then records
   * {@code notice} on the message so it is sent once.
   */
  void delayed(RelaySpool.SpooledMessage message, String notice, String status, String reason,
               Instant willRetryUntil) throws IOException {
    queue(message, message.recipients().stream()
            .map(r -> new RecipientReport(r, status, reason, Action.DELAYED)).toList(),
        Optional.empty(), notice, Optional.of(willRetryUntil));
  }

  /**
   * Queues the report on the recipients of {@code reports} whose {@code NOTIFY=} asks for it, with the message's
   * {@code ENVID=} and each recipient's {@code ORCPT=} (RFC 3461 §6.3), returning the whole message for a "failed"
   * report with {@code RET=FULL} and the header otherwise (RFC 3461 §4.3); {@return whether one was queued}
   */
  private boolean queue(RelaySpool.SpooledMessage message, List<RecipientReport> reports, Optional<String> remote,
                        String kind, Optional<Instant> until) throws IOException {
    if (message.reversePath().isEmpty()) {
      LOG.warn("message {} with the null reverse path: no {} report for {} (RFC 5321 §4.5.5)", message.id(), kind,
          reports);
      return false;
    }
    RelayEnvelope original = message.envelope();
    DsnNotify asked = switch (kind) {
      case RelayEnvelope.FAILED -> DsnNotify.FAILURE;
      case RelayEnvelope.RELAYED -> DsnNotify.SUCCESS;
      default -> DsnNotify.DELAY;
    };
    List<RecipientReport> wanted = new ArrayList<>();
    for (RecipientReport r : reports) {
      Optional<RelayEnvelope.RelayRecipient> o = original.recipients().stream()
          .filter(x -> x.mailbox().equals(r.recipient())).findFirst();
      if (o.map(x -> x.wants(asked)).orElse(asked != DsnNotify.SUCCESS)) {
        wanted.add(new RecipientReport(r.recipient(), r.status(), r.diagnostic(), r.action(),
            o.flatMap(RelayEnvelope.RelayRecipient::original)));
      }
    }
    if (wanted.isEmpty()) {
      LOG.info("message {}: no {} report, its NOTIFY= asks for none (RFC 3461 §4.1): {}", message.id(), kind,
          reports);
      return false;
    }
    boolean global = original.smtpUtf8() || !DeliveryReport.isAscii(original.reversePath())
        || wanted.stream().anyMatch(r -> !DeliveryReport.isAscii(r.recipient()));
    DeliveryReport.Context context = new DeliveryReport.Context(reportingMta, remote,
        Optional.of(original.arrival().atZone(ZoneOffset.UTC)), until.map(t -> t.atZone(ZoneOffset.UTC)),
        clock.instant().atZone(ZoneOffset.UTC), global, original.dsn().envelopeId());
    boolean full = kind.equals(RelayEnvelope.FAILED) && original.dsn().ret().equals(Optional.of(DsnReturn.FULL));
    byte[] dsn = DeliveryReport.build(context, original.reversePath(), wanted, returned(message, full, global),
        random);
    RelayEnvelope envelope = RelayEnvelope.of("", List.of(original.reversePath()), clock.instant())
        .withPriority(original.priority()) // RFC 6710 §4.6: a report goes at the priority of its message
        .reportingOn(new RelayEnvelope.DsnFor(message.id(), kind,
            reports.stream().map(RecipientReport::recipient).toList()));
    spool.enqueue(global ? envelope.withSmtpUtf8() : envelope, dsn);
    LOG.info("{} report for {} queued to <{}>: {}", kind, message.id(), original.reversePath(), wanted);
    return true;
  }

  /**
   * The whole message when {@code full} asks for it and it is at most {@value #FULL_LIMIT} octets and can be returned
   * as it is, else its header (RFC 3461 §4.3 leaves the header alone to a report other than "failed").
   */
  private static Optional<Part> returned(RelaySpool.SpooledMessage message, boolean full, boolean global)
      throws IOException {
    try (InputStream in = Files.newInputStream(message.data())) {
      byte[] start = in.readNBytes(full ? FULL_LIMIT + 1 : HEADER_LIMIT);
      if (full && start.length <= FULL_LIMIT) {
        Optional<Part> whole = DeliveryReport.returnedMessage(start, global);
        if (whole.isPresent()) {
          return whole;
        }
      }
      byte[] header = DeliveryReport.headerOf(start.length > HEADER_LIMIT ? Arrays.copyOf(start, HEADER_LIMIT)
          : start);
      return DeliveryReport.returnedHeader(header, global);
    }
  }
}
