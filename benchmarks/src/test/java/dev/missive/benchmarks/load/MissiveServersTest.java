package dev.missive.benchmarks.load;

import static dev.missive.benchmarks.load.IdleSessionsClient.expect;
import static dev.missive.benchmarks.load.IdleSessionsClient.send;
import static org.assertj.core.api.Assertions.assertThat;

import dev.missive.smtp.server.SmtpServerConfig;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The servers the load harness measures really accept and read each message (RFC 5321 §3.3) and count it on the
 * server side, on both transports; over loopback, no timing. Compiled only with {@code -Pload}.
 */
class MissiveServersTest {

  private static final SmtpServerConfig CONFIG = SmtpServerConfig.defaults("localhost");
  private static final String CONTENT = "Subject: load\r\n\r\n..a line that starts with a dot\r\nend\r\n";
  private static final InetSocketAddress ANY_PORT = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

  @Test
  void blockingTransportCountsTheSessionTheEhloAndTheUnstuffedMessage() throws Exception {
    SessionCounters counters = new SessionCounters();
    try (var server = MissiveServers.blocking(ANY_PORT, CONFIG, 4, counters)) {
      oneMessage(server.port());
    }
    assertCounted(counters);
  }

  @Test
  void nettyTransportCountsTheSessionTheEhloAndTheUnstuffedMessage() throws Exception {
    SessionCounters counters = new SessionCounters();
    try (var server = MissiveServers.netty(ANY_PORT, CONFIG, counters, e -> { })) {
      oneMessage(server.port());
    }
    assertCounted(counters);
  }

  private static void oneMessage(int port) throws Exception {
    ByteBuffer buffer = ByteBuffer.allocate(4096);
    try (SocketChannel c = SocketChannel.open(new InetSocketAddress("127.0.0.1", port))) {
      expect(c, buffer, "220");
      for (String[] step : new String[][] {{"EHLO client.example", "250"}, {"MAIL FROM:<a@client.example>", "250"},
          {"RCPT TO:<b@server.example>", "250"}, {"DATA", "354"}, {CONTENT + ".", "250"}, {"QUIT", "221"}}) {
        send(c, (step[0] + "\r\n").getBytes(StandardCharsets.US_ASCII));
        expect(c, buffer, step[1]);
      }
    }
  }

  private static void assertCounted(SessionCounters counters) throws InterruptedException {
    for (int i = 0; i < 100 && counters.open() != 0; i++) {
      Thread.sleep(20); // the transport calls closed() after the socket is gone
    }
    assertThat(counters.ehlos()).isEqualTo(1);
    assertThat(counters.messages()).isEqualTo(1);
    // dot-unstuffed (RFC 5321 §4.5.2): one dot fewer than sent
    assertThat(counters.dataOctets()).isEqualTo(CONTENT.length() - 1);
    assertThat(counters.open()).isZero();
  }
}
