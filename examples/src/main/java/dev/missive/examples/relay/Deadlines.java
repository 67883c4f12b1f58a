package dev.missive.examples.relay;

import dev.missive.smtp.DeliverBy;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The times that change a queued message's fate before it is sent, checked at the start of every pass:
 * <ul>
 *   <li>the deliver-by deadline, arrival plus the {@code BY=} time (RFC 2852 §4): by-mode {@code R} returns the
 *   message with a "failed" report (status 5.4.7, RFC 3463 "delivery time expired") and it is never sent after it;
 *   by-mode {@code N} sends one "delayed" report (4.4.7) and delivery goes on;</li>
 *   <li>the warning time ({@link RelayPolicy#warnAfter()}): one "delayed" report;</li>
 *   <li>the expiry ({@link RelayPolicy#expireAfter()}, RFC 5321 §4.5.4.1): a "failed" report (5.4.7) and the message
 *   moves to {@code failed/}.</li>
 * </ul>
 * The policy's times count from the end of a hold (RFC 4865 §4: a held message is not yet being tried); the
 * deliver-by time counts from arrival, as the sender asked. Each report is durable before the message is marked or
 * removed ({@link Bouncer}).
 */
final class Deadlines {

  private static final Logger LOG = LoggerFactory.getLogger(Deadlines.class);

  private final RelaySpool spool;
  private final Bouncer bouncer;
  private final RelayPolicy policy;

  Deadlines(RelaySpool spool, Bouncer bouncer, RelayPolicy policy) {
    this.spool = spool;
    this.bouncer = bouncer;
    this.policy = policy;
  }

  /** {@return when the deliver-by time of {@code e} runs out, if it has one} */
  static Optional<Instant> deliverBy(RelayEnvelope e) {
    return e.deliverBy().map(by -> e.arrival().plusSeconds(by.byTime()));
  }

  private Instant start(RelayEnvelope e) {
    return e.release().filter(r -> r.isAfter(e.arrival())).orElse(e.arrival());
  }

  /** {@return when the relay gives {@code e} up} */
  Instant expiry(RelayEnvelope e) {
    return start(e).plus(policy.expireAfter());
  }

  /**
   * Applies what is due at {@code now}.
   *
   * @return the message as it stays queued (perhaps with a notice recorded), or empty if it left the queue
   */
  Optional<RelaySpool.SpooledMessage> apply(RelaySpool.SpooledMessage m, Instant now) throws IOException {
    RelayEnvelope e = m.envelope();
    Optional<Instant> by = deliverBy(e);
    if (by.isPresent() && !now.isBefore(by.get())) {
      DeliverBy request = e.deliverBy().get();
      if (request.mode() == DeliverBy.Mode.RETURN) {
        return fail(m, "Not delivered within the " + request.byTime() + " seconds asked with BY= (RFC 2852)");
      }
      if (!e.notified().contains(RelayEnvelope.DELIVER_BY)) {
        bouncer.delayed(m, RelayEnvelope.DELIVER_BY, "4.4.7", "Not delivered within the " + request.byTime()
            + " seconds asked with BY=; still trying (RFC 2852)", expiry(e));
        m = spool.update(m, e.withNotice(RelayEnvelope.DELIVER_BY));
        e = m.envelope();
      }
    }
    if (!now.isBefore(expiry(e))) {
      return fail(m, "Not delivered in " + human(policy.expireAfter()) + "; the relay gave up (RFC 5321 §4.5.4.1)");
    }
    if (!now.isBefore(start(e).plus(policy.warnAfter())) && !e.notified().contains(RelayEnvelope.EXPIRY_WARNING)) {
      bouncer.delayed(m, RelayEnvelope.EXPIRY_WARNING, "4.4.7", "Not delivered in " + human(policy.warnAfter())
          + "; the relay keeps trying", expiry(e));
      m = spool.update(m, e.withNotice(RelayEnvelope.EXPIRY_WARNING));
    }
    return Optional.of(m);
  }

  /** {@return the next time {@link #apply} has something to do for {@code m}} */
  Instant next(RelaySpool.SpooledMessage m) {
    RelayEnvelope e = m.envelope();
    Instant next = expiry(e);
    if (!e.notified().contains(RelayEnvelope.EXPIRY_WARNING)) {
      next = min(next, start(e).plus(policy.warnAfter()));
    }
    Optional<Instant> by = deliverBy(e);
    if (by.isPresent() && !e.notified().contains(RelayEnvelope.DELIVER_BY)) {
      next = min(next, by.get());
    }
    return next;
  }

  /** Returns {@code m} to its sender as failed (status 5.4.7) and moves it to {@code failed/}. */
  Optional<RelaySpool.SpooledMessage> fail(RelaySpool.SpooledMessage m, String reason) throws IOException {
    LOG.info("message {} given up: {}", m.id(), reason);
    bouncer.failAll(m, "5.4.7", reason);
    spool.failed(m, reason);
    return Optional.empty();
  }

  static Instant min(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }

  private static String human(Duration d) {
    if (d.toDaysPart() > 0 && d.toHoursPart() == 0 && d.toMinutesPart() == 0 && d.toSecondsPart() == 0) {
      return plural(d.toDays(), "day");
    }
    if (d.toMinutes() >= 60 && d.toMinutesPart() == 0 && d.toSecondsPart() == 0) {
      return plural(d.toHours(), "hour");
    }
    return plural(d.toSeconds(), "second");
  }

  private static String plural(long n, String unit) {
    return n + " " + unit + (n == 1 ? "" : "s");
  }
}
