package dev.missive.examples.relay;

import dev.missive.message.address.AddrSpec;
import dev.missive.smtp.Reply;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Handles recipients the next hop refused for good (a 5xx reply, RFC 5321 §4.2.1): queues a delivery status
 * notification (RFC 3464, see {@link DeliveryReport}) to the message's reverse path in the same spool, so the bounce
 * goes out through the next hop like any other mail.
 *
 * <p>A message with the null reverse path {@code <>} (itself a bounce) is never bounced again (RFC 5321 §4.5.5);
 * it is only moved to {@code failed/}. The bounce is committed before the message changes, so a crash in between
 * can at worst send a bounce twice, never lose one.
 */
final class Bouncer {

  private static final Logger LOG = LoggerFactory.getLogger(Bouncer.class);
  private static final int HEADER_LIMIT = 64 * 1024;

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
    List<DeliveryReport.FailedRecipient> failed = new ArrayList<>();
    refused.forEach((r, reply) -> failed.add(new DeliveryReport.FailedRecipient(r,
        reply.status().map(Object::toString).orElse("5.0.0"), reply.code() + " " + reply.text())));
    if (message.reversePath().isEmpty()) {
      LOG.warn("message {} with the null reverse path refused for {}; not bounced (RFC 5321 §4.5.5)",
          message.id(), refused.keySet());
      return;
    }
    byte[] dsn = DeliveryReport.build(reportingMta, remoteMta, message.reversePath(), failed, originalHeader(message),
        ZonedDateTime.now(clock), random);
    spool.enqueue("", List.of(AddrSpec.parse(message.reversePath())), dsn);
    LOG.info("bounce for {} queued to <{}>: {}", message.id(), message.reversePath(), failed);
  }

  private static byte[] originalHeader(RelaySpool.SpooledMessage message) throws IOException {
    try (InputStream in = Files.newInputStream(message.data())) {
      return DeliveryReport.headerOf(in.readNBytes(HEADER_LIMIT));
    }
  }
}
