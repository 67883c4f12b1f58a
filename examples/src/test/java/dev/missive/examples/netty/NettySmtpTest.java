package dev.missive.examples.netty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missive.examples.listener.ListenerSession;
import dev.missive.examples.listener.MailListener;
import dev.missive.smtp.server.SmtpServer;
import dev.missive.smtp.server.SmtpServerConfig;
import dev.missive.testkit.TestTls;
import dev.missive.wire.EngineEnvironment;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocket;
import org.apache.commons.net.smtp.AuthenticatingSMTPClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The SMTP server engine on the Netty transport, driven by Apache Commons Net: a whole transaction (RFC 5321 §3.3)
 * in plaintext and after STARTTLS (RFC 3207), and the STARTTLS injection rule (RFC 3207 §4.2, CVE-2011-0411).
 */
class NettySmtpTest {

  record Mail(String from, List<String> to, String content) {}

  final BlockingQueue<Mail> inbox = new LinkedBlockingQueue<>();
  final MailListener recorder = (from, to, content) ->
      inbox.add(new Mail(from, to, new String(content, StandardCharsets.UTF_8)));
  NettyServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  static SmtpServer engine(NettyConnection c, boolean tls) {
    SmtpServerConfig config = SmtpServerConfig.builder().hostname("mx.example").tlsAvailable(tls).build();
    return new SmtpServer(config, EngineEnvironment.system(),
        c.connection().peer(false));
  }

  private void start() throws Exception {
    server = NettyServer.start("smtp", new InetSocketAddress("127.0.0.1", 0), TestTls.serverContext(), false,
        c -> new ListenerSession(engine(c, true), recorder));
  }

  @Test
  void plaintextTransactionWithCommonsNet() throws Exception {
    start();
    AuthenticatingSMTPClient client = new AuthenticatingSMTPClient();
    client.setDefaultTimeout(10_000);
    client.connect("127.0.0.1", server.port());
    assertThat(client.getReplyString()).startsWith("220 mx.example");
    assertThat(client.ehlo("client.example")).isEqualTo(250);
    assertThat(client.setSender("alice@example.org")).isTrue();
    assertThat(client.addRecipient("bob@example.net")).isTrue();
    assertThat(client.sendShortMessageData("Subject: netty\r\n\r\n.dot\r\nbody\r\n")).isTrue();
    assertThat(client.getReplyString()).startsWith("250");
    client.quit();
    client.disconnect();
    Mail mail = inbox.poll(10, TimeUnit.SECONDS);
    assertThat(mail).isEqualTo(new Mail("alice@example.org", List.of("bob@example.net"),
        "Subject: netty\r\n\r\n.dot\r\nbody\r\n"));
  }

  @Test
  void startTlsWithCommonsNet() throws Exception {
    start();
    AuthenticatingSMTPClient client = new AuthenticatingSMTPClient(false, TestTls.clientContext());
    client.setDefaultTimeout(10_000);
    client.connect("127.0.0.1", server.port());
    assertThat(client.ehlo("client.example")).isEqualTo(250);
    assertThat(String.join("", client.getReplyStrings())).contains("STARTTLS");
    assertThat(client.execTLS()).isTrue();
    assertThat(client.ehlo("client.example")).isEqualTo(250);
    assertThat(String.join("", client.getReplyStrings())).doesNotContain("STARTTLS"); // RFC 3207 §4.2
    assertThat(client.sendSimpleMessage("alice@example.org", "bob@example.net", "Subject: tls\r\n\r\nhi\r\n"))
        .isTrue();
    client.logout();
    client.disconnect();
    Mail mail = inbox.poll(10, TimeUnit.SECONDS);
    assertThat(mail).isNotNull();
    assertThat(mail.content()).isEqualTo("Subject: tls\r\n\r\nhi\r\n");
  }

  @Test
  void commandsPipelinedAfterStartTlsAreNeverExecuted() throws Exception {
    start();
    try (Socket plain = new Socket("127.0.0.1", server.port())) {
      plain.setSoTimeout(10_000);
      InputStream in = plain.getInputStream();
      OutputStream out = plain.getOutputStream();
      assertThat(readReply(in)).startsWith("220 ");
      out.write("EHLO client.example\r\n".getBytes(StandardCharsets.US_ASCII));
      assertThat(readReply(in)).contains("STARTTLS");
      // the injected NOOP rides in the same segment as STARTTLS
      out.write("STARTTLS\r\nNOOP\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      assertThat(readReply(in)).startsWith("220 ");
      SSLSocket tls = TestTls.layerClient(plain, TestTls.HOST, TestTls.clientContext());
      tls.getOutputStream().write("QUIT\r\n".getBytes(StandardCharsets.US_ASCII));
      String rest = new String(tls.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
      assertThat(rest).startsWith("221 "); // no 250 for the injected NOOP before it
    }
  }

  /** Reads one (possibly multi-line) reply, byte by byte so nothing after it is consumed. */
  static String readReply(InputStream in) throws java.io.IOException {
    StringBuilder all = new StringBuilder();
    StringBuilder line = new StringBuilder();
    for (int b; (b = in.read()) >= 0; ) {
      line.append((char) b);
      if (b == '\n') {
        all.append(line);
        if (line.length() >= 4 && line.charAt(3) == ' ') {
          return all.toString();
        }
        line.setLength(0);
      }
    }
    return all.append(line).toString();
  }
}
