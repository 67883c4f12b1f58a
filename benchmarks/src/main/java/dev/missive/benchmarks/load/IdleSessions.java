package dev.missive.benchmarks.load;

import dev.missive.smtp.server.SmtpLimits;
import dev.missive.smtp.server.SmtpServer;
import dev.missive.smtp.server.SmtpServerConfig;
import dev.missive.transport.netty.NettyServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.openjdk.jol.info.GraphLayout;

/**
 * Concurrency and footprint of issue 8: N SMTP sessions (RFC 5321) open at once on Missive's Netty transport, all
 * idle after EHLO (counted on the server side), then one message on each. Reports the heap per idle session (used
 * heap after forced collections, before and after; includes Netty's channel and pipeline objects) and the
 * retained size of one live engine measured with JOL, less what every session shares (the size of two engines'
 * graph minus one engine's graph). The client runs in a child JVM ({@link IdleSessionsClient}).
 *
 * <p>Usage (run it with {@code -Xmx256m}): {@code IdleSessions [SESSIONS]}; default 10000, with the engine's
 * {@link SmtpLimits#DEFAULT} (the engine has no input buffer of its own: it parses the host's).
 */
public final class IdleSessions {

  private static final long TIMEOUT_SECONDS = 60;
  private static final long STALL_SECONDS = 20;
  private static final int SAMPLED_ENGINES = 8;

  private IdleSessions() {}

  /** Runs the measurement and prints one {@code name: value} line per reading. */
  public static void main(String[] args) throws Exception {
    if (System.getProperty("jdk.attach.allowAttachSelf") == null) {
      System.setProperty("jol.magicFieldOffset", "true"); // JOL reads record fields without its agent this way
    }
    int sessions = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    SmtpLimits limits = SmtpLimits.DEFAULT;
    SmtpServerConfig config = SmtpServerConfig.defaults("localhost").toBuilder().limits(limits).build();
    SessionCounters counters = new SessionCounters();
    AtomicReferenceArray<SmtpServer> first = new AtomicReferenceArray<>(SAMPLED_ENGINES);
    InetSocketAddress bind = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    System.out.println("sessions wanted: " + sessions + ", max heap: " + Heap.mib(Heap.max()));
    try (NettyServer server = MissiveServers.netty(bind, config, counters, e -> {
      for (int i = 0; i < SAMPLED_ENGINES && !first.compareAndSet(i, null, e); i++) {
        // the first free slot keeps it
      }
    })) {
      long before = Heap.usedAfterGc();
      Process client = new ProcessBuilder(javaCommand(), "-Xmx1g", "-cp", System.getProperty("java.class.path"),
          IdleSessionsClient.class.getName(), Integer.toString(server.port()), Integer.toString(sessions))
          .redirectError(ProcessBuilder.Redirect.INHERIT).start();
      BlockingQueue<String> lines = clientLines(client);
      awaitCount(() -> counters.ehlos(), sessions);
      System.out.println("client: " + lines.poll(STALL_SECONDS, TimeUnit.SECONDS));
      System.out.println("open on the server: " + counters.open() + ", idle after EHLO: " + counters.ehlos());
      long after = Heap.usedAfterGc();
      int open = counters.open();
      System.out.println("heap used before: " + Heap.mib(before) + ", with the idle sessions: " + Heap.mib(after));
      System.out.printf("heap per idle session (transport and engine): %.0f octets%n",
          (after - before) / (double) Math.max(1, open));
      engineSize(first);

      OutputStream control = client.getOutputStream();
      control.write("send\n".getBytes(StandardCharsets.US_ASCII));
      control.flush();
      awaitCount(() -> counters.messages(), sessions);
      System.out.println("client: " + lines.poll(STALL_SECONDS, TimeUnit.SECONDS));
      System.out.println("messages accepted on the server: " + counters.messages() + ", heap after them: "
          + Heap.mib(Heap.usedAfterGc()) + ", peak: " + Heap.mib(Heap.peak()));
      control.write("quit\n".getBytes(StandardCharsets.US_ASCII));
      control.close();
      if (!client.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        client.destroyForcibly();
      }
      boolean allIdle = open >= sessions;
      System.out.println("goal " + sessions + " sessions within " + Heap.mib(Heap.max()) + " heap: "
          + (allIdle && counters.messages() >= sessions ? "met" : "missed"));
    }
    System.exit(0);
  }

  /**
   * Prints one engine's retained size and the part not shared with other engines (JOL): the graph of the first
   * engines together, less the graph of one of them, divided by the others' number; then what one engine holds
   * that another does not, by class.
   */
  private static void engineSize(AtomicReferenceArray<SmtpServer> first) {
    Object[] engines = new Object[first.length()];
    for (int i = 0; i < engines.length; i++) {
      engines[i] = first.get(i);
      if (engines[i] == null) {
        System.out.println("engine size: fewer than " + engines.length + " sessions were opened");
        return;
      }
    }
    long single = GraphLayout.parseInstance(engines[0]).totalSize();
    long all = GraphLayout.parseInstance(engines).totalSize();
    long own = (all - single) / (engines.length - 1);
    System.out.println("engine graph (JOL, with shared objects): " + single + " octets");
    System.out.println("engine state per session (JOL, less shared objects, mean of " + (engines.length - 1)
        + "): " + own + " octets");
    System.out.println("goal engine state <= 2048 octets per idle session: " + (own <= 2048 ? "met" : "missed")
        + String.format(" (%.2f× the goal)", own / 2048.0));
    System.out.println("what one engine holds of its own:");
    System.out.println(GraphLayout.parseInstance(engines[1]).subtract(GraphLayout.parseInstance(engines[0]))
        .toFootprint());
  }

  private interface Count {
    long get();
  }

  /** Waits until {@code count} reaches {@code wanted}, or until it has not moved for {@value #STALL_SECONDS} s. */
  private static void awaitCount(Count count, long wanted) throws InterruptedException {
    long last = -1;
    long stalledSince = System.nanoTime();
    while (count.get() < wanted) {
      long now = count.get();
      if (now != last) {
        last = now;
        stalledSince = System.nanoTime();
      } else if (System.nanoTime() - stalledSince > TimeUnit.SECONDS.toNanos(STALL_SECONDS)) {
        System.out.println("stalled at " + now + " of " + wanted);
        return;
      }
      Thread.sleep(50);
    }
  }

  private static BlockingQueue<String> clientLines(Process client) {
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(
          new InputStreamReader(client.getInputStream(), StandardCharsets.US_ASCII))) {
        for (String line; (line = in.readLine()) != null; ) {
          lines.add(line);
        }
      } catch (IOException e) {
        lines.add("client output lost: " + e.getMessage());
      }
      lines.add("client ended");
    }, "client-output");
    reader.setDaemon(true);
    reader.start();
    return lines;
  }

  private static String javaCommand() {
    return ProcessHandle.current().info().command().orElse("java");
  }
}
