package dev.missive.smtp.server;
import static org.assertj.core.api.Assertions.assertThat;

import dev.missive.message.address.ForwardPath;
import dev.missive.smtp.Envelope;
import dev.missive.smtp.RcptParameters;
import dev.missive.smtp.ReceivedField;
import dev.missive.smtp.Reply;
import dev.missive.testkit.ManualTime;
import dev.missive.testkit.TestEnvironments;
import dev.missive.wire.ConnectionSecurity;
import dev.missive.wire.PeerInfo;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.commons.net.smtp.SMTPClient;
import org.junit.jupiter.api.Test;

/** The blocking serve loop of the adapter, until the host layer replaces it (the handler engine: HandlerServerTest). */
class HandlerAdapterTest {

  private final List<String> stored = new ArrayList<>();
  private final SmtpHandler handler = (envelope, trace) -> MessageSink.collecting((info, bytes) -> {
    stored.add(trace.toString() + new String(bytes, StandardCharsets.UTF_8));
    return SmtpDecision.accept(Reply.of(250, "2.0.0", "Queued as 42"));
  });

  @Test
  void serveRunsAWholeSessionOverASocket() throws Exception {
    try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      CompletableFuture<Void> served = serveOne(listener, 10_000,
          SmtpServer.create(SmtpServerConfig.defaults("localhost"), "[127.0.0.1]"));
      SMTPClient c = new SMTPClient();
      c.connect("127.0.0.1", listener.getLocalPort());
      c.login("client.example");
      c.setSender("a@example.org");
      c.addRecipient("b@example.org");
      assertThat(c.sendShortMessageData("Subject: sock\r\n\r\nhello\r\n")).isTrue();
      c.logout();
      c.disconnect();
      served.get(10, TimeUnit.SECONDS);
      assertThat(stored).singleElement().asString().endsWith("Subject: sock\r\n\r\nhello\r\n");
    }
  }

  @Test
  void serveTellsTheEngineAboutSocketTimeoutsAndEndsWith421OnceItsDeadlinePassed() throws Exception {
    ManualTime time = new ManualTime();
    SmtpServer smtp = new SmtpServer(SmtpServerConfig.defaults("localhost"), TestEnvironments.of(time),
        new PeerInfo("[127.0.0.1]", "t1", ConnectionSecurity.PLAINTEXT));
    try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      // a read that times out after 20 ms is reported; only the engine's own clock decides
      CompletableFuture<Void> served = serveOne(listener, 20, smtp);
      try (Socket client = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort())) {
        client.setSoTimeout(10_000);
        java.io.BufferedReader r = new java.io.BufferedReader(
            new java.io.InputStreamReader(client.getInputStream(), StandardCharsets.US_ASCII));
        assertThat(r.readLine()).startsWith("220 ");
        client.getOutputStream().write("NOOP\r\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(r.readLine()).isEqualTo("250 2.0.0 OK"); // socket timeouts before the deadline change nothing
        time.advance(SmtpLimits.DEFAULT.commandTimeout().plusSeconds(1));
        assertThat(r.readLine()).isEqualTo("421 4.4.2 localhost Error: timeout exceeded");
        assertThat(r.readLine()).isNull();
      }
      served.get(10, TimeUnit.SECONDS);
      assertThat(smtp.isClosed()).isTrue();
    }
  }

  @Test
  void serveAnswersAThousandPipelinedEhlosAndWhatCameBeforeAHalfClose() throws Exception {
    try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      CompletableFuture<Void> served = serveOne(listener, 10_000,
          SmtpServer.create(SmtpServerConfig.defaults("localhost"), "[127.0.0.1]"));
      try (Socket client = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort())) {
        client.setSoTimeout(10_000);
        java.io.BufferedReader r = new java.io.BufferedReader(
            new java.io.InputStreamReader(client.getInputStream(), StandardCharsets.US_ASCII));
        assertThat(r.readLine()).startsWith("220 ");
        StringBuilder burst = new StringBuilder();
        for (int i = 0; i < 1000; i++) {
          burst.append("EHLO c").append(i).append(".example\r\n"); // RFC 2920 §3.1: replies in order
        }
        client.getOutputStream().write(burst.append("NOOP\r\n").toString().getBytes(StandardCharsets.US_ASCII));
        client.shutdownOutput(); // the end of the stream follows the commands (`nc -N`)
        for (int i = 0; i < 1000; i++) {
          assertThat(r.readLine()).as("reply %d", i).isEqualTo("250-localhost greets c" + i + ".example");
          for (String line; (line = r.readLine()) != null && line.startsWith("250-"); ) {
            // the keywords
          }
        }
        assertThat(r.readLine()).isEqualTo("250 2.0.0 OK");
        assertThat(r.readLine()).isNull();
      }
      served.get(10, TimeUnit.SECONDS);
    }
  }

  /** Serves the next connection to {@code listener} with {@code smtp} on another thread. */
  private CompletableFuture<Void> serveOne(ServerSocket listener, int soTimeout, SmtpServer smtp) {
    return CompletableFuture.runAsync(() -> {
      try (Socket socket = listener.accept()) {
        socket.setSoTimeout(soTimeout);
        SmtpHandlerAdapter.serve(smtp, handler, socket.getInputStream(), socket.getOutputStream());
      } catch (IOException e) {
        throw new RuntimeException(e);
      }
    });
  }
}
