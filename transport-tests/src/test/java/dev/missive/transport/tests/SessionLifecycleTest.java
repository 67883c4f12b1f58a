package dev.missive.transport.tests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missive.smtp.server.SmtpLimits;
import dev.missive.smtp.server.SmtpServerConfig;
import dev.missive.testkit.ManualTime;
import dev.missive.transport.Connection;
import dev.missive.transport.EngineSession;
import dev.missive.transport.TransportOptions;
import dev.missive.wire.ProtocolEngine;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.MDC;

/**
 * What both transports do around a session: the engine's own deadline measured in its environment's time
 * (RFC 5321 §4.5.3.2), a graceful stop (SMTP {@code 421 4.3.2}, RFC 5321 §3.8; POP3 without UPDATE, RFC 1939 §6),
 * the error hook told once with the failed session's connection, and {@code closed()} once per session.
 */
@Timeout(60)
class SessionLifecycleTest {

  @ParameterizedTest
  @EnumSource(TransportKind.class)
  void theEnginesDeadlineEndsASilentSession(TransportKind kind) throws Exception {
    SmtpLimits limits = SmtpLimits.builder().commandTimeout(Duration.ofMillis(200))
        .dataTimeout(Duration.ofMillis(200)).build();
    SmtpServerConfig config = SmtpServerConfig.builder().hostname("mx.example").limits(limits).build();
    try (TransportKind.Listening server = kind.start(false, TransportOptions.defaults(),
        c -> TestSessions.smtp(c, config, new CopyOnWriteArrayList<>()));
         Socket s = new Socket("127.0.0.1", server.port())) {
      s.setSoTimeout(10_000);
      InputStream in = s.getInputStream();
      assertThat(Replies.smtp(in)).startsWith("220");
      String rest = new String(in.readAllBytes(), StandardCharsets.US_ASCII); // say nothing
      assertThat(rest).startsWith("421 ");
    }
  }

  /**
   * A deadline many of the server's check periods away (a 1 s command timeout against a 25 ms check: a quarter of the
   * 100 ms write timeout): the blocking transport waits for the peer in an untimed read and its timer hands the passed
   * deadline to the engine.
   */
  @ParameterizedTest
  @EnumSource(TransportKind.class)
  void aFarDeadlineStillEndsASilentSession(TransportKind kind) throws Exception {
    SmtpLimits limits = SmtpLimits.builder().commandTimeout(Duration.ofSeconds(1)).build();
    SmtpServerConfig config = SmtpServerConfig.builder().hostname("mx.example").limits(limits).build();
    TransportOptions options = TransportOptions.defaults().withWriteTimeout(Duration.ofMillis(100));
    try (TransportKind.Listening server = kind.start(false, options,
        c -> TestSessions.smtp(c, config, new CopyOnWriteArrayList<>()));
         Socket s = new Socket("127.0.0.1", server.port())) {
      s.setSoTimeout(10_000);
      InputStream in = s.getInputStream();
      assertThat(Replies.smtp(in)).startsWith("220");
      s.getOutputStream().write("EHLO client.example\r\n".getBytes(StandardCharsets.US_ASCII));
      assertThat(Replies.smtp(in)).startsWith("250");
      String rest = new String(in.readAllBytes(), StandardCharsets.US_ASCII); // then say nothing
      assertThat(rest).startsWith("421 ");
      HandshakeDeadlineTest.awaitNoConnection(server);
    }
  }

  /**
   * The blocking transport keeps a far deadline in the engine's own time (RFC 5321 §4.5.3.2's five minutes on a manual
   * clock): moved past it, the session ends at the server's next check, not after five minutes of wall time.
   */
  @Test
  void theBlockingTransportKeepsAFarDeadlineInTheEnginesTime() throws Exception {
    ManualTime time = new ManualTime();
    SmtpServerConfig config = SmtpServerConfig.builder().hostname("mx.example").build();
    try (TransportKind.Listening server = TransportKind.BLOCKING.start(false, TransportOptions.defaults(),
        c -> TestSessions.smtp(c, config, time.environment()));
         Socket s = new Socket("127.0.0.1", server.port())) {
      s.setSoTimeout(10_000);
      InputStream in = s.getInputStream();
      assertThat(Replies.smtp(in)).startsWith("220");
      s.getOutputStream().write("NOOP\r\n".getBytes(StandardCharsets.US_ASCII));
      assertThat(Replies.smtp(in)).startsWith("250");
      Thread.sleep(500); // the connection's thread is waiting for the next command (a deadline missed before is no test)
      time.advance(Duration.ofMinutes(6));
      String rest = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
      assertThat(rest).startsWith("421 ");
    }
  }

