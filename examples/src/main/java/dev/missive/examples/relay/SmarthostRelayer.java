package dev.missive.examples.relay;

import dev.missive.examples.tls.TlsContexts;
import dev.missive.mailauth.dkim.DkimSigningKey;
import dev.missive.smtp.Recipient;
import dev.missive.smtp.Reply;
import dev.missive.smtp.client.SmtpClient;
import dev.missive.smtp.client.SmtpClientConfig;
import dev.missive.smtp.client.SmtpClientEvent;
import dev.missive.transport.BlockingClient;
import dev.missive.transport.TlsSettings;
import dev.missive.transport.TransportOptions;
import dev.missive.wire.EngineEnvironment;
import dev.missive.wire.TlsPolicy;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
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
 * Hands spooled mail to a next hop (a smarthost) with the client engine, one connection per message (RFC 5321 §3.3,
 * §4.5.4): a message leaves the spool only after the next hop's 250; a temporary failure (a 4xx reply, a refused
 * connection, a timeout) is retried on a {@link RetrySchedule}; recipients refused for good (5xx) are bounced to the
 * reverse path by {@link Bouncer} with an RFC 3464 report. STARTTLS is used when offered (RFC 3207), with the JDK's
 * trust store and host name checks.
 *
 * <p>Delivery is at least once: if the process dies after the next hop's 250 and before the spool forgets the
 * message, it is sent again after the restart (RFC 5321 §6.1 accepts duplicates over loss).
 */
public final class SmarthostRelayer implements Runnable, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SmarthostRelayer.class);

  private final RelaySpool spool;
  private final String host;
  private final int port;
  private final String ehloName;
  private final RetrySchedule schedule;
  private final BlockingClient client;
  private final Bouncer bouncer;
  private final Optional<DkimSigningKey> dkim;
  private final Map<String, Integer> failures = new HashMap<>();
  private final Map<String, Long> notBefore = new HashMap<>();
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
    this.spool = spool;
    this.dkim = dkim;
    int colon = hostPort.lastIndexOf(':');
    if (colon < 1) {
      throw new IllegalArgumentException("expected host:port, got " + hostPort);
    }
    this.host = hostPort.substring(0, colon);
    this.port = Integer.parseInt(hostPort.substring(colon + 1));
    this.ehloName = ehloName;
    this.schedule = schedule;
    // the library's client transport: TLS 1.2+ and the next hop's name checked (RFC 6125), the handshake bounded
    this.client = BlockingClient.builder("relay").tls(TlsSettings.client(tls)).handshakeTimeout(handshakeTimeout)
        .connectTimeout(Duration.ofSeconds(30)).build();
    this.bouncer = new Bouncer(spool, ehloName, host, Clock.systemUTC());
    this.thread = new Thread(this, "missive-relay");
    thread.setDaemon(true);
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
    SmtpClientConfig config = SmtpClientConfig.builder().ehloName(ehloName).tlsPolicy(TlsPolicy.OPPORTUNISTIC).build();
    RelayClientSession session = new RelayClientSession(new SmtpClient(config, EngineEnvironment.system()), message,
        dkim);
    try {
      client.run(host, port, c -> session);
    } catch (IOException e) {
      defer(message, e.toString());
      return;
    } finally {
      session.closed();
    }
    if (session.result().isEmpty()) {
      defer(message, session.failure().orElse("session ended early"));
      return;
    }
    settle(message, session.result().get());
  }

  /**
   * Applies a transaction's result to the spool: recipients the next hop took are done, those it refused for good
   * are bounced, the rest wait for the next try.
   */
  private void settle(RelaySpool.SpooledMessage message, SmtpClientEvent.TransactionResult result)
      throws IOException {
    Set<String> delivered = new HashSet<>();
    result.deliveredTo().forEach(r -> delivered.add(mailbox(r)));
    Map<String, Reply> refused = refusedForGood(result);
    delivered.forEach(refused::remove);
    List<String> left = message.recipients().stream()
        .filter(r -> !delivered.contains(r) && !refused.containsKey(r)).toList();
    if (!refused.isEmpty()) {
      bouncer.report(message, refused);
      wakeUp(); // the bounce goes out on the next pass
    }
    if (!left.isEmpty()) {
      defer(left.size() == message.recipients().size() ? message : spool.retain(message, left), result.reason());
    } else if (delivered.isEmpty()) {
      LOG.warn("relay of {} refused: {}", message.id(), refused);
      forget(message);
      spool.failed(message, refused.toString());
    } else {
      LOG.info("relayed {} to {}:{} for {}", message.id(), host, port, delivered);
      forget(message);
      spool.done(message);
    }
  }

  /**
   * The recipients the next hop refused with a 5xx: those refused at RCPT (RFC 5321 §4.1.1.3), and all of them when
   * the transaction itself got a 5xx or could not be sent at all.
   */
  private static Map<String, Reply> refusedForGood(SmtpClientEvent.TransactionResult result) {
    Map<String, Reply> refused = new LinkedHashMap<>();
    for (SmtpClientEvent.RecipientResult r : result.recipients()) {
      if (r.reply().isPermanentFailure()) {
        refused.put(mailbox(r.recipient()), r.reply());
      }
    }
    if (result.outcome() == SmtpClientEvent.Outcome.ACCEPTED) {
      return refused;
    }
    boolean wholeMessage = result.outcome() == SmtpClientEvent.Outcome.NOT_SENT
        || result.reply().map(Reply::isPermanentFailure).orElse(false);
    if (wholeMessage) {
      Reply reply = result.reply().filter(Reply::isPermanentFailure)
          .orElse(Reply.of(554, "5.3.4", "Not sent: " + result.reason()));
      Set<String> answered = new HashSet<>();
      result.recipients().stream().filter(r -> !r.accepted()).forEach(r -> answered.add(mailbox(r.recipient())));
      result.envelope().recipients().stream().map(SmarthostRelayer::mailbox).filter(r -> !answered.contains(r))
          .forEach(r -> refused.put(r, reply)); // a 4xx at RCPT stays temporary
    }
    return refused;
  }

  /** The recipient as the spool holds it: the mailbox text, {@code Postmaster} for the domain-less path. */
  private static String mailbox(Recipient recipient) {
    return recipient.forwardPath().mailbox().map(Object::toString).orElse("Postmaster");
  }

  private void defer(RelaySpool.SpooledMessage message, String why) {
    int n = failures.merge(message.id(), 1, Integer::sum);
    Duration delay = schedule.delayAfter(n);
    notBefore.put(message.id(), System.nanoTime() + delay.toNanos());
    LOG.info("relay of {} to {}:{} deferred (try {}), next in {}: {}", message.id(), host, port, n, delay, why);
  }

  private void forget(RelaySpool.SpooledMessage message) {
    failures.remove(message.id());
    notBefore.remove(message.id());
  }

  @Override
  public void close() {
    closing = true;
    thread.interrupt();
    client.close();
  }
}
