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
import dev.missive.smtp.host.SendResult;
import dev.missive.smtp.host.SmtpSender;
import dev.missive.transport.TransportOptions;
import dev.missive.wire.TlsPolicy;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
 * <p>Delivery is at least once: if the process dies after the next hop's 250 and before the spool forgets the
 * message, it is sent again after the restart (RFC 5321 §6.1 accepts duplicates over loss).
 */
public final class SmarthostRelayer implements Runnable, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SmarthostRelayer.class);

  private final RelaySpool spool;
  private final String nextHop;
  private final Delivery delivery;
  private final RetrySchedule schedule;
  private final Bouncer bouncer;
  private final Optional<DkimSigningKey> dkim;
  private final Map<String, Integer> failures = new HashMap<>();
  private final Map<String, Long> notBefore = new HashMap<>();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition wake = lock.newCondition();
  private boolean woken;
  private volatile boolean closing;
  private final Thread thread;

  /** Sends one message: the smarthost's or the MX sender's {@code send}. */
  @FunctionalInterface
  private interface Delivery {
    SendResult send(Envelope envelope, MessageContent content) throws IOException;
  }

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
    this(spool, hostPort, smarthost(hostPort, ehloName, tls, handshakeTimeout)::send, ehloName, schedule, dkim);
  }

  private SmarthostRelayer(RelaySpool spool, String nextHop, Delivery delivery, String ehloName,
                           RetrySchedule schedule, Optional<DkimSigningKey> dkim) {
    this.spool = spool;
    this.nextHop = nextHop;
    this.delivery = delivery;
    this.dkim = dkim;
    this.schedule = schedule;
    this.bouncer = new Bouncer(spool, ehloName, nextHop, Clock.systemUTC());
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
    return new SmarthostRelayer(spool, "the recipients' MX hosts", mx::send, ehloName, schedule, dkim);
  }

  /** The next hop as a smarthost: STARTTLS when offered, its name checked (RFC 6125), no AUTH. */
  private static SmtpSender smarthost(String hostPort, String ehloName, SSLContext tls, Duration handshakeTimeout) {
    int colon = hostPort.lastIndexOf(':');
    if (colon < 1) {
      throw new IllegalArgumentException("expected host:port, got " + hostPort);
    }
    try {
      return SmtpSender.smarthost(hostPort.substring(0, colon)).port(Integer.parseInt(hostPort.substring(colon + 1)))
          .ehloName(ehloName).trust(tls).handshakeTimeout(handshakeTimeout)
          .engine(c -> c.toBuilder().tlsPolicy(TlsPolicy.OPPORTUNISTIC).build()).build();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
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
        long next = Long.MAX_VALUE;
        for (RelaySpool.SpooledMessage m : spool.queued()) {
          long due = notBefore.getOrDefault(m.id(), 0L);
          if (due <= System.nanoTime()) {
            relay(m);
            due = notBefore.getOrDefault(m.id(), 0L);
          }
          next = Math.min(next, due);
        }
        sleepUntil(next);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (IOException | RuntimeException e) {
        LOG.warn("relay pass failed", e);
        try {
          sleepUntil(System.nanoTime() + schedule.initial().toNanos());
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  private void sleepUntil(long nanoTime) throws InterruptedException {
    lock.lock();
    try {
      long wait = nanoTime == Long.MAX_VALUE ? TimeUnit.HOURS.toNanos(1) : nanoTime - System.nanoTime();
      if (!woken && wait > 0) {
        wake.awaitNanos(wait);
      }
      woken = false;
    } finally {
      lock.unlock();
    }
  }

  private void relay(RelaySpool.SpooledMessage message) throws IOException {
    MessageContent content = MessageContent.of(message.data());
    if (dkim.isPresent()) {
      content = content.withHeaderFields(signatureField(message, dkim.get()));
    }
    // each recipient on its own: refusals are bounced one by one, temporary failures wait for the next try
    Envelope envelope = Envelope.of(message.reversePath(), message.recipients().toArray(String[]::new));
    SendResult result;
    try {
      result = delivery.send(envelope, content);
    } catch (IOException e) {
      defer(message, e.toString());
      return;
    }
    settle(message, result);
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
   * Applies the per-recipient results to the spool: recipients delivered are done, those refused for good are
   * bounced, the rest wait for the next try.
   */
  private void settle(RelaySpool.SpooledMessage message, SendResult result) throws IOException {
    Set<String> delivered = new HashSet<>();
    Map<String, Reply> refused = new LinkedHashMap<>();
    List<String> left = new ArrayList<>();
    String why = "";
    for (RecipientResult r : result.recipients()) {
      String mailbox = mailbox(r.recipient());
      if (r.status() == DeliveryStatus.DELIVERED) {
        delivered.add(mailbox);
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
    if (!left.isEmpty()) {
      defer(left.size() == message.recipients().size() ? message : spool.retain(message, left), why);
    } else if (delivered.isEmpty()) {
      LOG.warn("relay of {} refused: {}", message.id(), refused);
      forget(message);
      spool.failed(message, refused.toString());
    } else {
      LOG.info("relayed {} to {} for {}", message.id(), nextHop, delivered);
      forget(message);
      spool.done(message);
    }
  }

  private static String truncate(String text) {
    String line = text.replaceAll("[\\p{Cntrl}]+", " ");
    return line.length() <= 400 ? line : line.substring(0, 400);
  }

  /** The recipient as the spool holds it: the mailbox text, {@code Postmaster} for the domain-less path. */
  private static String mailbox(Recipient recipient) {
    return recipient.forwardPath().mailbox().map(Object::toString).orElse("Postmaster");
  }

  private void defer(RelaySpool.SpooledMessage message, String why) {
    int n = failures.merge(message.id(), 1, Integer::sum);
    Duration delay = schedule.delayAfter(n);
    notBefore.put(message.id(), System.nanoTime() + delay.toNanos());
    LOG.info("relay of {} to {} deferred (try {}), next in {}: {}", message.id(), nextHop, n, delay, why);
  }

  private void forget(RelaySpool.SpooledMessage message) {
    failures.remove(message.id());
    notBefore.remove(message.id());
  }

  @Override
  public void close() {
    closing = true;
    thread.interrupt();
  }
}
