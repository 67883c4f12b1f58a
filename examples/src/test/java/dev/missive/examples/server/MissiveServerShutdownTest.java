package dev.missive.examples.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import org.apache.commons.net.pop3.POP3Client;
import org.apache.commons.net.smtp.AuthenticatingSMTPClient;
import org.apache.commons.net.smtp.SMTPClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The example server's shutdown (what Ctrl-C runs) and its logs, on both transports: a connected SMTP client gets
 * {@code 421 4.3.2} (RFC 5321 §3.8), a POP3 session ends without UPDATE so nothing it marked is deleted
 * (RFC 1939 §6) and its maildrop lock is released; session events are logged with the session id and no AUTH or
 * PASS secret appears in the log.
 */
@ParameterizedClass
@ValueSource(strings = {"blocking", "netty"})
class MissiveServerShutdownTest {

  @Parameter
  String transport;

  @TempDir
  Path dir;

  @Test
  void connectedSmtpClientGets421WhenTheServerStops() throws Exception {
    try (RunningServer server = new RunningServer(dir, transport);
         Socket socket = new Socket("127.0.0.1", server.smtp)) {
      BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
      OutputStream out = socket.getOutputStream();
      assertThat(in.readLine()).startsWith("220 ");
      out.write("EHLO client.example\r\nMAIL FROM:<carol@remote.example>\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      String line;
      do {
        line = in.readLine();
      } while (line.startsWith("250-"));
      assertThat(in.readLine()).startsWith("250"); // MAIL FROM accepted: a transaction is open
      server.close();
      assertThat(in.readLine()).startsWith("421 4.3.2");
      assertThat(in.readLine()).isNull(); // and the server closed the connection
      assertThat(server.mailbox("alice")).isEmpty();
    }
  }

  @Test
  void pop3SessionStoppedByTheServerDeletesNothingAndReleasesItsLock() throws Exception {
    try (RunningServer server = new RunningServer(dir, transport)) {
      SMTPClient smtp = new SMTPClient();
      smtp.connect("127.0.0.1", server.smtp);
      smtp.helo("client.example");
      assertThat(smtp.sendSimpleMessage("carol@remote.example", "bob@example.org", "Subject: keep\r\n\r\nme\r\n"))
          .isTrue();
      smtp.disconnect();
      POP3Client pop = new POP3Client();
      pop.connect("127.0.0.1", server.pop3);
      assertThat(pop.login("bob", "pw")).isTrue();
      assertThat(pop.deleteMessage(1)).isTrue();
      server.close();
      assertThatThrownBy(pop::status).isInstanceOf(IOException.class); // the connection is gone
      pop.disconnect();
      assertThat(server.mailbox("bob")).hasSize(1);
    }
    try (RunningServer again = new RunningServer(dir, transport)) {
      POP3Client pop = new POP3Client();
      pop.connect("127.0.0.1", again.pop3);
      assertThat(pop.login("bob", "pw")).as("the maildrop lock was released").isTrue();
      assertThat(pop.listMessages()).hasSize(1);
      pop.logout();
      pop.disconnect();
    }
  }

  @Test
  void sessionEventsAreLoggedWithTheSessionIdAndNoSecret() throws Exception {
    String log;
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try (RunningServer server = new RunningServer(dir, transport)) {
      AuthenticatingSMTPClient smtp = new AuthenticatingSMTPClient(false,
          dev.missive.testkit.TestTls.clientContext());
      smtp.connect("127.0.0.1", server.submission);
      smtp.ehlo("client.example");
      assertThat(smtp.execTLS()).isTrue();
      smtp.ehlo("client.example");
      assertThat(smtp.auth(AuthenticatingSMTPClient.AUTH_METHOD.PLAIN, "carol", RunningServer.CAROL_PASSWORD))
          .isTrue();
      assertThat(smtp.sendSimpleMessage("carol@example.org", "carol@example.org", "Subject: s\r\n\r\nx\r\n"))
          .isTrue();
      assertThat(smtp.setSender("carol@example.org")).isTrue();
      assertThat(smtp.addRecipient("nobody@example.org")).isFalse();
      smtp.logout();
      smtp.disconnect();
      smtp.connect("127.0.0.1", server.submission);
      smtp.ehlo("client.example");
      assertThat(smtp.execTLS()).isTrue();
      smtp.ehlo("client.example");
      assertThat(smtp.auth(AuthenticatingSMTPClient.AUTH_METHOD.LOGIN, "carol", RunningServer.CAROL_PASSWORD))
          .isTrue();
      smtp.logout();
      smtp.disconnect();
      POP3Client pop = new POP3Client();
      pop.connect("127.0.0.1", server.pop3);
      assertThat(pop.login("carol", RunningServer.CAROL_PASSWORD)).isTrue();
      pop.logout();
      pop.disconnect();
      server.close();
    } finally {
      System.setErr(original);
      log = captured.toString(StandardCharsets.UTF_8);
      original.print(log);
    }
    String plain = Base64.getEncoder().encodeToString(
        ("\0carol\0" + RunningServer.CAROL_PASSWORD).getBytes(StandardCharsets.UTF_8));
    String login = Base64.getEncoder().encodeToString(RunningServer.CAROL_PASSWORD.getBytes(StandardCharsets.UTF_8));
    assertThat(log).doesNotContain(RunningServer.CAROL_PASSWORD).doesNotContain(plain).doesNotContain(login);
    assertThat(log).containsPattern("submission-\\d+ authenticated as carol with LOGIN");
    assertThat(log).containsPattern("submission-\\d+ connection from")
        .containsPattern("submission-\\d+ TLS established")
        .containsPattern("submission-\\d+ authenticated as carol with PLAIN")
        .containsPattern("submission-\\d+ delivered from <carol@example.org>")
        .containsPattern("submission-\\d+ no such user: <nobody@example.org>")
        .containsPattern("submission-\\d+ closed")
        .containsPattern("pop3-\\d+ POP3 login of carol accepted");
  }

  /**
   * A listener that cannot bind (its port in use) stops the ones started before it: no half-started server keeps
   * serving SMTP (on Netty its event-loop threads kept the JVM alive, so a second instance sharing an IMAP port
   * served mail without IMAP).
   */
  @Test
  void aListenerThatCannotBindStopsTheOnesStartedBefore() throws Exception {
    int smtp;
    try (java.net.ServerSocket free = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      smtp = free.getLocalPort();
    }
    try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      ServerOptions options = ServerOptions.parse("--smtp", String.valueOf(smtp), "--submission", "0", "--pop3", "0",
          "--imap", String.valueOf(taken.getLocalPort()), "--maildir", dir.toString(), "--domain", "example.org",
          "--transport", transport, "--user", "alice:secret");
      assertThatThrownBy(() -> new MissiveServer(options, dev.missive.testkit.TestTls.serverContext()))
          .isInstanceOf(java.net.BindException.class);
    }
    assertThatThrownBy(() -> new Socket("127.0.0.1", smtp).close())
        .as("the SMTP listener started before the failing one is closed")
        .isInstanceOf(java.net.ConnectException.class);
  }
}
