package dev.missive.benchmarks.load;

import dev.missive.examples.imap.MaildirMailStore;
import dev.missive.examples.maildir.Maildir;
import dev.missive.imap.server.ImapHandlerServer;
import dev.missive.transport.netty.NettyServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.openjdk.jol.info.GraphLayout;

/**
 * Issue 19's IDLE load: {@code SESSIONS} IMAP sessions (RFC 9051 §6.3.13 IDLE) on Missive's Netty transport over
 * the example server's Maildir store, each with the same {@code MESSAGES}-message INBOX selected; the clients run in
 * a child JVM ({@link MaildirIdleClient}). Prints the heap per IDLE session (used heap after collections, before
 * and after; transport, engine and the shared store) and one engine's own state with JOL, less what every session
 * shares (two engines' graph minus one's). Goal: 10 000 sessions in a 256 MiB heap ({@code -Xmx256m}), engine state
 * at most 4 KiB per IDLE session.
 *
 * <p>Usage: {@code MaildirIdleSessions [SESSIONS [MESSAGES]]}, by default 10000 and 10000. Do not run it on a busy
 * machine: the lead runs it on a quiet one.
 */
public final class MaildirIdleSessions {

  private static final int SAMPLED = 8;

  private MaildirIdleSessions() {}

  /** Runs the measurement and prints one {@code name: value} line per reading. */
  public static void main(String[] args) throws Exception {
    System.setProperty("jol.magicFieldOffset", "true");
    int sessions = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    int messages = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
    Path root = Files.createTempDirectory("maildir-idle");
    Maildir maildir = MaildirLoad.fill(root, messages);
    MaildirMailStore store = MaildirLoad.store(maildir);
    ConcurrentLinkedQueue<ImapHandlerServer> first = new ConcurrentLinkedQueue<>();
    System.out.println("sessions wanted: " + sessions + ", INBOX messages: " + messages + ", max heap: "
        + Heap.mib(Heap.max()));
    InetSocketAddress bind = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    try (NettyServer server = MaildirLoad.server(store, bind, sessions + 16, e -> {
      if (first.size() < SAMPLED) {
        first.add(e);
      }
    })) {
      long before = Heap.usedAfterGc();
      Process client = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-Xmx1g", "-cp",
          System.getProperty("java.class.path"), MaildirIdleClient.class.getName(),
          Integer.toString(server.port()), Integer.toString(sessions))
          .redirectError(ProcessBuilder.Redirect.INHERIT).start();
      BufferedReader lines = new BufferedReader(new InputStreamReader(client.getInputStream(),
          StandardCharsets.US_ASCII));
      String line = lines.readLine();
      System.out.println("client: " + line);
      long after = Heap.usedAfterGc();
      int idle = line != null && line.startsWith("idle ") ? Integer.parseInt(line.substring(5).trim()) : 0;
      System.out.println("heap used before: " + Heap.mib(before) + ", with the IDLE sessions: " + Heap.mib(after)
          + ", peak: " + Heap.mib(Heap.peak()));
      System.out.printf("heap per IDLE session (transport, engine, view of the INBOX): %.0f octets%n",
          (after - before) / (double) Math.max(1, idle));
      engineState(new ArrayList<>(first));
      System.out.println("goal " + sessions + " IDLE sessions within " + Heap.mib(Heap.max()) + " heap: "
          + (idle >= sessions ? "met" : "missed"));
      client.getOutputStream().close(); // the client ends its sessions and exits
      if (!client.waitFor(60, TimeUnit.SECONDS)) {
        client.destroyForcibly();
      }
    }
  }

  private static void engineState(List<ImapHandlerServer> engines) {
    if (engines.size() < 2) {
      System.out.println("engine state: fewer than two sessions");
      return;
    }
    // the raw engines (state machine, grammar, the selected mailbox's view): the facades reach the shared store,
    // which reaches every session through its listeners, so their graphs would all be one
    Object[] raw = engines.stream().map(ImapHandlerServer::engine).toArray();
    long single = GraphLayout.parseInstance(raw[0]).totalSize();
    long all = GraphLayout.parseInstance(raw).totalSize();
    long own = (all - single) / (engines.size() - 1);
    System.out.println("engine state per IDLE session (JOL, less shared objects, mean of " + (engines.size() - 1)
        + "): " + own + " octets");
    System.out.println("goal engine state <= 4096 octets per IDLE session: " + (own <= 4096 ? "met" : "missed"));
  }
}
