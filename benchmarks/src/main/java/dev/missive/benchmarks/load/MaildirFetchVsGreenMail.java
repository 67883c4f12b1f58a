package dev.missive.benchmarks.load;

import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.missive.examples.maildir.Maildir;
import dev.missive.imap.store.InMemoryMailStore;
import dev.missive.transport.netty.NettyServer;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntSupplier;

/**
 * Issue 19's FETCH load: {@code CLIENTS} clients each SELECT the same {@code MESSAGES}-message INBOX and
 * {@code FETCH 1:* BODY[]} (RFC 9051 §6.4.5) from Missive (Netty, the example server's Maildir store) and from
 * GreenMail's IMAP server holding the same messages, in the same run; prints octets and messages per second of each
 * and the ratio. Goal: Missive at least 10× GreenMail. Both are read by the same client ({@code MaildirLoad.Client}), cheap
 * next to either server; each round also prints the CPU time of the client threads against the process's, and the
 * rest (server and GC) per message, which stays comparable when the machine is busy and the wall-clock rate is not.
 * GreenMail keeps its messages in memory and Missive's example store reads each message's file, so a third contender,
 * Missive's engine over the library's {@code InMemoryMailStore} with the same messages, tells the engine's share from
 * the Maildir's.
 *
 * <p>Usage: {@code MaildirFetchVsGreenMail [MESSAGES [CLIENTS [ROUNDS]]]}, by default 10000, 10 and 3 (the best round
 * counts). Do not run it on a busy machine: the lead runs it on a quiet one.
 */
public final class MaildirFetchVsGreenMail {

  private MaildirFetchVsGreenMail() {}

  /** Runs the comparison. */
  public static void main(String[] args) throws Exception {
    int messages = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    int clients = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    Path root = Files.createTempDirectory("maildir-fetch");
    Maildir maildir = MaildirLoad.fill(root, messages);
    InetSocketAddress bind = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    GreenMail greenMail = new GreenMail(new ServerSetup(freePort(), "127.0.0.1", "imap"));
    greenMail.start();
    InMemoryMailStore memory = new InMemoryMailStore();
    memory.addUser(MaildirLoad.USER, MaildirLoad.PASSWORD);
    for (int i = 1; i <= messages; i++) {
      memory.deliver(MaildirLoad.USER, "INBOX", MaildirLoad.message(i));
    }
    try (NettyServer missive = MaildirLoad.server(MaildirLoad.store(maildir), bind, clients + 16, e -> { });
         NettyServer inMemory = MaildirLoad.server(memory, bind, clients + 16, e -> { })) {
      GreenMailUser user = greenMail.setUser("load@example.org", MaildirLoad.USER, MaildirLoad.PASSWORD);
      Session session = Session.getInstance(new Properties());
      for (int i = 1; i <= messages; i++) {
        user.deliver(new MimeMessage(session, new ByteArrayInputStream(MaildirLoad.message(i))));
      }
      double m = best("missive", missive::port, messages, clients, rounds);
      double g = best("greenmail", () -> greenMail.getImap().getPort(), messages, clients, rounds);
      double mem = best("missive-in-memory", inMemory::port, messages, clients, rounds);
      System.out.printf("missive / greenmail: %.2fx (goal >= 10x: %s)%n", m / g, m / g >= 10 ? "met" : "missed");
      System.out.printf("missive's engine over its in-memory store / greenmail (both in memory): %.2fx%n", mem / g);
    } finally {
      greenMail.stop();
    }
  }

  /** What one client did: the octets it read and the CPU time its thread used. */
  record ClientRun(long octets, long cpuNanos) {}

  /**
   * The best of {@code rounds} rounds, in messages per second; each round's numbers are printed, with the CPU time
   * of the client threads against the whole process's (server, client and GC alike), so a round bound by the client
   * shows.
   */
  static double best(String name, IntSupplier port, int messages, int clients, int rounds) throws Exception {
    double best = 0;
    for (int r = 1; r <= rounds; r++) {
      ExecutorService pool = Executors.newFixedThreadPool(clients);
      long cpu0 = processCpuNanos();
      long start = System.nanoTime();
      List<Future<ClientRun>> runs = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        runs.add(pool.submit(() -> fetchAll(port.getAsInt(), messages)));
      }
      long total = 0;
      long clientCpu = 0;
      for (Future<ClientRun> f : runs) {
        total += f.get().octets();
        clientCpu += f.get().cpuNanos();
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      double processCpu = (processCpuNanos() - cpu0) / 1e9;
      pool.shutdown();
      double rate = clients * (double) messages / seconds;
      System.out.printf("%s round %d: %d clients x %d messages in %.2f s: %.0f messages/s, %.1f MiB/s%n", name, r,
          clients, messages, seconds, rate, total / seconds / (1 << 20));
      System.out.printf("  CPU: client threads %.2f s = %.0f%% of the process's %.2f s (%d cores x %.2f s wall);"
          + " the rest per message: %.1f us%n", clientCpu / 1e9,
          processCpu > 0 ? 100 * clientCpu / 1e9 / processCpu : 0, processCpu,
          Runtime.getRuntime().availableProcessors(), seconds,
          (processCpu - clientCpu / 1e9) * 1e6 / (clients * (double) messages));
      best = Math.max(best, rate);
    }
    return best;
  }

  /** One client's SELECT and FETCH of every message; returns the octets read and its thread's CPU time. */
  static ClientRun fetchAll(int port, int messages) throws Exception {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long cpu0 = threads.getCurrentThreadCpuTime();
    try (MaildirLoad.Client c = new MaildirLoad.Client(port)) {
      c.send("a LOGIN " + MaildirLoad.USER + " " + MaildirLoad.PASSWORD);
      c.readUntil("a OK");
      c.send("b SELECT INBOX");
      c.readUntil("b OK");
      c.send("c FETCH 1:" + messages + " BODY.PEEK[]");
      long octets = c.readUntil("c OK");
      c.send("d LOGOUT");
      return new ClientRun(octets, threads.getCurrentThreadCpuTime() - cpu0);
    }
  }

  /** The CPU time of the whole JVM so far, or 0 where the platform does not say. */
  static long processCpuNanos() {
    return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
        ? Math.max(0, os.getProcessCpuTime()) : 0;
  }

  static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
