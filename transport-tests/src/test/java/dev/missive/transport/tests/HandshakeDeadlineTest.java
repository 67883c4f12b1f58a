package dev.missive.transport.tests;

import dev.missive.transport.BlockingServer;
import dev.missive.transport.TransportOptions;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every TLS handshake has a deadline, on both transports, with implicit TLS (RFC 8314 §3) and after STARTTLS
 * (RFC 3207 §4) or STLS (RFC 2595 §4): a client that says nothing, stops inside its ClientHello or trickles it loses
 * the connection when the deadline passes, and its thread or channel is free again. Each failure is one log line.
 */
@Timeout(60)
class HandshakeDeadlineTest {

  /** The first five octets of a TLS record header announcing a 512-octet handshake message, and nothing after. */
  private static final byte[] PARTIAL_CLIENT_HELLO = {0x16, 0x03, 0x01, 0x02, 0x00};

  private static final TransportOptions SHORT = TransportOptions.defaults()
      .withHandshakeTimeout(Duration.ofMillis(300));

  @ParameterizedTest
  @EnumSource(TransportKind.class)
  void implicitTlsWithASilentClient(TransportKind kind) throws Exception {
    try (TransportKind.Listening server = kind.start(true, SHORT, TestSessions::smtp);
         Socket s = connect(server)) {
      assertClosedByServer(s);
      awaitNoConnection(server);
    }
  }

  @ParameterizedTest
  @EnumSource(TransportKind.class)
  void implicitTlsWithAPartialClientHello(TransportKind kind) throws Exception {
    try (TransportKind.Listening server = kind.start(true, SHORT, TestSessions::pop3);
         Socket s = connect(server)) {
      s.getOutputStream().write(PARTIAL_CLIENT_HELLO);
      assertClosedByServer(s);
      awaitNoConnection(server);
    }
  }

  @ParameterizedTest
  @EnumSource(TransportKind.class)
  void aClientHelloTrickledByteByByteStillMeetsTheDeadline(TransportKind kind) throws Exception {
    try (TransportKind.Listening server = kind.start(true, SHORT, TestSessions::smtp);
         Socket s = connect(server)) {
      OutputStream out = s.getOutputStream();
      byte[] hello = new byte[512 + 5];
      System.arraycopy(PARTIAL_CLIENT_HELLO, 0, hello, 0, PARTIAL_CLIENT_HELLO.length);
      hello[5] = 0x01; // ClientHello
      try {
        for (byte b : hello) { // one octet every 50 ms: never idle for long, never done
          out.write(b);
          Thread.sleep(50);
        }
        fail("the server took a ClientHello trickled over %d ms", hello.length * 50);
      } catch (IOException e) {
        // closed under the client's feet: the deadline counts from the start of the handshake
      }
      assertClosedByServer(s);
      awaitNoConnection(server);
    }
  }

  @ParameterizedTest
  @EnumSource(TransportKind.class)
  void starttlsFollowedByNothing(TransportKind kind) throws Exception {
    try (TransportKind.Listening server = kind.start(false, SHORT, TestSessions::smtp);
         Socket s = connect(server)) {
      startTls(s);
      assertClosedByServer(s);
      awaitNoConnection(server);
    }
  }

  @ParameterizedTest
  @EnumSource(TransportKind.class)
  void starttlsFollowedByAPartialClientHello(TransportKind kind) throws Exception {
    try (TransportKind.Listening server = kind.start(false, SHORT, TestSessions::smtp);
         Socket s = connect(server)) {
      startTls(s);
      s.getOutputStream().write(PARTIAL_CLIENT_HELLO);
      assertClosedByServer(s);
      awaitNoConnection(server);
    }
  }

  @ParameterizedTest
  @EnumSource(TransportKind.class)
  void stlsFollowedByNothing(TransportKind kind) throws Exception {
    try (TransportKind.Listening server = kind.start(false, SHORT, TestSessions::pop3);
         Socket s = connect(server)) {
      InputStream in = s.getInputStream();
      assertThat(Replies.line(in)).startsWith("+OK");
      s.getOutputStream().write("STLS\r\n".getBytes(StandardCharsets.US_ASCII));
      assertThat(Replies.line(in)).startsWith("+OK");
      assertClosedByServer(s);
      awaitNoConnection(server);
    }
  }

