package dev.missive.transport.tests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missive.transport.BlockingServer;
import dev.missive.transport.TransportOptions;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The blocking transport's executor: connections run on the one the user passes (which the server never shuts down),
 * and without one on the default (virtual threads on Java 21 and later, else a bounded pool of daemon threads).
 */
@Timeout(60)
class BlockingExecutorTest {

  @Test
  void connectionsRunOnTheGivenExecutorWhichOutlivesTheServer() throws Exception {
    AtomicInteger tasks = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      BlockingServer server = BlockingServer.builder("x", TestSessions::smtp)
          .executor(task -> {
            tasks.incrementAndGet();
            pool.execute(task);
          })
          .start();
      try (server) {
        for (int i = 0; i < 3; i++) {
          assertGreetedAndQuit(server.port());
        }
      }
      assertThat(tasks).hasValue(3);
      assertThat(pool.isShutdown()).isFalse();
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void theDefaultExecutorServesConcurrentConnections() throws Exception {
    try (BlockingServer server = BlockingServer.builder("y", TestSessions::smtp)
        .options(TransportOptions.defaults().withMaxConnections(4, 4)).start();
         Socket a = new Socket("127.0.0.1", server.port());
         Socket b = new Socket("127.0.0.1", server.port())) {
      a.setSoTimeout(10_000);
      b.setSoTimeout(10_000);
      assertThat(Replies.smtp(b.getInputStream())).startsWith("220 "); // b is served while a is open
      assertThat(Replies.smtp(a.getInputStream())).startsWith("220 ");
      assertThat(server.connections()).isEqualTo(2);
    }
  }

  private static void assertGreetedAndQuit(int port) throws Exception {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(10_000);
      InputStream in = s.getInputStream();
      assertThat(Replies.smtp(in)).startsWith("220 ");
      s.getOutputStream().write("QUIT\r\n".getBytes(StandardCharsets.US_ASCII));
      assertThat(Replies.smtp(in)).startsWith("221 ");
    }
  }
}
