package dev.missive.examples.relay;

import dev.missive.examples.tls.TlsContexts;
import dev.missive.examples.transport.BlockingLoop;
import dev.missive.smtp.client.SmtpClient;
import dev.missive.smtp.client.SmtpClientConfig;
import dev.missive.smtp.client.SmtpClientEvent;
import dev.missive.smtp.client.TlsPolicy;
import dev.missive.wire.EngineEnvironment;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands spooled mail to a smarthost with the client engine, one connection per message: retries later after a
 * temporary failure (4xx or a network error, RFC 5321 §4.5.4.1) and moves a message refused for good (5xx) to the
 * spool's {@code failed/} folder. STARTTLS is used when offered, with the JDK's trust store and host name checks.
 */
public final class SmarthostRelayer implements Runnable, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SmarthostRelayer.class);
  private static final long RETRY_SECONDS = 60;

  private final RelaySpool spool;
  private final String host;
  private final int port;
  private final String ehloName;
  private final SSLContext tls;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition wake = lock.newCondition();
  private boolean woken;
  private volatile boolean closing;
  private final Thread thread;

  /**
   * Creates a relayer; call {@link #start()} to run it.
   *
   * @param spool    the spool to drain
   * @param hostPort the smarthost as {@code host:port}
   * @param ehloName this server's name for EHLO
   */
  public SmarthostRelayer(RelaySpool spool, String hostPort, String ehloName) throws GeneralSecurityException {
    this.spool = spool;
    int colon = hostPort.lastIndexOf(':');
    this.host = hostPort.substring(0, colon);
    this.port = Integer.parseInt(hostPort.substring(colon + 1));
    this.ehloName = ehloName;
    this.tls = TlsContexts.client();
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
        for (RelaySpool.SpooledMessage m : spool.queued()) {
          relay(m);
        }
        lock.lock();
        try {
          if (!woken) {
            wake.await(RETRY_SECONDS, TimeUnit.SECONDS);
          }
          woken = false;
        } finally {
          lock.unlock();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (IOException e) {
        LOG.warn("cannot read the relay spool", e);
      }
    }
  }

  private void relay(RelaySpool.SpooledMessage message) throws IOException {
    SmtpClientConfig config = SmtpClientConfig.defaults(ehloName).withTlsPolicy(TlsPolicy.OPPORTUNISTIC);
    RelayClientSession session = new RelayClientSession(new SmtpClient(config, EngineEnvironment.system()), message);
    Socket socket = new Socket();
    try {
      socket.connect(new InetSocketAddress(host, port), 30_000);
      socket = BlockingLoop.run(socket, session, this::startTls);
    } catch (IOException e) {
      LOG.info("relay of {} to {}:{} deferred: {}", message.id(), host, port, e.toString());
      return;
    } finally {
      session.closed();
      socket.close();
    }
    var result = session.result();
    if (result.isPresent() && result.get().outcome() == SmtpClientEvent.Outcome.ACCEPTED) {
      LOG.info("relayed {} to {}:{}", message.id(), host, port);
      spool.done(message);
    } else if (result.isPresent() && result.get().reply().map(r -> r.code() >= 500).orElse(false)) {
      LOG.warn("relay of {} refused: {}", message.id(), result.get().reply().get());
      spool.failed(message, String.valueOf(result.get().reply().get()));
    } else {
      LOG.info("relay of {} deferred: {}", message.id(),
          result.map(r -> r.reason()).or(session::failure).orElse("session ended early"));
    }
  }

  private SSLSocket startTls(Socket socket) throws IOException {
    SSLSocket ssl = (SSLSocket) tls.getSocketFactory().createSocket(socket, host, port, true);
    ssl.setUseClientMode(true);
    TlsContexts.hardenClient(ssl);
    ssl.startHandshake();
    return ssl;
  }

  @Override
  public void close() {
    closing = true;
    thread.interrupt();
  }
}