  @ParameterizedTest
  @EnumSource(TransportKind.class)
  void eachFailedHandshakeIsOneLogLineWithTheSessionPeerAndReason(TransportKind kind) throws Exception {
    String log = capturingStandardError(() -> {
      try (TransportKind.Listening server = kind.start(true, SHORT, TestSessions::smtp)) {
        try (Socket silent = connect(server)) {
          assertClosedByServer(silent);
        }
        try (Socket plaintext = connect(server)) {
          plaintext.getOutputStream().write("EHLO c.example\r\n".getBytes(StandardCharsets.US_ASCII));
          assertClosedByServer(plaintext);
        }
        awaitNoConnection(server);
      }
    });
    List<String> failures = Arrays.stream(log.split("\n")).filter(l -> l.contains("TLS handshake")).toList();
    assertThat(failures).hasSize(2).allSatisfy(l -> assertThat(l).matches(".*t-\\d+ TLS handshake with "
        + "/127\\.0\\.0\\.1:\\d+ failed: \\S.*"));
    assertThat(log).doesNotContain("\tat ").doesNotContain("Exception:");
  }

  @ParameterizedTest
  @EnumSource(TransportKind.class)
  void aFloodOfAbandonedHandshakesLeaksNoThreadAndNoDescriptor(TransportKind kind) throws Exception {
    TransportOptions options = SHORT.withMaxConnections(200, 200);
    try (TransportKind.Listening server = kind.start(true, options, TestSessions::smtp)) {
      // warm up with a flood of the same size: classes loaded (jar files opened), every one of Netty's event loops
      // (one per core or more, each with its selector) and the pool's threads started, so what is counted after the
      // second flood can only be what that flood leaked: a leak per connection shows as 60 more
      abandonHandshakes(server, 60);
      long descriptors = openDescriptors();
      long threads = busyThreads();
      abandonHandshakes(server, 60);
      assertThat(settledDescriptors(descriptors)).as("open file descriptors").isLessThanOrEqualTo(descriptors);
      assertThat(threadsInAConnection()).as("threads still serving a connection").isEmpty();
      assertThat(settledBusyThreads(threads + LAZY_HELPER_THREADS)).as("threads not idle in a pool: %s", busyThreadNames())
          .isLessThanOrEqualTo(threads + LAZY_HELPER_THREADS);
    }
  }

  /**
   * Threads a run may start once, lazily, whatever the number of connections (the JVM's or Netty's helpers, a
   * thread just leaving a pool under load): well below the 60 that one leaked thread per connection would add.
   */
  private static final int LAZY_HELPER_THREADS = 3;

  /** The busy threads once they have dropped to {@code expected}, or after 5 s (a pool's thread may be on its way out). */
  private static long settledBusyThreads(long expected) throws InterruptedException {
    long now = busyThreads();
    for (int i = 0; i < 100 && now > expected; i++) {
      Thread.sleep(50);
      now = busyThreads();
    }
    return now;
  }

  private static List<String> busyThreadNames() {
    return Thread.getAllStackTraces().entrySet().stream()
        .filter(e -> Arrays.stream(e.getValue()).noneMatch(HandshakeDeadlineTest::idleInAPool))
        .map(e -> e.getKey().getName()).sorted().toList();
  }

  private static boolean idleInAPool(StackTraceElement f) {
    return f.getMethodName().equals("getTask") && f.getClassName().equals("java.util.concurrent.ThreadPoolExecutor");
  }

