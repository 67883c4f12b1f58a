package dev.missive.transport.tests;

import dev.missive.transport.Connection;
import dev.missive.transport.EngineSession;
import dev.missive.transport.TransportOptions;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.missive.wire.EngineEnvironment;
import dev.missive.wire.ProtocolEngine;
import dev.missive.wire.StreamChange;
import dev.missive.wire.StreamLayer;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Pipelined input on both transports: every command of one big write is answered, in order, while the client reads
 * (SMTP PIPELINING, RFC 2920 §3.1; POP3 PIPELINING, RFC 2449 §6.6); a client that writes without reading is held back
 * by flow control, not buffered without bound, and loses nothing once it reads; bytes left over while the engine
 * waits (a delayed reply to a failed login, RFC 1939 §4 leaves the delay to the server) are kept; and what a client
 * sent before it half-closed the connection is still answered.
 */
@Timeout(60)
class PipeliningTest {

  private static final int COMMANDS = 1000;

  @ParameterizedTest
  @EnumSource(TransportKind.class)
  void smtpAThousandEhlosInOneWriteAreAllAnsweredInOrder(TransportKind kind) throws Exception {
    try (TransportKind.Listening server = kind.start(false, TransportOptions.defaults(), TestSessions::smtp);
         Socket s = connect(server)) {
      InputStream in = new BufferedInputStream(s.getInputStream());
      assertThat(Replies.smtp(in)).startsWith("220 ");
      StringBuilder burst = new StringBuilder();
      for (int i = 0; i < COMMANDS; i++) {
        burst.append("EHLO c").append(i).append(".example\r\n");
      }
      CompletableFuture<Void> written = writeAsync(s, burst.append("QUIT\r\n").toString());
      for (int i = 0; i < COMMANDS; i++) {
        String reply = Replies.smtp(in);
        assertThat(reply).as("reply %d", i).startsWith("250-mx.example greets c" + i + ".example\n");
      }
      assertThat(Replies.smtp(in)).startsWith("221 ");
      assertThat(in.read()).isEqualTo(-1);
      written.get(10, TimeUnit.SECONDS);
    }
  }

  @ParameterizedTest
  @EnumSource(TransportKind.class)
  void pop3AThousandNoopListStatInOneWriteAreAllAnsweredInOrder(TransportKind kind) throws Exception {
    try (TransportKind.Listening server = kind.start(false, TransportOptions.defaults(), TestSessions::pop3);
         Socket s = connect(server)) {
      InputStream in = new BufferedInputStream(s.getInputStream());
      assertThat(Replies.line(in)).startsWith("+OK");
      StringBuilder burst = new StringBuilder("USER alice\r\nPASS secret\r\n");
      for (int i = 0; i < COMMANDS; i++) {
        burst.append("NOOP\r\nLIST\r\nSTAT\r\nLIST ").append(i % 2 + 1).append("\r\n");
      }
      CompletableFuture<Void> written = writeAsync(s, burst.append("QUIT\r\n").toString());
      assertThat(Replies.line(in)).startsWith("+OK");
      assertThat(Replies.line(in)).startsWith("+OK");
      String stat = "+OK 2 " + (TestSessions.FIRST.length() + TestSessions.SECOND.length());
      String list = "1 " + TestSessions.FIRST.length() + "\n2 " + TestSessions.SECOND.length() + "\n";
      for (int i = 0; i < COMMANDS; i++) {
        assertThat(Replies.line(in)).as("NOOP %d", i).isEqualTo("+OK");
        assertThat(Replies.line(in)).as("LIST %d", i).startsWith("+OK");
        assertThat(Replies.pop3Lines(in)).isEqualTo(list);
        assertThat(Replies.line(in)).as("STAT %d", i).isEqualTo(stat);
        int n = i % 2 + 1;
        assertThat(Replies.line(in)).as("LIST %d %d", i, n)
            .isEqualTo("+OK " + n + " " + (n == 1 ? TestSessions.FIRST : TestSessions.SECOND).length());
      }
      assertThat(Replies.line(in)).startsWith("+OK");
      assertThat(in.read()).isEqualTo(-1);
      written.get(10, TimeUnit.SECONDS);
    }
  }

