package dev.missive.examples.relay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missive.message.address.AddrSpec;
import dev.missive.testkit.TestTls;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The relay's STARTTLS handshake with the next hop has a deadline (RFC 3207 §4 leaves it to the client): a next hop
 * that answers {@code 220} to STARTTLS and then says nothing gets the connection closed at the deadline, the message
 * is deferred and tried again, and the relay thread is not held.
 */
@Timeout(60)
class RelayHandshakeDeadlineTest {

  @TempDir
  Path dir;

  @Test
  void aNextHopThatStallsTheHandshakeIsLeftAtTheDeadlineAndTriedAgain() throws Exception {
    BlockingQueue<String> attempts = new LinkedBlockingQueue<>();
    try (ServerSocket hop = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
      Thread stalling = new Thread(() -> stallEveryHandshake(hop, attempts), "stalling-hop");
      stalling.setDaemon(true);
      stalling.start();
      RelaySpool spool = new RelaySpool(dir, () -> { });
      spool.enqueue("alice@example.org", List.of(AddrSpec.parse("bob@example.net")),
          "Subject: s\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII));
      try (SmarthostRelayer relayer = new SmarthostRelayer(spool, "127.0.0.1:" + hop.getLocalPort(),
          "relay.example", RelayExampleTest.FAST, TestTls.clientContext(), Duration.ofMillis(300))) {
        relayer.start();
        assertThat(attempts.poll(20, TimeUnit.SECONDS)).isEqualTo("closed by the relay");
        assertThat(attempts.poll(20, TimeUnit.SECONDS)).as("tried again").isEqualTo("closed by the relay");
      }
      assertThat(spool.queued()).hasSize(1); // deferred, not lost
    }
  }

  /** Offers STARTTLS, says 220 to it, then waits (5 s at most) for the relay to give up. */
  private static void stallEveryHandshake(ServerSocket hop, BlockingQueue<String> attempts) {
    while (!hop.isClosed()) {
      try (Socket s = hop.accept()) {
        s.setSoTimeout(5_000);
        BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
        OutputStream out = s.getOutputStream();
        out.write("220 hop.example ESMTP\r\n".getBytes(StandardCharsets.US_ASCII));
        in.readLine(); // EHLO
        out.write("250-hop.example\r\n250 STARTTLS\r\n".getBytes(StandardCharsets.US_ASCII));
        in.readLine(); // STARTTLS
        out.write("220 2.0.0 Ready to start TLS\r\n".getBytes(StandardCharsets.US_ASCII));
        try {
          while (s.getInputStream().read() >= 0) {
            // the ClientHello
          }
          attempts.add("closed by the relay");
        } catch (SocketTimeoutException e) {
          attempts.add("still open after 5 s");
        } catch (IOException e) {
          attempts.add("closed by the relay");
        }
      } catch (IOException e) {
        return; // the listener was closed
      }
    }
  }
}