  @ParameterizedTest
  @EnumSource(TransportKind.class)
  void closingTheServerSays421ToAnSmtpClient(TransportKind kind) throws Exception {
    TransportKind.Listening server = kind.start(false, TransportOptions.defaults(), TestSessions::smtp);
    try (Socket s = new Socket("127.0.0.1", server.port())) {
      s.setSoTimeout(10_000);
      InputStream in = s.getInputStream();
      assertThat(Replies.smtp(in)).startsWith("220");
      s.getOutputStream().write("EHLO c.example\r\n".getBytes(StandardCharsets.US_ASCII));
      assertThat(Replies.smtp(in)).startsWith("250");
      server.close();
      assertThat(Replies.smtp(in)).startsWith("421 4.3.2");
      assertThat(in.read()).isEqualTo(-1);
    }
    assertThat(server.connections().getAsInt()).isZero();
  }

  /** A server closed twice (explicitly, then by try-with-resources) does nothing the second time. */
  @ParameterizedTest
  @EnumSource(TransportKind.class)
  void closingTheServerTwiceDoesNothingMore(TransportKind kind) throws Exception {
    TransportKind.Listening server = kind.start(false, TransportOptions.defaults(), TestSessions::smtp);
    try (Socket s = new Socket("127.0.0.1", server.port())) {
      s.setSoTimeout(10_000);
      assertThat(Replies.smtp(s.getInputStream())).startsWith("220");
      server.close();
    }
    server.close(); // Netty threw RejectedExecutionException: its event loops had stopped
    assertThat(server.connections().getAsInt()).isZero();
  }

  @ParameterizedTest
  @EnumSource(TransportKind.class)
  void closingTheServerEndsAPop3SessionWithoutUpdate(TransportKind kind) throws Exception {
    List<Integer> deleted = new CopyOnWriteArrayList<>();
    TransportKind.Listening server = kind.start(false, TransportOptions.defaults(),
        c -> TestSessions.pop3(c, deleted));
    try (Socket s = new Socket("127.0.0.1", server.port())) {
      s.setSoTimeout(10_000);
      InputStream in = s.getInputStream();
      assertThat(Replies.line(in)).startsWith("+OK");
      s.getOutputStream().write("USER alice\r\nPASS secret\r\nDELE 1\r\n".getBytes(StandardCharsets.US_ASCII));
      assertThat(Replies.line(in)).startsWith("+OK");
      assertThat(Replies.line(in)).startsWith("+OK");
      assertThat(Replies.line(in)).startsWith("+OK");
      server.close();
      while (in.read() >= 0) {
        // whatever the engine says on its way out
      }
    }
    assertThat(deleted).as("nothing deleted: the session never entered UPDATE").isEmpty();
  }

  @ParameterizedTest
  @EnumSource(TransportKind.class)
  void aSessionThatThrowsIsReportedToTheHookWithItsSessionIdAndClosed(TransportKind kind) throws Exception {
    List<String> reported = new CopyOnWriteArrayList<>();
    List<String> closed = new CopyOnWriteArrayList<>();
    try (TransportKind.Listening server = kind.startWithHook(TransportOptions.defaults(),
        c -> new Throwing(TestSessions.smtp(c), closed, c),
        (c, e) -> reported.add(c.sessionId() + " " + e.getMessage()));
         Socket s = new Socket("127.0.0.1", server.port())) {
      s.setSoTimeout(10_000);
      InputStream in = s.getInputStream();
      assertThat(Replies.smtp(in)).startsWith("220");
      s.getOutputStream().write("EHLO c.example\r\n".getBytes(StandardCharsets.US_ASCII));
      while (in.read() >= 0) {
        // the transport closes the connection
      }
      for (int i = 0; i < 100 && closed.isEmpty(); i++) {
        Thread.sleep(20);
      }
      assertThat(reported).hasSize(1);
      String id = reported.get(0).split(" ")[0];
      assertThat(reported.get(0)).isEqualTo(id + " the session broke");
      assertThat(closed).containsExactly(id);
    }
  }

