package dev.missive.examples.netty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missive.transport.netty.NettyServer;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Decisions answered from another thread (docs/architecture.md, "Decisions": the answer may come later): RCPT checks
 * run on an executor and are applied on the event loop; pipelined commands (RFC 2920) wait in order meanwhile.
 */
class NettyAsyncDecisionTest {

  final ExecutorService directoryThreads = Executors.newFixedThreadPool(2, r -> new Thread(r, "directory"));
  final Set<String> checkedOn = ConcurrentHashMap.newKeySet();
  final BlockingQueue<List<String>> delivered = new LinkedBlockingQueue<>();
  NettyServer server;

  @AfterEach
  void stop() {
    server.close();
    directoryThreads.shutdownNow();
  }

  @Test
  void rcptDecisionsCompleteOnAnExecutorAndApplyOnTheEventLoop() throws Exception {
    server = NettyServer.builder("async",
        c -> new AsyncRecipientSession(NettyTestSupport.engine(c), (from, to, content) -> delivered.add(to), c,
            (from, rcpt) -> {
              checkedOn.add(Thread.currentThread().getName());
              sleep(rcpt.startsWith("slow") ? 300 : 10);
              if (rcpt.startsWith("broken")) {
                throw new IllegalStateException("directory down");
              }
              return !rcpt.startsWith("nobody");
            }, directoryThreads)).start();
    try (Socket s = new Socket("127.0.0.1", server.port())) {
      s.setSoTimeout(10_000);
      InputStream in = s.getInputStream();
      OutputStream out = s.getOutputStream();
      assertThat(NettyTestSupport.readReply(in)).startsWith("220");
      out.write("EHLO c.example\r\n".getBytes(StandardCharsets.US_ASCII));
      assertThat(NettyTestSupport.readReply(in)).contains("PIPELINING");
      // one pipelined batch (RFC 2920 §3.1): the slow check must not reorder the replies
      out.write(("MAIL FROM:<a@example.org>\r\nRCPT TO:<slow@example.net>\r\nRCPT TO:<nobody@example.net>\r\n"
          + "RCPT TO:<broken@example.net>\r\nRCPT TO:<fast@example.net>\r\nDATA\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      assertThat(NettyTestSupport.readReply(in)).startsWith("250");
      assertThat(NettyTestSupport.readReply(in)).startsWith("250");
      assertThat(NettyTestSupport.readReply(in)).startsWith("550 5.1.1");
      assertThat(NettyTestSupport.readReply(in)).startsWith("451 4.3.0");
      assertThat(NettyTestSupport.readReply(in)).startsWith("250");
      assertThat(NettyTestSupport.readReply(in)).startsWith("354");
      out.write("Subject: async\r\n\r\nhi\r\n.\r\nQUIT\r\n".getBytes(StandardCharsets.US_ASCII));
      assertThat(NettyTestSupport.readReply(in)).startsWith("250");
      assertThat(NettyTestSupport.readReply(in)).startsWith("221");
    }
    assertThat(delivered.poll(10, TimeUnit.SECONDS)).containsExactly("slow@example.net", "fast@example.net");
    assertThat(checkedOn).containsExactly("directory"); // never the event loop
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
