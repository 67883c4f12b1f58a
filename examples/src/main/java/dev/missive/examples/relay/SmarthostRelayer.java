package dev.missive.examples.relay;

import dev.missive.examples.tls.TlsContexts;
import dev.missive.mailauth.dkim.DkimSigner;
import dev.missive.mailauth.dkim.DkimSigningKey;
import dev.missive.smtp.Envelope;
import dev.missive.smtp.Recipient;
import dev.missive.smtp.Reply;
import dev.missive.smtp.host.DeliveryStatus;
import dev.missive.smtp.host.MessageContent;
import dev.missive.smtp.host.MxSender;
import dev.missive.smtp.host.RecipientResult;
import dev.missive.smtp.host.SmtpSender;
import dev.missive.transport.TransportOptions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands spooled mail on through the library's sender, one connection per message (RFC 5321 §3.3, §4.5.4): to a next
 * hop (a smarthost, {@code smtp-host}'s {@link SmtpSender}; STARTTLS when offered, RFC 3207, with the JDK's trust store
 * and host name checks) or, made with {@link #viaMx}, straight to the recipients' MX hosts ({@link MxSender},
 * RFC 5321 §5.1). A recipient leaves the spool only once delivered; a temporary failure (a 4xx reply, a refused
 * connection, a timeout, no MX host reachable) is retried on a {@link RetrySchedule}; recipients refused for good
 * (5xx, a null MX) are bounced to the reverse path by {@link Bouncer} with an RFC 3464 report.
 *
 * <p>The extensions' facts kept with each message are honoured: a held message waits for its release time
 * (RFC 4865), the messages due are tried in priority order ({@link QueueOrder}, RFC 6710), deliver-by deadlines,
 * the warning and the expiry are applied at the start of every pass ({@link Deadlines}, RFC 2852, RFC 5321
 * §4.5.4.1), and what is sent on follows {@link NextHopRules} (BY= with the time left, RRVS). Time comes from a
 * {@link Clock}, so tests move it by hand and call {@link #pass()}.
 *
 * <p>Delivery is at least once: if the process dies after the next hop's 250 and before the spool forgets the
 * message, it is sent again after the restart (RFC 5321 §6.1 accepts duplicates over loss).
 */
public final class SmarthostRelayer implements Runnable, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SmarthostRelayer.class);

  private final RelaySpool spool;
  private final String nextHop;
  private final NextHopDelivery delivery;
  private final RetrySchedule schedule;
  private final Bouncer bouncer;
  private final Optional<DkimSigningKey> dkim;
  private final Clock clock;
  private final QueueOrder order;
  private final Deadlines deadlines;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition wake = lock.newCondition();
  private boolean woken;
  private volatile boolean closing;
  private final Thread thread;

  /**
   * A relayer retrying every minute, then doubling up to an hour (the example server's choice).
   *
   * @param spool    the spool to drain
   * @param hostPort the next hop as {@code host:port}
   * @param ehloName this relay's name for EHLO and in bounces
   * @param dkim     the key each relayed message is DKIM-signed with, if any
   */
  public SmarthostRelayer(RelaySpool spool, String hostPort, String ehloName, Optional<DkimSigningKey> dkim)
      throws GeneralSecurityException {
    this(spool, hostPort, ehloName, new RetrySchedule(Duration.ofMinutes(1), Duration.ofHours(1)),
        TlsContexts.client(), TransportOptions.DEFAULT_HANDSHAKE_TIMEOUT, dkim);
  }

  /**
   * Creates a relayer; call {@link #start()} to run it.
   *
   * @param spool    the spool to drain
   * @param hostPort the next hop as {@code host:port}
   * @param ehloName this relay's name for EHLO and in bounces
   * @param schedule when to retry deferred messages
   * @param tls      the client TLS context for STARTTLS
   */
  public SmarthostRelayer(RelaySpool spool, String hostPort, String ehloName, RetrySchedule schedule,
                          SSLContext tls) {
    this(spool, hostPort, ehloName, schedule, tls, TransportOptions.DEFAULT_HANDSHAKE_TIMEOUT, Optional.empty());
  }

  /**
   * Creates a relayer whose STARTTLS handshakes (RFC 3207 §4) end at {@code handshakeTimeout}: a next hop that stalls
   * its handshake gets the message deferred, it does not hold the relay thread.
   *
   * @param spool            the spool to drain
   * @param hostPort         the next hop as {@code host:port}
   * @param ehloName         this relay's name for EHLO and in bounces
   * @param schedule         when to retry deferred messages
   * @param tls              the client TLS context for STARTTLS
   * @param handshakeTimeout the longest a TLS handshake with the next hop may take
   */
  public SmarthostRelayer(RelaySpool spool, String hostPort, String ehloName, RetrySchedule schedule,
                          SSLContext tls, Duration handshakeTimeout) {
    this(spool, hostPort, ehloName, schedule, tls, handshakeTimeout, Optional.empty());
  }

  /**
   * Creates a relayer that also DKIM-signs every message it forwards (RFC 6376 §5).
   *
   * @param spool            the spool to drain
   * @param hostPort         the next hop as {@code host:port}
   * @param ehloName         this relay's name for EHLO and in bounces
   * @param schedule         when to retry deferred messages
   * @param tls              the client TLS context for STARTTLS
   * @param handshakeTimeout the longest a TLS handshake with the next hop may take
   * @param dkim             the key each relayed message is DKIM-signed with, if any
   */
  public SmarthostRelayer(RelaySpool spool, String hostPort, String ehloName, RetrySchedule schedule,
                          SSLContext tls, Duration handshakeTimeout, Optional<DkimSigningKey> dkim) {
    this(spool, hostPort, tls, handshakeTimeout, ehloName, schedule, dkim, RelayPolicy.DEFAULT);
  }

  /**
   * Creates a relayer with its own warning and expiry times (RFC 5321 §4.5.4.1).
   *
   * @param spool            the spool to drain
   * @param hostPort         the next hop as {@code host:port}
   * @param tls              the client TLS context for STARTTLS
   * @param handshakeTimeout the longest a TLS handshake with the next hop may take
   * @param ehloName         this relay's name for EHLO and in bounces
   * @param schedule         when to retry deferred messages
   * @param dkim             the key each relayed message is DKIM-signed with, if any
   * @param policy           when to warn the sender and when to give up
   */
  public SmarthostRelayer(RelaySpool spool, String hostPort, SSLContext tls, Duration handshakeTimeout,
                          String ehloName, RetrySchedule schedule, Optional<DkimSigningKey> dkim,
                          RelayPolicy policy) {
    this(spool, hostPort, SmarthostDelivery.of(hostPort, ehloName, tls, handshakeTimeout), ehloName,
        schedule, dkim, policy, Clock.systemUTC());
  }

  SmarthostRelayer(RelaySpool spool, String nextHop, NextHopDelivery delivery, String ehloName, RetrySchedule schedule,
                   Optional<DkimSigningKey> dkim, RelayPolicy policy, Clock clock) {
    this.spool = spool;
    this.nextHop = nextHop;
    this.delivery = delivery;
    this.dkim = dkim;
    this.schedule = schedule;
    this.clock = clock;
    this.bouncer = new Bouncer(spool, ehloName, nextHop, clock);
    this.order = new QueueOrder(schedule);
    this.deadlines = new Deadlines(spool, bouncer, policy);
    this.thread = new Thread(this, "missive-relay");
    thread.setDaemon(true);
  }

  /**
   * A relayer that delivers to the recipients' MX hosts (RFC 5321 §5.1) instead of a next hop.
   *
   * @param spool    the spool to drain
   * @param mx       the MX sender (its resolver, EHLO name and TLS policy)
   * @param ehloName this relay's name in bounces
   * @param schedule when to retry deferred messages
   * @param dkim     the key each relayed message is DKIM-signed with, if any
   * @return the relayer; call {@link #start()} to run it
   */
  public static SmarthostRelayer viaMx(RelaySpool spool, MxSender mx, String ehloName, RetrySchedule schedule,
                                       Optional<DkimSigningKey> dkim) {
    return viaMx(spool, mx, ehloName, schedule, dkim, RelayPolicy.DEFAULT);
  }

  /**
   * A relayer that delivers to the recipients' MX hosts, with its own warning and expiry times; what a host does
   * not offer is handled as {@link NextHopRules} says, after the fact ({@link MxDelivery}).
   *
   * @param spool    the spool to drain
   * @param mx       the MX sender (its resolver, EHLO name and TLS policy)
   * @param ehloName this relay's name in bounces
   * @param schedule when to retry deferred messages
   * @param dkim     the key each relayed message is DKIM-signed with, if any
   * @param policy   when to warn the sender and when to give up
   * @return the relayer; call {@link #start()} to run it
   */
  public static SmarthostRelayer viaMx(RelaySpool spool, MxSender mx, String ehloName, RetrySchedule schedule,
                                       Optional<DkimSigningKey> dkim, RelayPolicy policy) {
    return new SmarthostRelayer(spool, "the recipients' MX hosts", MxDelivery.of(mx), ehloName, schedule, dkim,
        policy, Clock.systemUTC());
  }

  /** Starts the relay thread. */
  public void start() {
    thread.start();
  }

  /** Asks the relayer to look at the spool now (called after each commit). */
  public void wakeUp() {
    lock.lock();
    try {
      woken = true;
      wake.signalAll();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void run() {
    while (!closing) {
      try {
        sleepUntil(pass());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (IOException | RuntimeException e) {
        LOG.warn("relay pass failed", e);
        try {
          sleepUntil(clock.instant().plus(schedule.initial()));
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  /**
   * One pass over the queue: applies the deadlines due ({@link Deadlines}), then tries every message due, in
   * {@link QueueOrder}.
   *
   * @return when the next pass has something to do ({@link Instant#MAX} if the queue is empty)
   */
  Instant pass() throws IOException {
    Instant now = clock.instant();
    Instant next = Instant.MAX;
    List<QueueOrder.Due> due = new ArrayList<>();
    for (RelaySpool.SpooledMessage queued : spool.queued()) {
      Optional<RelaySpool.SpooledMessage> m = deadlines.apply(queued, now);
      if (m.isEmpty()) {
        continue;
      }
      next = Deadlines.min(next, deadlines.next(m.get()));
      QueueOrder.Due d = order.due(m.get());
      if (d.at().isAfter(now)) {
        next = Deadlines.min(next, d.at());
      } else {
        due.add(d);
      }
    }
    due.sort(QueueOrder.ORDER);
    for (QueueOrder.Due d : due) {
      Optional<Instant> retry;
      try {
        retry = relay(d.message(), clock.instant());
      } catch (RuntimeException e) { // one message that cannot be sent does not hold up the others
        LOG.warn("relay of {} failed; deferred", d.message().id(), e);
        Optional<RelaySpool.SpooledMessage> left = spool.reload(d.message()); // as far as it got, if queued
        retry = left.isPresent() ? Optional.of(defer(left.get(), e.toString(), clock.instant())) : Optional.empty();
      }
      if (retry.isPresent()) {
        next = Deadlines.min(next, retry.get());
      }
    }
    return next;
  }

  private void sleepUntil(Instant when) throws InterruptedException {
    lock.lock();
    try {
      Duration until = Duration.between(clock.instant(), when); // at most an hour: a far release cannot overflow
      long wait = until.compareTo(Duration.ofHours(1)) > 0 ? TimeUnit.HOURS.toNanos(1) : until.toNanos();
      if (!woken && wait > 0) {
        wake.awaitNanos(wait);
      }
      woken = false;
    } finally {
      lock.unlock();
    }
  }

  /** Tries one message at {@code now} (BY= counts the time left from it); {@return its next try, if it stays} */
  private Optional<Instant> relay(RelaySpool.SpooledMessage message, Instant now) throws IOException {
    Optional<Envelope> envelope = NextHopRules.envelope(message.envelope(), now);
    if (envelope.isEmpty()) { // a by-mode R deadline less than a second away: it cannot be met
      deadlines.fail(message, "Less than a second left of the time asked with BY= (RFC 2852)");
      return Optional.empty();
    }
    MessageContent content = MessageContent.of(message.data());
    if (dkim.isPresent()) {
      content = content.withHeaderFields(signatureField(message, dkim.get()));
    }
    // each recipient on its own: refusals are bounced one by one, temporary failures wait for the next try
    NextHopDelivery.Handover result;
    try {
      result = delivery.send(envelope.get(), content);
    } catch (IOException e) {
      return Optional.of(defer(message, e.toString(), now));
    }
    return settle(message, result, now);
  }

  /** The DKIM-Signature field for the spooled file, with its CRLF (RFC 6376 §5, one streaming pass). */
  private static byte[] signatureField(RelaySpool.SpooledMessage message, DkimSigningKey key) throws IOException {
    try (InputStream in = Files.newInputStream(message.data())) {
      byte[] field = DkimSigner.sign(in, key, DkimSigner.Options.DEFAULT).raw();
      byte[] out = Arrays.copyOf(field, field.length + 2);
      out[field.length] = '\r';
      out[field.length + 1] = '\n';
      return out;
    }
  }

  /**
   * Applies the per-recipient results to the spool: recipients delivered are done (with a "relayed" report to those
   * that asked for SUCCESS when the next hop does not offer DSN, RFC 3461 §5.2.2), those refused for good are
   * bounced, the rest wait for the next try.
   */
  private Optional<Instant> settle(RelaySpool.SpooledMessage message, NextHopDelivery.Handover handover,
                                   Instant now) throws IOException {
    Map<String, Reply> delivered = new LinkedHashMap<>();
    Map<String, Reply> refused = new LinkedHashMap<>();
    List<String> left = new ArrayList<>();
    String why = "";
    for (RecipientResult r : handover.result().recipients()) {
      String mailbox = mailbox(r.recipient());
      if (r.status() == DeliveryStatus.DELIVERED) {
        delivered.put(mailbox, r.reply().orElse(Reply.of(250, "2.0.0", "OK")));
      } else if (r.status() == DeliveryStatus.PERMANENT_FAILURE) {
        refused.put(mailbox, r.reply().filter(Reply::isPermanentFailure)
            .orElse(Reply.of(550, "5.3.4", truncate("Not delivered: " + r.detail()))));
      } else {
        left.add(mailbox);
        why = r.detail();
      }
    }
    if (!refused.isEmpty()) {
      bouncer.report(message, refused);
      wakeUp(); // the bounce goes out on the next pass
    }
    if (handover.withoutDsn() && !delivered.isEmpty() && bouncer.relayed(message, delivered)) {
      wakeUp();
    }
    if (!left.isEmpty()) {
      return Optional.of(defer(left.size() == message.recipients().size() ? message : spool.retain(message, left),
          why, now));
    }
    if (delivered.isEmpty()) {
      LOG.warn("relay of {} refused: {}", message.id(), refused);
      spool.failed(message, refused.toString());
    } else {
      LOG.info("relayed {} to {} for {}", message.id(), nextHop, delivered.keySet());
      spool.done(message);
    }
    return Optional.empty();
  }

  private static String truncate(String text) {
    String line = text.replaceAll("[\\p{Cntrl}]+", " ");
    return line.length() <= 400 ? line : line.substring(0, 400);
  }

  /** The recipient as the spool holds it: the mailbox text, {@code Postmaster} for the domain-less path. */
  private static String mailbox(Recipient recipient) {
    return recipient.forwardPath().mailbox().map(Object::toString).orElse("Postmaster");
  }

  /** Records one more temporary failure in the spool (durable, RFC 5321 §4.5.4.1); {@return the next try's time} */
  private Instant defer(RelaySpool.SpooledMessage message, String why, Instant now) throws IOException {
    RelayEnvelope.Retry r = order.deferred(message.envelope(), now);
    spool.update(message, message.envelope().withRetry(Optional.of(r)));
    LOG.info("relay of {} to {} deferred (try {}), next at {}: {}", message.id(), nextHop, r.failures(),
        r.notBefore(), why);
    return r.notBefore();
  }

  @Override
  public void close() {
    closing = true;
    thread.interrupt();
  }
}