  /** Opens {@code n} connections that each send a partial ClientHello, waits until the server closed them all. */
  private static void abandonHandshakes(TransportKind.Listening server, int n) throws Exception {
    List<Socket> sockets = new ArrayList<>();
    try {
      for (int i = 0; i < n; i++) {
        Socket s = connect(server);
        sockets.add(s);
        s.getOutputStream().write(PARTIAL_CLIENT_HELLO);
      }
      for (Socket s : sockets) {
        assertClosedByServer(s);
      }
    } finally {
      for (Socket s : sockets) {
        s.close();
      }
    }
    awaitNoConnection(server);
  }

  /**
   * Connects with a 5 s read timeout: far above the 300 ms deadline, below the 10 s that Netty's {@code SslHandler}
   * would apply by itself.
   */
  private static Socket connect(TransportKind.Listening server) throws IOException {
    Socket s = new Socket("127.0.0.1", server.port());
    s.setSoTimeout(5_000);
    return s;
  }

  /** Says EHLO and STARTTLS (RFC 3207 §4) and reads up to the server's 220: the handshake is due now. */
  private static void startTls(Socket s) throws IOException {
    InputStream in = s.getInputStream();
    assertThat(Replies.smtp(in)).startsWith("220 ");
    s.getOutputStream().write("EHLO c.example\r\nSTARTTLS\r\n".getBytes(StandardCharsets.US_ASCII));
    assertThat(Replies.smtp(in)).contains("STARTTLS");
    assertThat(Replies.smtp(in)).startsWith("220 ");
  }

  /** Reads until the server ends the connection; fails if the client's own read timeout comes first. */
  static void assertClosedByServer(Socket s) throws IOException {
    InputStream in = s.getInputStream();
    try {
      while (in.read() >= 0) {
        // a TLS alert, perhaps
      }
    } catch (SocketTimeoutException e) {
      throw new AssertionError("the server kept the connection open", e);
    } catch (IOException e) {
      // reset by the server: closed too
    }
  }

  /** Waits (up to 10 s) until the server counts no open connection: the threads and channels were released. */
  static void awaitNoConnection(TransportKind.Listening server) throws InterruptedException {
    for (int i = 0; i < 200 && server.connections().getAsInt() > 0; i++) {
      Thread.sleep(50);
    }
    assertThat(server.connections().getAsInt()).as("open connections").isZero();
  }

  /** The open descriptors once they have dropped to {@code expected}, or after 5 s (a channel's close may lag). */
  private static long settledDescriptors(long expected) throws IOException, InterruptedException {
    long now = openDescriptors();
    for (int i = 0; i < 100 && now > expected; i++) {
      Thread.sleep(50);
      now = openDescriptors();
    }
    return now;
  }

  private static long openDescriptors() throws IOException {
    Path fds = Path.of("/proc/self/fd");
    if (!Files.isDirectory(fds)) {
      return 0; // not Linux: nothing to count
    }
    try (Stream<Path> list = Files.list(fds)) {
      return list.count();
    }
  }

  /** Live threads but those idle in a thread pool (the blocking transport's pool keeps them a while). */
  private static long busyThreads() {
    return Thread.getAllStackTraces().values().stream()
        .filter(stack -> Arrays.stream(stack).noneMatch(HandshakeDeadlineTest::idleInAPool))
        .count();
  }

  private static List<String> threadsInAConnection() {
    return Thread.getAllStackTraces().entrySet().stream()
        .filter(e -> Arrays.stream(e.getValue()).anyMatch(f -> f.getMethodName().equals("startHandshake")
            || f.getClassName().equals(BlockingServer.class.getName()) && f.getMethodName().startsWith("serve")))
        .map(e -> e.getKey().getName()).toList();
  }

  /** Runs {@code body} with standard error (where the SLF4J simple provider writes) captured; returns it. */
  static String capturingStandardError(ThrowingRunnable body) throws Exception {
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      body.run();
    } finally {
      System.setErr(original);
      original.print(captured.toString(StandardCharsets.UTF_8));
    }
    return captured.toString(StandardCharsets.UTF_8);
  }

  /** A test body that may throw. */
  @FunctionalInterface
  interface ThrowingRunnable {
    void run() throws Exception;
  }
}
