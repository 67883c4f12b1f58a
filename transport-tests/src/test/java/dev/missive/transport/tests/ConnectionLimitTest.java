package dev.missive.transport.tests;

import dev.missive.transport.ConnectionLimiter;
import dev.missive.transport.TransportOptions;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Connection limits on both transports, in total and per client address (Postfix's
 * {@code smtpd_client_connection_count_limit}): a connection over either is told the over-limit reply (SMTP
 * {@code 421 4.7.0}, RFC 5321 §3.8) and closed, and a slot is free again once a connection ends. Clients come from
 * 127.0.0.1 and 127.0.0.2, both on Linux's loopback interface.
 */
@Timeout(60)
class ConnectionLimitTest {

  static final String BUSY = "421 4.7.0 mx.example Too many connections, try again later";

  @ParameterizedTest
  @EnumSource(TransportKind.class)
  void aClientAddressOverItsLimitIsToldSoAndClosed(TransportKind kind) throws Exception {
    TransportOptions options = TransportOptions.defaults().withMaxConnections(10, 2).withOverLimitReply(BUSY + "\r\n");
    try (TransportKind.Listening server = kind.start(false, options, TestSessions::smtp);
         Socket first = from("127.0.0.1", server);
         Socket second = from("127.0.0.1", server)) {
      assertThat(Replies.smtp(first.getInputStream())).startsWith("220 ");
      assertThat(Replies.smtp(second.getInputStream())).startsWith("220 ");
      try (Socket third = from("127.0.0.1", server)) {
        assertRefused(third);
      }
      try (Socket other = from("127.0.0.2", server)) {
        assertThat(Replies.smtp(other.getInputStream())).as("another address").startsWith("220 ");
      }
      first.close();
      awaitGreeting("127.0.0.1", server); // the slot is free again once the first connection ended
    }
  }

  @ParameterizedTest
  @EnumSource(TransportKind.class)
  void connectionsOverTheTotalAreToldSoAndClosed(TransportKind kind) throws Exception {
    TransportOptions options = TransportOptions.defaults().withMaxConnections(2, 2).withOverLimitReply(BUSY + "\r\n");
    try (TransportKind.Listening server = kind.start(false, options, TestSessions::smtp);
         Socket first = from("127.0.0.1", server);
         Socket second = from("127.0.0.2", server)) {
      assertThat(Replies.smtp(first.getInputStream())).startsWith("220 ");
      assertThat(Replies.smtp(second.getInputStream())).startsWith("220 ");
      try (Socket third = from("127.0.0.3", server)) {
        assertRefused(third);
      }
      assertThat(server.connections().getAsInt()).isEqualTo(2);
    }
  }

  @ParameterizedTest
  @EnumSource(TransportKind.class)
  void implicitTlsConnectionsOverALimitAreClosedWithoutAPlaintextReply(TransportKind kind) throws Exception {
    TransportOptions options = TransportOptions.defaults().withMaxConnections(1, 1).withOverLimitReply(BUSY + "\r\n");
    try (TransportKind.Listening server = kind.start(true, options, TestSessions::smtp);
         Socket first = from("127.0.0.1", server)) {
      for (int i = 0; i < 100 && server.connections().getAsInt() == 0; i++) {
        Thread.sleep(50); // the first connection holds the slot (on Netty each channel registers on its own loop)
      }
      try (Socket second = from("127.0.0.1", server)) {
        assertThat(second.getInputStream().readAllBytes()).isEmpty();
      }
    }
  }

  @Test
  void theLimiterCountsPerAddressAndInTotal() throws Exception {
    ConnectionLimiter limiter = new ConnectionLimiter(3, 2);
    InetAddress a = InetAddress.getByName("192.0.2.1");
    InetAddress b = InetAddress.getByName("192.0.2.2");
    assertThat(limiter.tryAcquire(a)).isTrue();
    assertThat(limiter.tryAcquire(a)).isTrue();
    assertThat(limiter.tryAcquire(a)).as("third from a").isFalse();
    assertThat(limiter.tryAcquire(b)).isTrue();
    assertThat(limiter.tryAcquire(b)).as("over the total").isFalse();
    assertThat(limiter.open()).isEqualTo(3);
    limiter.release(a);
    assertThat(limiter.tryAcquire(b)).isTrue();
    limiter.release(b);
    limiter.release(b);
    limiter.release(a);
    assertThat(limiter.open()).isZero();
    assertThatThrownBy(() -> limiter.release(a)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void theOverLimitReplyIsOneLine() {
    TransportOptions options = TransportOptions.defaults();
    assertThatThrownBy(() -> options.withOverLimitReply("421 busy")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> options.withOverLimitReply("421 a\r\n421 b\r\n"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(options.withOverLimitReply("").overLimitReply()).isEmpty();
  }

  private static void assertRefused(Socket s) throws IOException {
    InputStream in = s.getInputStream();
    assertThat(Replies.smtp(in)).isEqualTo(BUSY + "\n");
    assertThat(in.read()).isEqualTo(-1);
  }

  /** Waits up to 10 s until a new connection from {@code source} is greeted instead of refused. */
  private static void awaitGreeting(String source, TransportKind.Listening server) throws Exception {
    String reply = null;
    for (int i = 0; i < 100; i++) {
      try (Socket s = from(source, server)) {
        reply = Replies.smtp(s.getInputStream());
      }
      if (reply != null && reply.startsWith("220 ")) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("still refused: " + reply);
  }

  /** Connects to the listener from the loopback address {@code source}. */
  static Socket from(String source, TransportKind.Listening server) throws IOException {
    Socket s = new Socket();
    s.bind(new InetSocketAddress(source, 0));
    s.connect(new InetSocketAddress("127.0.0.1", server.port()), 5_000);
    s.setSoTimeout(10_000);
    return s;
  }
}
