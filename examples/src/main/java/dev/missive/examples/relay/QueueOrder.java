package dev.missive.examples.relay;

import java.time.Instant;
import java.util.Comparator;

/**
 * When each queued message may be tried next, and in which order the messages due are tried.
 *
 * <p><b>Due:</b> not before its release time when it is held (RFC 4865 §4), and not before the back-off of its last
 * temporary failure has passed ({@link RetrySchedule}, RFC 5321 §4.5.4.1). The back-off is part of the message's
 * envelope in the spool ({@link RelayEnvelope.Retry}), so a restart, a kill -9 included, keeps each message's count
 * of failures and its next try's time: it neither starts the back-off over nor tries every message at once.
 *
 * <p><b>Order (RFC 6710 §4):</b> among the messages due, the higher {@code MT-PRIORITY} first, then the one due
 * longest, then the oldest. <b>No starvation:</b> a pass takes every message due when it starts and tries each of
 * them before it looks at the queue again, so mail of a higher priority arriving meanwhile waits for the next pass
 * rather than pushing a lower-priority message back again and again; priority orders the work of one pass, it never
 * keeps a due message out of it.
 */
final class QueueOrder {

  /** Higher priority first, then the earlier due time, then the older id. */
  static final Comparator<Due> ORDER = Comparator.<Due>comparingInt(d -> -d.message().envelope().priority().value())
      .thenComparing(Due::at).thenComparing(d -> d.message().id());

  private final RetrySchedule schedule;

  QueueOrder(RetrySchedule schedule) {
    this.schedule = schedule;
  }

  /**
   * A message and the time it became (or becomes) due.
   *
   * @param message the queued message
   * @param at      when it may be tried
   */
  record Due(RelaySpool.SpooledMessage message, Instant at) {
  }

  /** {@return when {@code message} may be tried: the later of its release time and its back-off} */
  Due due(RelaySpool.SpooledMessage message) {
    RelayEnvelope e = message.envelope();
    Instant at = e.release().orElse(Instant.MIN);
    Instant retry = e.retry().map(RelayEnvelope.Retry::notBefore).orElse(Instant.MIN);
    return new Due(message, retry.isAfter(at) ? retry : at);
  }

  /**
   * The retry state after one more temporary failure at {@code now}.
   *
   * @param e   the envelope of the message that failed
   * @param now the time of the failure
   * @return the failures in a row, this one counted, and the next try's time
   */
  RelayEnvelope.Retry deferred(RelayEnvelope e, Instant now) {
    int n = e.retry().map(RelayEnvelope.Retry::failures).orElse(0) + 1;
    return new RelayEnvelope.Retry(n, now.plus(schedule.delayAfter(n)));
  }
}
