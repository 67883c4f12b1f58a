package dev.missive.benchmarks.load;

import dev.missive.pop3.Maildrop;
import dev.missive.pop3.MaildropEntry;
import dev.missive.pop3.Password;
import dev.missive.pop3.server.Pop3Handler;
import dev.missive.pop3.server.Pop3HandlerServer;
import dev.missive.pop3.server.Pop3ServerConfig;
import dev.missive.smtp.server.SmtpLimits;
import dev.missive.smtp.server.SmtpServer;
import dev.missive.smtp.server.SmtpServerConfig;
import dev.missive.smtp.server.SmtpServerEvent;
import dev.missive.wire.ConnectionSecurity;
import dev.missive.wire.EngineEnvironment;
import dev.missive.wire.PeerInfo;
import dev.missive.wire.ProtocolEngine;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Streaming of issue 8, in memory through the engines: N MiB through SMTP DATA (RFC 5321 §4.1.1.4) into a sink
 * that only counts, and N MiB served by POP3 RETR (RFC 1939 §7) from a file-backed maildrop; byte arrays in, all
 * output drained into one reused buffer. Prints MB/s (10^6 octets per second) and the peak heap, to be run with
 * {@code -Xmx64m} to show that memory stays constant whatever the size. Passes of up to 16 MiB warm the JIT up
 * first (at least 2 s of CPU time); the rate is also given per CPU-second of the engine's thread, the reading that
 * other load on the machine moves least.
 *
 * <p>Usage: {@code Streaming smtp|pop3 [MIB]} (default 100).
 */
public final class Streaming {

  private static final byte[] LINE =
      "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ abcdefghijklmn\r\n"
          .getBytes(StandardCharsets.US_ASCII);
  private static final int CHUNK_LINES = 819;
  private static final Duration WARM_UP = Duration.ofSeconds(2); // 819 × 80 = 65 520 octets per array handed in

  private final ByteBuffer output = ByteBuffer.allocate(64 * 1024);
  private long dataOctets;
  private int tail; // the last four octets of output, for the end of a RETR answer

  Streaming() {}

  /** Runs the SMTP or POP3 measurement named by {@code args[0]}. */
  public static void main(String[] args) throws IOException {
    String which = args.length > 0 ? args[0] : "smtp";
    long octets = (args.length > 1 ? Long.parseLong(args[1]) : 100) * 1024 * 1024;
    warmUp(which, Math.min(octets, 16L * 1024 * 1024));
    Streaming run = new Streaming();
    long before = Heap.usedAfterGc();
    Heap.resetPeaks();
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long cpuStart = threads.getCurrentThreadCpuTime();
    long start = System.nanoTime();
    long moved = run.measure(which, octets);
    long nanos = System.nanoTime() - start;
    long cpuNanos = threads.getCurrentThreadCpuTime() - cpuStart;
    System.out.printf("%s: %d octets in %.2f s: %.0f MB/s (%.0f MB per CPU-second of the engine's thread)%n", which,
        moved, nanos / 1e9, moved * 1e3 / nanos, moved * 1e3 / cpuNanos);
    System.out.println("heap: max " + Heap.mib(Heap.max()) + ", used before " + Heap.mib(before) + ", peak "
        + Heap.mib(Heap.peak()) + ", after " + Heap.mib(Heap.usedAfterGc()));
  }

  /**
   * Warms the JIT up until the engines' loops are compiled: passes of {@code octets} for at least {@link #WARM_UP}
   * of CPU time and at least five passes (one 16 MiB pass took about 30 ms, shorter than the compilations, so the
   * measured run used to include them and its rate depended on when they finished).
   */
  private static void warmUp(String which, long octets) throws IOException {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long end = threads.getCurrentThreadCpuTime() + WARM_UP.toNanos();
    for (int pass = 0; pass < 5 || threads.getCurrentThreadCpuTime() < end; pass++) {
      new Streaming().measure(which, octets);
    }
  }

  /** Runs one measurement on this instance: returns the octets moved (DATA octets, or the RETR answer). */
  long measure(String which, long octets) throws IOException {
    return "pop3".equals(which) ? pop3(octets) : smtp(octets);
  }

  private static byte[] lines(int count) {
    byte[] chunk = new byte[count * LINE.length];
    for (int i = 0; i < count; i++) {
      System.arraycopy(LINE, 0, chunk, i * LINE.length, LINE.length);
    }
    return chunk;
  }

