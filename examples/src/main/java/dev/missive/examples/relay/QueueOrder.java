package dev.missive.examples.relay;

import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;

/**
 * When each queued message may be tried next, and in which order the messages due are tried.
 *
 * <p><b>Due:</b> not before its release time when it is held (RFC 4865 §4), and not before the back-off of its last
 * temporary failure has passed ({@link RetrySchedule}; kept in memory, so a restart tries everything at once).
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
  private final Map<String, Integer> failures = new HashMap<>();
  private final Map<String, Instant> notBefore = new HashMap<>();

  QueueOrder(RetrySchedule schedule) {
    this.schedule = schedule;
  }

  /** A message and the time it became (or becomes) due. */
  record Due(RelaySpool.SpooledMessage message, Instant at) {
  }

  /** {@return when {@code message} may be tried: the later of its release time and its back-off} */
  Due due(RelaySpool.SpooledMessage message) {
    Instant at = message.envelope().release().orElse(Instant.MIN);
    Instant retry = notBefore.get(message.id());
    return new Due(message, retry != null && retry.isAfter(at) ? retry : at);
  }

  /** Records a temporary failure at {@code now}; {@return the number of consecutive failures} */
  int deferred(String id, Instant now) {
    int n = failures.merge(id, 1, Integer::sum);
    notBefore.put(id, now.plus(schedule.delayAfter(n)));
    return n;
  }

  /** {@return when a deferred message is tried again} */
  Instant retryAt(String id) {
    return notBefore.getOrDefault(id, Instant.MIN);
  }

  /** Forgets a message that left the queue. */
  void forget(String id) {
    failures.remove(id);
    notBefore.remove(id);
  }
}