  @ParameterizedTest
  @EnumSource(TransportKind.class)
  void commandsPipelinedBehindADelayedFailedLoginAreKept(TransportKind kind) throws Exception {
    try (TransportKind.Listening server = kind.start(false, TransportOptions.defaults(), TestSessions::pop3);
         Socket s = connect(server)) {
      InputStream in = new BufferedInputStream(s.getInputStream());
      assertThat(Replies.line(in)).startsWith("+OK");
      // the engine holds the -ERR back 200 ms and takes no input meanwhile; what follows waits in the transport
      s.getOutputStream().write(("USER alice\r\nPASS wrong\r\nUSER alice\r\nPASS secret\r\nSTAT\r\nQUIT\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      assertThat(Replies.line(in)).startsWith("+OK");
      assertThat(Replies.line(in)).startsWith("-ERR");
      assertThat(Replies.line(in)).startsWith("+OK");
      assertThat(Replies.line(in)).startsWith("+OK");
      assertThat(Replies.line(in)).startsWith("+OK 2 ");
      assertThat(Replies.line(in)).startsWith("+OK");
      assertThat(in.read()).isEqualTo(-1);
    }
  }

  @ParameterizedTest
  @EnumSource(TransportKind.class)
  void aClientThatWritesWithoutReadingIsHeldBackAndLosesNothingEvenAfterItHalfCloses(TransportKind kind)
      throws Exception {
    AtomicLong taken = new AtomicLong();
    int commands = 40_000; // 0.7 MB of commands, about 4 MB of replies
    Function<Connection, EngineSession> counting = c -> counting(TestSessions.smtp(c), taken);
    try (TransportKind.Listening server = kind.start(false, TransportOptions.defaults(), counting);
         Socket s = new Socket()) {
      s.setReceiveBufferSize(16 * 1024);
      s.connect(new InetSocketAddress("127.0.0.1", server.port()));
      s.setSoTimeout(20_000);
      InputStream in = new BufferedInputStream(s.getInputStream());
      assertThat(Replies.smtp(in)).startsWith("220 ");
      StringBuilder burst = new StringBuilder();
      for (int i = 0; i < commands; i++) {
        burst.append("EHLO c").append(i).append(".example\r\n");
      }
      // no QUIT: the end of the stream comes after the last command, as with `cat commands | nc -N host 25`
      CompletableFuture<Void> written = writeAsync(s, burst.toString(), true);
      long held = awaitSteady(taken);
      // the replies the kernel buffers (some MB) set how much the engine took; it did not take everything
      assertThat(held).as("octets the engine took while the client read nothing").isLessThan(burst.length());
      if (KernelQueues.available()) {
        // and the transport stopped reading: the rest waits in the kernel, not in the server's heap
        assertThat(KernelQueues.unread(server.port(), s.getLocalPort()).orElseThrow()).isGreaterThan(0);
      }
      for (int i = 0; i < commands; i++) {
        String reply = Replies.smtp(in);
        if (reply == null || !reply.startsWith("250-mx.example greets c" + i + ".example\n")) {
          fail("reply %d: %s", i, reply);
        }
      }
      assertThat(in.read()).isEqualTo(-1);
      written.get(10, TimeUnit.SECONDS);
      assertThat(taken.get()).isEqualTo(burst.length());
    }
  }

  @ParameterizedTest
  @EnumSource(TransportKind.class)
  void aClientThatNeverReadsIsClosedAtTheWriteDeadline(TransportKind kind) throws Exception {
    TransportOptions options = TransportOptions.defaults().withWriteTimeout(Duration.ofMillis(300));
    StringBuilder burst = new StringBuilder();
    for (int i = 0; i < 40_000; i++) {
      burst.append("EHLO c").append(i).append(".example\r\n");
    }
    try (TransportKind.Listening server = kind.start(false, options, TestSessions::smtp);
         Socket s = new Socket()) {
      s.setReceiveBufferSize(16 * 1024);
      s.connect(new InetSocketAddress("127.0.0.1", server.port()));
      s.setSoTimeout(10_000);
      assertThat(Replies.smtp(s.getInputStream())).startsWith("220 "); // the session is up
      writeAsync(s, burst.toString()); // and no reply is ever read
      HandshakeDeadlineTest.awaitNoConnection(server); // the server gave up on the peer, its thread or channel is free
    }
  }

  static Socket connect(TransportKind.Listening server) throws IOException {
    Socket s = new Socket("127.0.0.1", server.port());
    s.setSoTimeout(20_000);
    return s;
  }

  static CompletableFuture<Void> writeAsync(Socket s, String text) {
    return writeAsync(s, text, false);
  }

  /** Writes on another thread (the server's replies may fill the socket first), then maybe half-closes. */
  static CompletableFuture<Void> writeAsync(Socket s, String text, boolean thenShutdown) {
    return CompletableFuture.runAsync(() -> {
      try {
        OutputStream out = s.getOutputStream();
        out.write(text.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        if (thenShutdown) {
          s.shutdownOutput();
        }
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }, r -> new Thread(r, "pipelining-writer").start());
  }

  /** Waits until the count has not moved for a while, and returns it. */
  private static long awaitSteady(AtomicLong count) throws InterruptedException {
    long last = -1;
    int still = 0;
    for (int i = 0; i < 100 && still < 5; i++) {
      Thread.sleep(100);
      long now = count.get();
      still = now == last ? still + 1 : 0;
      last = now;
    }
    return last;
  }

  /** The session with an engine that counts the octets it takes. */
  private static EngineSession counting(EngineSession session, AtomicLong taken) {
    ProtocolEngine engine = session.engine();
    ProtocolEngine counted = new ProtocolEngine() {
      @Override
      public void receive(ByteBuffer in) {
        int before = in.remaining();
        engine.receive(in);
        taken.addAndGet(before - in.remaining());
      }

      @Override
      public void receiveEnd() {
        engine.receiveEnd();
      }

      @Override
      public boolean hasOutput() {
        return engine.hasOutput();
      }

      @Override
      public void drainOutput(ByteBuffer out) {
        engine.drainOutput(out);
      }

      @Override
      public Status status() {
        return engine.status();
      }

      @Override
      public OptionalLong nextDeadline() {
        return engine.nextDeadline();
      }

      @Override
      public void onTimeout() {
        engine.onTimeout();
      }

      @Override
      public Optional<StreamChange> pendingStreamChange() {
        return engine.pendingStreamChange();
      }

      @Override
      public void streamChanged(StreamLayer layer) {
        engine.streamChanged(layer);
      }

      @Override
      public EngineEnvironment environment() {
        return engine.environment();
      }

      @Override
      public void shutdown() {
        engine.shutdown();
      }
    };
    return new EngineSession() {
      @Override
      public ProtocolEngine engine() {
        return counted;
      }

      @Override
      public void handleEvents() throws IOException {
        session.handleEvents();
      }
    };
  }
}
