package dev.missive.examples.netty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missive.examples.listener.ListenerSession;
import dev.missive.smtp.server.SmtpLimits;
import dev.missive.smtp.server.SmtpServer;
import dev.missive.smtp.server.SmtpServerConfig;
import dev.missive.testkit.TestTls;
import dev.missive.wire.EngineEnvironment;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.commons.net.smtp.AuthenticatingSMTPClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The transport's own duties: implicit TLS from the first byte (RFC 8314 §3), the engine's deadline on the event
 * loop's timer (RFC 5321 §4.5.3.2), and backpressure without loss when a client pipelines without reading.
 */
class NettyTransportTest {

  final BlockingQueue<String> inbox = new LinkedBlockingQueue<>();
  NettyServer server;

  @AfterEach
  void stop() {
    server.close();
  }

  private void start(SmtpServerConfig config, boolean implicitTls) throws Exception {
    server = NettyServer.start("t", new InetSocketAddress("127.0.0.1", 0), TestTls.serverContext(), implicitTls,
        c -> new ListenerSession(new SmtpServer(config, EngineEnvironment.system(), c.connection().peer(false)),
            (from, to, content) -> inbox.add(new String(content, StandardCharsets.UTF_8))));
  }

  @Test
  void implicitTlsFromTheFirstByte() throws Exception {
    start(SmtpServerConfig.builder().hostname("mx.example").tlsAvailable(true).implicitTls(true).build(), true);
    AuthenticatingSMTPClient client = new AuthenticatingSMTPClient(true, TestTls.clientContext());
    client.setDefaultTimeout(10_000);
    client.connect("127.0.0.1", server.port());
    assertThat(client.getReplyString()).startsWith("220 mx.example");
    assertThat(client.ehlo("c.example")).isEqualTo(250);
    assertThat(String.join("", client.getReplyStrings())).doesNotContain("STARTTLS");
    assertThat(client.sendSimpleMessage("a@example.org", "b@example.net", "Subject: 465\r\n\r\nx\r\n")).isTrue();
    client.logout();
    client.disconnect();
    assertThat(inbox.poll(10, TimeUnit.SECONDS)).isEqualTo("Subject: 465\r\n\r\nx\r\n");
  }

  @Test
  void theEnginesDeadlineFiresOnTheEventLoop() throws Exception {
    SmtpLimits limits = SmtpLimits.DEFAULT.withMaxMessageSize(1 << 20)
        .withTimeouts(Duration.ofMillis(200), Duration.ofMillis(200));
    start(SmtpServerConfig.builder().hostname("mx.example").limits(limits).build(), false);
    try (Socket s = new Socket("127.0.0.1", server.port())) {
      s.setSoTimeout(10_000);
      InputStream in = s.getInputStream();
      assertThat(NettySmtpTest.readReply(in)).startsWith("220");
      // say nothing: the command timeout ends the session with 421 and the transport closes the connection
      String rest = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
      assertThat(rest).startsWith("421 ");
    }
  }

  @Test
  void aClientThatWritesWithoutReadingLosesNoReply() throws Exception {
    start(SmtpServerConfig.builder().hostname("mx.example").build(), false);
    int commands = 3000; // each EHLO reply is a few hundred octets: far past every buffer on the way
    try (Socket s = new Socket("127.0.0.1", server.port())) {
      s.setSoTimeout(20_000);
      OutputStream out = s.getOutputStream();
      Thread writer = new Thread(() -> {
        try {
          byte[] ehlo = "EHLO c.example\r\n".getBytes(StandardCharsets.US_ASCII);
          for (int i = 0; i < commands; i++) {
            out.write(ehlo);
          }
          out.write("QUIT\r\n".getBytes(StandardCharsets.US_ASCII));
          out.flush();
        } catch (java.io.IOException e) {
          // the reader's assertion reports it
        }
      });
      writer.start();
      InputStream in = s.getInputStream();
      assertThat(NettySmtpTest.readReply(in)).startsWith("220");
      int ehloReplies = 0;
      String reply;
      try {
        while (!(reply = NettySmtpTest.readReply(in)).startsWith("221") && !reply.isEmpty()) {
          assertThat(reply).contains("250 ");
          ehloReplies++;
        }
      } catch (java.net.SocketTimeoutException e) {
        throw new AssertionError("stalled after " + ehloReplies + " replies", e);
      }
      writer.join(20_000);
      assertThat(ehloReplies).isEqualTo(commands);
    }
  }
}
