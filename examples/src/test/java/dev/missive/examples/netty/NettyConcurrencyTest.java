package dev.missive.examples.netty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missive.transport.netty.NettyServer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.commons.net.smtp.SMTPClient;
import org.junit.jupiter.api.Test;

/** 200 SMTP connections open at once on the Netty transport, each sending one message (RFC 5321 §3.3). */
class NettyConcurrencyTest {

  static final int CONNECTIONS = 200;

  @Test
  void twoHundredConcurrentConnectionsEachDeliverOneMessage() throws Exception {
    Set<String> subjects = ConcurrentHashMap.newKeySet();
    ExecutorService clients = Executors.newFixedThreadPool(CONNECTIONS);
    try (NettyServer server = NettyServer.builder("many", c -> NettyTestSupport.listening(c,
            (from, to, content) -> subjects.add(new String(content, StandardCharsets.US_ASCII)))).start()) {
      CountDownLatch allConnected = new CountDownLatch(CONNECTIONS);
      List<Future<Boolean>> results = new ArrayList<>();
      for (int i = 0; i < CONNECTIONS; i++) {
        int n = i;
        results.add(clients.submit(() -> {
          SMTPClient client = new SMTPClient();
          client.setDefaultTimeout(20_000);
          try {
            client.connect("127.0.0.1", server.port());
            allConnected.countDown();
            allConnected.await(20, TimeUnit.SECONDS); // every connection open before any sends
            boolean ok = client.helo("c" + n + ".example") == 250
                && client.sendSimpleMessage("s" + n + "@example.org", "r@example.net", "Subject: " + n + "\r\n\r\nx\r\n");
            client.quit();
            return ok;
          } finally {
            client.disconnect();
          }
        }));
      }
      for (Future<Boolean> r : results) {
        assertThat(r.get(30, TimeUnit.SECONDS)).isTrue();
      }
    } finally {
      clients.shutdownNow();
    }
    assertThat(subjects).hasSize(CONNECTIONS);
    assertThat(subjects).contains("Subject: 0\r\n\r\nx\r\n", "Subject: 199\r\n\r\nx\r\n");
  }
}
