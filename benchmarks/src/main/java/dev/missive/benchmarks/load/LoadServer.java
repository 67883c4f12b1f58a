package dev.missive.benchmarks.load;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.missive.smtp.server.SmtpServerConfig;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.subethamail.smtp.helper.SimpleMessageListener;
import org.subethamail.smtp.server.SMTPServer;

/**
 * Starts one SMTP server under test (RFC 5321) on a loopback port for {@code benchmarks/load/smtp-load.sh}:
 * {@code missive-blocking}, {@code missive-netty} (native epoll where it loads), {@code missive-netty-nio} (Netty forced
 * onto the JDK's NIO), {@code subethasmtp} or {@code greenmail}, each reading and
 * discarding every message. Prints {@code ready KIND PORT} once listening and runs until it is terminated
 * (SIGTERM) or its lifetime runs out, so it always stops by itself; then prints the server-side counts (Missive
 * only).
 *
 * <p>Usage: {@code java -cp benchmarks.jar dev.missive.benchmarks.load.LoadServer KIND PORT [LIFETIME_SECONDS]}
 */
public final class LoadServer {

  private LoadServer() {}

  /** Runs the server named by {@code args[0]} on port {@code args[1]} for at most {@code args[2]} seconds. */
  public static void main(String[] args) throws Exception {
    if (args.length < 2 || args.length > 3) {
      throw new IllegalArgumentException(
          "usage: LoadServer missive-blocking|missive-netty|missive-netty-nio|subethasmtp|greenmail PORT "
          + "[LIFETIME_SECONDS]");
    }
    long lifetimeSeconds = args.length == 3 ? Long.parseLong(args[2]) : 3600;
    String kind = args[0];
    int port = Integer.parseInt(args[1]);
    InetSocketAddress bind = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    SessionCounters counters = new SessionCounters();
    AutoCloseable server = start(kind, bind, counters);
    System.out.println("ready " + kind + " " + port);
    System.out.flush();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        server.close();
      } catch (Exception e) {
        // stopping anyway
      }
      if (kind.startsWith("missive")) {
        System.out.println(kind + ": " + counters.messages() + " messages, " + counters.dataOctets() + " octets");
      }
    }));
    Thread.sleep(TimeUnit.SECONDS.toMillis(lifetimeSeconds));
    System.exit(0);
  }

  private static AutoCloseable start(String kind, InetSocketAddress bind, SessionCounters counters)
      throws Exception {
    SmtpServerConfig config = SmtpServerConfig.defaults("localhost");
    switch (kind) {
      case "missive-blocking":
        return MissiveServers.blocking(bind, config, 1000, counters);
      case "missive-netty":
        return MissiveServers.netty(bind, config, counters, e -> { });
      case "missive-netty-nio":
        return MissiveServers.netty(bind, config, counters, e -> { }, false);
      case "subethasmtp":
        return subethasmtp(bind);
      case "greenmail":
        return greenmail(bind);
      default:
        throw new IllegalArgumentException("unknown server " + kind);
    }
  }

  /** SubEthaSMTP 7.2 with a {@link SimpleMessageListener} that reads each message to the end and drops it. */
  private static AutoCloseable subethasmtp(InetSocketAddress bind) {
    SimpleMessageListener discard = new SimpleMessageListener() {
      @Override
      public boolean accept(String from, String recipient) {
        return true;
      }

      @Override
      public void deliver(String from, String recipient, InputStream data) throws IOException {
        byte[] buffer = new byte[16 * 1024];
        while (data.read(buffer) >= 0) {
          // read and discard
        }
      }
    };
    SMTPServer server = SMTPServer.port(bind.getPort()).bindAddress(bind.getAddress()).hostName("localhost")
        .maxConnections(1000).simpleMessageListener(discard).build();
    server.start();
    return server::stop;
  }

  /** GreenMail 2.1 SMTP only; it stores every message, so its mailboxes are purged every second. */
  private static AutoCloseable greenmail(InetSocketAddress bind) {
    GreenMail greenMail = new GreenMail(new ServerSetup(bind.getPort(), bind.getHostString(), "smtp"));
    greenMail.start();
    ScheduledExecutorService purger = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "greenmail-purge");
      t.setDaemon(true);
      return t;
    });
    purger.scheduleWithFixedDelay(() -> {
      try {
        greenMail.purgeEmailFromAllMailboxes();
      } catch (Exception e) {
        // a purge that races a delivery is tried again next second
      }
    }, 1, 1, TimeUnit.SECONDS);
    return () -> {
      purger.shutdownNow();
      greenMail.stop();
    };
  }
}