  /**
   * Every call into a session runs with its id in the SLF4J MDC under {@code session}, so a handler's own log lines
   * (and a logging backend's pattern) carry it; the id is the connection's.
   */
  @ParameterizedTest
  @EnumSource(TransportKind.class)
  void theSessionIdIsInTheMdcWhileTheSessionIsHandled(TransportKind kind) throws Exception {
    List<String> ids = new CopyOnWriteArrayList<>();
    List<String> seen = new CopyOnWriteArrayList<>();
    try (TransportKind.Listening server = kind.start(false, TransportOptions.defaults(), c -> mdcRecording(c, ids, seen));
         Socket s = new Socket("127.0.0.1", server.port())) {
      s.setSoTimeout(10_000);
      InputStream in = s.getInputStream();
      assertThat(Replies.smtp(in)).startsWith("220");
      s.getOutputStream().write("EHLO c.example\r\nMAIL FROM:<a@c.example>\r\n".getBytes(StandardCharsets.US_ASCII));
      assertThat(Replies.smtp(in)).startsWith("250");
      assertThat(Replies.smtp(in)).startsWith("250");
    }
    assertThat(ids).hasSize(1);
    assertThat(seen).isNotEmpty().containsOnly(ids.get(0));
  }

  /**
   * The goodbye of a server that stops (421 4.3.2, RFC 5321 §3.8) is handled with the session's id in the MDC too,
   * although the thread that stops the server says it: on the blocking transport that thread is not the
   * connection's (it ran the session's shutdown without the id, which made the test above fail now and then when the
   * server closed before the connection's own thread saw the client leave).
   */
  @ParameterizedTest
  @EnumSource(TransportKind.class)
  void theSessionIdIsInTheMdcWhenTheServerSaysGoodbye(TransportKind kind) throws Exception {
    List<String> ids = new CopyOnWriteArrayList<>();
    List<String> seen = new CopyOnWriteArrayList<>();
    TransportKind.Listening server = kind.start(false, TransportOptions.defaults(), c -> mdcRecording(c, ids, seen));
    try (Socket s = new Socket("127.0.0.1", server.port())) {
      s.setSoTimeout(10_000);
      InputStream in = s.getInputStream();
      assertThat(Replies.smtp(in)).startsWith("220");
      server.close(); // the client is idle: the server's stopping thread ends the session
      assertThat(Replies.smtp(in)).startsWith("421 4.3.2");
    }
    assertThat(ids).hasSize(1);
    assertThat(seen).isNotEmpty().containsOnly(ids.get(0));
  }

  /** An accepting SMTP session that records the MDC's session id each time its events are handled. */
  private static EngineSession mdcRecording(Connection c, List<String> ids, List<String> seen) {
    ids.add(c.sessionId());
    EngineSession inner = TestSessions.smtp(c);
    return new EngineSession() {
      @Override
      public ProtocolEngine engine() {
        return inner.engine();
      }

      @Override
      public void handleEvents() throws java.io.IOException {
        seen.add(String.valueOf(MDC.get("session")));
        inner.handleEvents();
      }
    };
  }

  /** A session that throws once the client speaks, and records its close. */
  private static final class Throwing implements EngineSession {
    private final EngineSession inner;
    private final List<String> closed;
    private final Connection connection;

    Throwing(EngineSession inner, List<String> closed, Connection connection) {
      this.inner = inner;
      this.closed = closed;
      this.connection = connection;
    }

    @Override
    public ProtocolEngine engine() {
      return inner.engine();
    }

    @Override
    public void handleEvents() throws java.io.IOException {
      if (inner.engine().status() == ProtocolEngine.Status.HAS_EVENTS) {
        throw new IllegalStateException("the session broke");
      }
      inner.handleEvents();
    }

    @Override
    public void closed() {
      closed.add(connection.sessionId());
    }
  }
}
