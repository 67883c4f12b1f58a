package dev.missive.examples.relay;

import dev.missive.message.address.AddrSpec;
import dev.missive.smtp.Envelope;
import dev.missive.smtp.Reply;
import dev.missive.smtp.client.EhloCapabilities;
import dev.missive.smtp.host.RecipientResult;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mail the relay holds for its On-Demand Mail Relay customers (RFC 2645 §4): a spool of its own that the
 * relayer never reads, emptied when a customer collects its domains' messages with ATRN on the ODMR port
 * ({@link OdmrService}) — or when the message expires. What is held survives a restart like the relay's queue (the
 * same {@link RelaySpool}, the same envelope with its extensions' facts).
 *
 * <p><b>Expiry:</b> RFC 2645 §5 has the provider hold mail until the customer connects, and RFC 5321 §4.5.4.1 has
 * every queued message given up after a time; held mail follows the relay queue's one rule ({@link Deadlines} with
 * the relay's {@link RelayPolicy}): a "delayed" report after the warning time, a "failed" report and the message
 * moved to {@code failed/} at the expiry, deliver-by deadlines (RFC 2852 §4) as for relayed mail. The reports go
 * into the relay's own spool ({@code reports}) and leave through its next hop like any bounce. A message on its way
 * to a customer is neither expired nor handed to a second collection meanwhile; one held until a later time
 * (FUTURERELEASE, RFC 4865 §4) is not collected before it.
 *
 * <p><b>Crash:</b> a report is durable in the relay's spool before the held message is marked (as in the relay's
 * queue); a restart between the two finishes the marking ({@link RelaySpool#finishMarkingsFrom}) before the relayer
 * can send the report, so no report goes twice.
 */
final class HeldMail implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(HeldMail.class);
  /** The longest the expiry timer sleeps: a far deadline cannot overflow it. */
  private static final Duration LONGEST_SLEEP = Duration.ofHours(1);

  private final OdmrCustomers customers;
  private final RelaySpool spool;
  private final Bouncer bouncer;
  private final Deadlines deadlines;
  private final Clock clock;
  private final Set<String> collecting = new HashSet<>();
  private ScheduledExecutorService timer;
  private ScheduledFuture<?> nextSweep;

  /**
   * Opens the spool of held mail and finishes the markings a crash left undone; call {@link #start()} to have
   * expiry run on its own.
   *
   * @param customers    whose domains are held
   * @param root         the directory of the held spool
   * @param reports      the relay's spool, where the reports about held mail are queued
   * @param reportingMta this relay's name in its reports
   * @param policy       when to warn the sender and when to give a held message up
   * @param clock        the time arrivals and deadlines are counted in
   */
  HeldMail(OdmrCustomers customers, Path root, RelaySpool reports, String reportingMta, RelayPolicy policy,
           Clock clock) throws IOException {
    this.customers = customers;
    this.clock = clock;
    this.spool = new RelaySpool(root, this::wakeUp, clock);
    this.bouncer = new Bouncer(reports, reportingMta, reportingMta, clock);
    this.deadlines = new Deadlines(spool, bouncer, policy);
    spool.finishMarkingsFrom(reports);
  }

  OdmrCustomers customers() {
    return customers;
  }

  RelaySpool spool() {
    return spool;
  }

  /** {@return the recipients whose domain is held for a customer} */
  List<AddrSpec> held(List<AddrSpec> recipients) {
    List<AddrSpec> out = new ArrayList<>();
    for (AddrSpec r : recipients) {
      if (customers.holds(r.domain().value())) {
        out.add(r);
      }
    }
    return out;
  }

  /**
   * Applies the deadlines due now to every held message not being collected ({@link Deadlines}).
   *
   * @return when the next deadline falls ({@link Instant#MAX} when nothing is held)
   */
  synchronized Instant expire() throws IOException {
    Instant now = clock.instant();
    Instant next = Instant.MAX;
    for (RelaySpool.SpooledMessage m : spool.queued()) {
      if (!collecting.contains(m.id())) {
        Optional<RelaySpool.SpooledMessage> kept = deadlines.apply(m, now);
        if (kept.isPresent()) {
          next = Deadlines.min(next, deadlines.next(kept.get()));
        }
      }
    }
    return next;
  }

  /**
   * The held messages with a recipient in {@code domains}, each cut down to those recipients (the others stay held
   * for whoever owns them). Deadlines due are applied first, so nothing expired is handed out; a message held until
   * a later time stays; each message handed out is not expired nor handed out again until {@link #delivered} or
   * {@link #release} says what became of it.
   */
  synchronized List<Batch> collect(Set<String> domains) throws IOException {
    expire();
    Instant now = clock.instant();
    List<Batch> batch = new ArrayList<>();
    for (RelaySpool.SpooledMessage m : spool.queued()) {
      if (collecting.contains(m.id()) || m.envelope().release().filter(now::isBefore).isPresent()) {
        continue;
      }
      List<String> mine = new ArrayList<>();
      List<String> others = new ArrayList<>();
      for (String r : m.recipients()) {
        int at = r.lastIndexOf('@');
        (at > 0 && domains.contains(r.substring(at + 1).toLowerCase(Locale.ROOT)) ? mine : others).add(r);
      }
      if (!mine.isEmpty()) {
        batch.add(new Batch(m, mine, others));
        collecting.add(m.id());
      }
    }
    return batch;
  }

  /**
   * What to send the customer for {@code b} at the time of sending: the envelope with the facts the relay passes on
   * to any next hop ({@link NextHopRules}: {@code BY=} with the time left, MT-PRIORITY, the DSN requests, RRVS), cut
   * to what the customer's server offers. The recipients that cannot be sent that way (a by-mode {@code R} deadline
   * run out, or a server without DELIVERBY; an RRVS condition without {@code ;C} for a server without RRVS) are
   * returned to the sender with a "failed" report and taken off the message, as {@link Deadlines} does.
   *
   * @param b        the batch about to be sent
   * @param customer the customer's server's EHLO capabilities
   * @return the batch left and its envelope, or empty when nothing of it is sent
   */
  synchronized Optional<Sending> sending(Batch b, EhloCapabilities customer) throws IOException {
    RelaySpool.SpooledMessage m = b.message();
    Optional<Envelope> full = NextHopRules.envelope(m.envelope().retaining(b.recipients()), clock.instant());
    if (full.isEmpty()) {
      refuse(b, b.recipients(), Reply.of(550, "5.4.7", "Less than a second left of the time asked with BY= "
          + "(RFC 2852)"));
      return Optional.empty();
    }
    NextHopRules.Adapted cut = NextHopRules.adapt(full.get(), customer, "the ODMR customer");
    Map<Reply, List<String>> refused = new LinkedHashMap<>();
    for (RecipientResult r : cut.refused()) {
      refused.computeIfAbsent(r.reply().orElseThrow(), k -> new ArrayList<>())
          .add(r.recipient().forwardPath().mailbox().orElseThrow().toString());
    }
    List<String> left = new ArrayList<>(b.recipients());
    for (Map.Entry<Reply, List<String>> e : refused.entrySet()) {
      m = refuse(new Batch(m, left, b.others()), e.getValue(), e.getKey());
      left.removeAll(e.getValue());
    }
    Batch kept = new Batch(m, List.copyOf(left), b.others());
    return cut.envelope().map(env -> new Sending(kept, env));
  }

  /** Reports {@code recipients} of {@code b} as failed and takes them off; {@return the message as it stays} */
  private RelaySpool.SpooledMessage refuse(Batch b, List<String> recipients, Reply why) throws IOException {
    RelaySpool.SpooledMessage m = b.message();
    LOG.info("held message {} not sent to the ODMR customer for {}: {}", m.id(), recipients, why);
    bouncer.failAll(new RelaySpool.SpooledMessage(m.id(), m.envelope().retaining(recipients), m.data()),
        why.status().map(Object::toString).orElse("5.0.0"), why.text());
    List<String> stay = new ArrayList<>(m.recipients());
    stay.removeAll(recipients);
    if (stay.isEmpty()) {
      collecting.remove(m.id());
      spool.failed(m, why.toString());
      return m;
    }
    return spool.retain(m, stay);
  }

  /**
   * The customer's server took {@code accepted}: the message goes, or stays for {@code b}'s other recipients only.
   * A server without DSN sends no report itself, so those of {@code accepted} whose {@code NOTIFY=} asks for
   * SUCCESS get the relay's "relayed" report (RFC 3461 §5.2.2), queued before the message is marked.
   *
   * @param b          the batch, {@link Batch#others()} the recipients that stay held
   * @param accepted   the recipients the customer's server took
   * @param withoutDsn whether the customer's server does not offer DSN
   */
  synchronized void delivered(Batch b, List<String> accepted, boolean withoutDsn) throws IOException {
    if (withoutDsn && !accepted.isEmpty()) {
      Map<String, Reply> taken = new LinkedHashMap<>();
      accepted.forEach(r -> taken.put(r, Reply.of(250, "2.0.0", "Collected by the ODMR customer")));
      bouncer.relayed(b.message(), taken);
    }
    collecting.remove(b.message().id());
    if (b.others().isEmpty()) {
      spool.done(b.message());
    } else {
      spool.retain(b.message(), b.others());
    }
  }

  /** The collection of {@code batches} ended: what was not delivered is held again, for expiry and later ATRNs. */
  synchronized void release(List<Batch> batches) {
    batches.forEach(b -> collecting.remove(b.message().id()));
    wakeUp();
  }

  /** Runs {@link #expire()} on a timer of its own from now on, at each next deadline and after each new message. */
  synchronized void start() {
    timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "missive-odmr-expiry");
      t.setDaemon(true);
      return t;
    });
    sweepIn(Duration.ZERO);
  }

  private synchronized void wakeUp() {
    if (timer != null) {
      sweepIn(Duration.ZERO);
    }
  }

  private synchronized void sweepIn(Duration delay) {
    if (nextSweep != null) {
      nextSweep.cancel(false);
    }
    long millis = Math.max(0, Math.min(delay.toMillis(), LONGEST_SLEEP.toMillis()));
    nextSweep = timer.schedule(this::sweep, millis, TimeUnit.MILLISECONDS);
  }

  private void sweep() {
    Duration delay;
    try {
      Instant next = expire();
      delay = next.equals(Instant.MAX) ? LONGEST_SLEEP : Duration.between(clock.instant(), next);
    } catch (IOException | RuntimeException e) {
      LOG.warn("expiry of held ODMR mail failed; trying again in a minute", e);
      delay = Duration.ofMinutes(1);
    }
    synchronized (this) {
      if (timer != null && !timer.isShutdown()) {
        sweepIn(delay);
      }
    }
  }

  @Override
  public synchronized void close() {
    if (timer != null) {
      timer.shutdownNow();
    }
  }

  /**
   * One held message as a customer collects it.
   *
   * @param message    the spooled message
   * @param recipients its recipients in the collected domains
   * @param others     its recipients that stay held
   */
  record Batch(RelaySpool.SpooledMessage message, List<String> recipients, List<String> others) {
  }

  /**
   * A batch as it is sent.
   *
   * @param batch    the batch, its refused recipients taken off
   * @param envelope the envelope to send it with
   */
  record Sending(Batch batch, Envelope envelope) {
  }
}
