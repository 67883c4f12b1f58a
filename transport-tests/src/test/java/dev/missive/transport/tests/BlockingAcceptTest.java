package dev.missive.transport.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.missive.testkit.TestTls;
import dev.missive.transport.BlockingServer;
import dev.missive.transport.TransportOptions;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * How a listener accepts: a client whose TLS handshake has not begun holds up no other client (the handshake runs on
 * the connection's own thread or channel, never where connections are accepted), and on the blocking transport's own
 * threads the connection limits are kept while idle threads wait for work, no more threads than the limit and one
 * accepting run, and closing stops the listening and ends every thread. Any change to how the blocking server accepts
 * (an accepting thread handing over to a pool today) must keep these.
 */
@Timeout(60)
class BlockingAcceptTest {

  @ParameterizedTest
  @EnumSource(TransportKind.class)
  void aSilentImplicitTlsClientHoldsUpNoOtherHandshake(TransportKind kind) throws Exception {
    TransportOptions options = TransportOptions.defaults().withHandshakeTimeout(Duration.ofSeconds(30));
    try (TransportKind.Listening server = kind.start(true, options, TestSessions::smtp);
         Socket silent = ConnectionLimitTest.from("127.0.0.1", server);
         Socket other = ConnectionLimitTest.from("127.0.0.1", server)) {
      SSLSocket tls = TestTls.layerClient(other, TestTls.HOST, TestTls.clientContext()); // within other's 10 s
      assertThat(Replies.smtp(tls.getInputStream())).startsWith("220 ");
      assertThat(silent.isClosed()).isFalse();
    }
  }

  @Test
  void theLimitsHoldWhileIdleThreadsWaitForWork() throws Exception {
    TransportOptions options = TransportOptions.defaults().withMaxConnections(2, 2)
        .withOverLimitReply(ConnectionLimitTest.BUSY + "\r\n");
    try (BlockingServer server = BlockingServer.builder("limit9", TestSessions::smtp).options(options).start()) {
      for (int round = 0; round < 3; round++) { // the threads of one round are idle at the start of the next
        try (Socket a = greeted(server); Socket b = greeted(server); Socket c = connect(server)) {
          assertThat(Replies.smtp(c.getInputStream())).startsWith(ConnectionLimitTest.BUSY);
          assertThat(c.getInputStream().read()).isEqualTo(-1);
        }
        await(() -> server.connections() == 0);
      }
      assertThat(threadsNamed("missive-limit9-")).as("connection threads: at most the limit, and one accepting")
          .isLessThanOrEqualTo(3);
    }
  }

  @Test
  void closingStopsListeningAndEndsEveryThread() throws Exception {
    BlockingServer server = BlockingServer.builder("close9", TestSessions::smtp).start();
    int port = server.port();
    try {
      List<Socket> clients = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        clients.add(greeted(server)); // four at once: four connection threads
      }
      for (Socket s : clients) {
        s.getOutputStream().write("QUIT\r\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(Replies.smtp(s.getInputStream())).startsWith("221 ");
        s.close();
      }
      await(() -> server.connections() == 0); // their threads are idle now
    } finally {
      server.close();
    }
    assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(ConnectException.class);
    await(() -> threadsNamed("missive-close9-") == 0);
  }

  private static Socket connect(BlockingServer server) throws IOException {
    Socket s = new Socket("127.0.0.1", server.port());
    s.setSoTimeout(10_000);
    return s;
  }

  private static Socket greeted(BlockingServer server) throws IOException {
    Socket s = connect(server);
    InputStream in = s.getInputStream();
    assertThat(Replies.smtp(in)).startsWith("220 ");
    return s;
  }

  private static long threadsNamed(String prefix) {
    return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith(prefix)).count();
  }

  private static void await(BooleanSupplier condition) throws InterruptedException {
    for (int i = 0; i < 500 && !condition.getAsBoolean(); i++) {
      Thread.sleep(10);
    }
    assertThat(condition.getAsBoolean()).isTrue();
  }
}