  /** Sends {@code octets} of message through DATA; returns the octets the engine handed out as DataChunks. */
  private long smtp(long octets) {
    SmtpLimits limits = SmtpLimits.builder().maxMessageSize(octets + 1024 * 1024).build();
    SmtpServerConfig config = SmtpServerConfig.defaults("mx.bench.example").toBuilder().limits(limits).build();
    SmtpServer server = new SmtpServer(config, EngineEnvironment.system(), new PeerInfo("[192.0.2.1]", "stream",
        ConnectionSecurity.PLAINTEXT));
    drain(server); // the greeting: a client never writes before it (RFC 5321 §4.3.1)
    feed(server, ascii("EHLO client.bench.example\r\n"));
    feed(server, ascii("MAIL FROM:<alice@origin.example>\r\nRCPT TO:<bob@bench.example>\r\nDATA\r\n"));
    ByteBuffer chunk = ByteBuffer.wrap(lines(CHUNK_LINES));
    for (long sent = 0; sent < octets; sent += chunk.capacity()) {
      feed(server, chunk.rewind());
    }
    feed(server, ascii(".\r\nQUIT\r\n"));
    if (!server.isClosed()) {
      throw new IllegalStateException("the SMTP session did not end with QUIT: " + server.state());
    }
    return dataOctets;
  }

  private void feed(SmtpServer server, ByteBuffer in) {
    while (in.hasRemaining()) {
      int before = in.position();
      if (server.wantsInput()) {
        server.receive(in);
      }
      for (SmtpServerEvent e; (e = server.nextEvent()) != null; ) {
        if (e instanceof SmtpServerEvent.DataChunk) {
          dataOctets += ((SmtpServerEvent.DataChunk) e).bytes().remaining();
        } else if (e.needsDecision()) {
          server.accept();
        }
      }
      drain(server);
      if (in.position() == before && !server.wantsInput()) {
        throw new IllegalStateException("the engine takes no more input in state " + server.state() + ", last: "
            + lastOutput());
      }
    }
  }

  private void drain(ProtocolEngine engine) {
    while (engine.hasOutput()) {
      output.clear();
      engine.drainOutput(output);
      keepTail();
    }
  }

  /** Keeps the last four octets drained so far (only the newest four of each drain are looked at). */
  private void keepTail() {
    for (int i = Math.max(0, output.position() - 4); i < output.position(); i++) {
      tail = (tail << 8) | (output.get(i) & 0xff);
    }
  }

  private String lastOutput() {
    int from = Math.max(0, output.position() - 200);
    return new String(output.array(), from, output.position() - from, StandardCharsets.US_ASCII);
  }

  /** Serves a file of {@code octets} with RETR; returns the octets of the answer. */
  private long pop3(long octets) throws IOException {
    Path file = Files.createTempFile("missive-retr", ".eml");
    try {
      byte[] chunk = lines(CHUNK_LINES);
      try (OutputStream out = Files.newOutputStream(file)) {
        for (long written = 0; written < octets; written += chunk.length) {
          out.write(chunk);
        }
      }
      long size = Files.size(file);
      Pop3HandlerServer server = new Pop3HandlerServer(Pop3ServerConfig.builder().hostname("pop.bench.example").build(), EngineEnvironment.system(),
          new PeerInfo("[192.0.2.1]", "stream", ConnectionSecurity.TRUSTED), session -> new FileMaildropHandler(file, size));
      drain(server);
      server.receive(ascii("USER bench\r\nPASS bench\r\nRETR 1\r\n"));
      tail = 0;
      long answered = 0;
      while (tail != 0x0a2e0d0a) { // the end of a multi-line answer: LF "." CR LF (the body has no such line)
        output.clear();
        if (!server.hasOutput()) {
          throw new IllegalStateException("RETR stopped after " + answered + " octets, last: " + lastOutput());
        }
        server.drainOutput(output);
        answered += output.position();
        keepTail();
      }
      server.receive(ascii("QUIT\r\n"));
      drain(server);
      if (answered < size) {
        throw new IllegalStateException("RETR answered " + answered + " octets for a message of " + size);
      }
      return answered;
    } finally {
      Files.deleteIfExists(file);
    }
  }

  private static ByteBuffer ascii(String s) {
    return ByteBuffer.wrap(s.getBytes(StandardCharsets.US_ASCII));
  }

  /** One user whose maildrop is one message read from a file, never held in memory. */
  private static final class FileMaildropHandler implements Pop3Handler {
    private final Path file;
    private final long size;

    FileMaildropHandler(Path file, long size) {
      this.file = file;
      this.size = size;
    }

    @Override
    public boolean login(String user, Password password) {
      return password.matches("bench");
    }

    @Override
    public Maildrop open(String user) {
      return new Maildrop() {
        @Override
        public List<MaildropEntry> messages() {
          return List.of(new MaildropEntry(size, "retr-1"));
        }

        @Override
        public InputStream retrieve(int messageNumber) throws IOException {
          return Files.newInputStream(file);
        }

        @Override
        public void update(List<Integer> deletedMessages) {
          // nothing is deleted in this measurement
        }

        @Override
        public void close() {
          // no lock to release
        }
      };
    }
  }
}
