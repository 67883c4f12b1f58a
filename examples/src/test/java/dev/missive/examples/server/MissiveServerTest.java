package dev.missive.examples.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missive.examples.maildir.Maildir;
import dev.missive.testkit.TestTls;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.net.pop3.POP3Client;
import org.apache.commons.net.pop3.POP3MessageInfo;
import org.apache.commons.net.pop3.POP3SClient;
import org.apache.commons.net.smtp.AuthenticatingSMTPClient;
import org.apache.commons.net.smtp.SMTPClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The example server end to end over loopback with Apache Commons Net as the real client, on both transports: MX
 * delivery into Maildir (RFC 5321), submission with STARTTLS and AUTH (RFC 6409, RFC 3207, RFC 4954), and POP3
 * reading the same Maildirs (RFC 1939).
 */
@ParameterizedClass
@ValueSource(strings = {"blocking", "netty"})
class MissiveServerTest {

  @Parameter
  String transport;

  @TempDir
  Path dir;

  RunningServer server;
  int smtp;
  int submission;
  int pop3;

  @BeforeEach
  void start() throws Exception {
    server = new RunningServer(dir, transport);
    smtp = server.smtp;
    submission = server.submission;
    pop3 = server.pop3;
  }

  @AfterEach
  void stop() throws IOException {
    server.close();
  }

  @Test
  void mxDeliversOnceToEachLocalUserWithTraceFields() throws Exception {
    SMTPClient client = new SMTPClient();
    client.connect("127.0.0.1", smtp);
    assertThat(client.getReplyCode()).isEqualTo(220);
    assertThat(client.helo("client.example")).isEqualTo(250);
    assertThat(client.setSender("carol@remote.example")).isTrue();
    assertThat(client.addRecipient("alice@example.org")).isTrue();
    assertThat(client.addRecipient("ALICE@Example.org")).isTrue();
    assertThat(client.addRecipient("bob@example.org")).isTrue();
    assertThat(client.addRecipient("nobody@example.org")).isFalse();
    assertThat(client.getReplyString()).startsWith("550 5.1.1");
    assertThat(client.addRecipient("someone@elsewhere.example")).isFalse();
    assertThat(client.getReplyString()).startsWith("550 5.7.1");
    assertThat(client.sendShortMessageData("Subject: hello\r\n\r\n.leading dot\r\nbody\r\n")).isTrue();
    client.quit();
    client.disconnect();

    byte[] sent = "Subject: hello\r\n\r\n.leading dot\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII);
    byte[] alice = server.onlyMessage("alice");
    RunningServer.assertStoredAs(alice, "carol@remote.example", sent);
    assertThat(new String(alice, StandardCharsets.UTF_8)).contains("Received: from client.example");
    RunningServer.assertStoredAs(server.onlyMessage("bob"), "carol@remote.example", sent);
  }

  @Test
  void submissionNeedsStartTlsThenAuth() throws Exception {
    AuthenticatingSMTPClient client = new AuthenticatingSMTPClient(false, TestTls.clientContext());
    client.connect("127.0.0.1", submission);
    assertThat(client.ehlo("client.example")).isEqualTo(250);
    assertThat(String.join("", client.getReplyStrings())).contains("STARTTLS").doesNotContain("AUTH");
    assertThat(client.setSender("alice@example.org")).isFalse(); // authentication required first
    assertThat(client.execTLS()).isTrue();
    assertThat(client.ehlo("client.example")).isEqualTo(250);
    assertThat(String.join("", client.getReplyStrings())).contains("AUTH").doesNotContain("STARTTLS");
    assertThat(client.auth(AuthenticatingSMTPClient.AUTH_METHOD.PLAIN, "alice", "wrong")).isFalse();
    assertThat(client.auth(AuthenticatingSMTPClient.AUTH_METHOD.PLAIN, "alice", "secret")).isTrue();
    assertThat(client.setSender("alice@example.org")).isTrue();
    assertThat(client.addRecipient("bob@example.org")).isTrue();
    assertThat(client.addRecipient("friend@elsewhere.example")).isFalse(); // no relay configured
    assertThat(client.sendShortMessageData("Subject: submitted\r\n\r\nhi\r\n")).isTrue();
    client.logout();
    client.disconnect();
    RunningServer.assertStoredAs(server.onlyMessage("bob"), "alice@example.org",
        "Subject: submitted\r\n\r\nhi\r\n".getBytes(StandardCharsets.US_ASCII));
  }

  @Test
  void pop3ReadsAndDeletesWhatSmtpDelivered() throws Exception {
    for (int i = 0; i < 2; i++) {
      SMTPClient client = new SMTPClient();
      client.connect("127.0.0.1", smtp);
      client.helo("client.example");
      assertThat(client.sendSimpleMessage("carol@remote.example", "alice@example.org",
          "Subject: n" + i + "\r\n\r\nmessage " + i + "\r\n")).isTrue();
      client.disconnect();
    }
    POP3Client pop = new POP3Client();
    pop.connect("127.0.0.1", pop3);
    assertThat(pop.login("alice", "wrong")).isFalse();
    pop.disconnect();
    pop.connect("127.0.0.1", pop3);
    assertThat(pop.login("alice", "secret")).isTrue(); // plaintext allowed: loopback counts as secure
    POP3MessageInfo[] list = pop.listMessages();
    assertThat(list).hasSize(2);
    POP3MessageInfo[] uids = pop.listUniqueIdentifiers();
    assertThat(uids[0].identifier).isNotEqualTo(uids[1].identifier);
    String first;
    try (Reader r = pop.retrieveMessage(1)) {
      first = new BufferedReader(r).lines().reduce("", (a, b) -> a + b + "\r\n");
    }
    assertThat(first).contains("Subject: n0").contains("message 0");
    assertThat(first.getBytes(StandardCharsets.UTF_8).length).isEqualTo(list[0].size);
    assertThat(pop.deleteMessage(1)).isTrue();
    assertThat(pop.logout()).isTrue();
    pop.disconnect();
    List<?> left = new Maildir(dir, "x").list("alice");
    assertThat(left).hasSize(1);
  }

  @Test
  void pop3LoginAfterStls() throws Exception {
    SMTPClient smtpClient = new SMTPClient();
    smtpClient.connect("127.0.0.1", smtp);
    smtpClient.helo("client.example");
    assertThat(smtpClient.sendSimpleMessage("carol@remote.example", "bob@example.org",
        "Subject: over TLS\r\n\r\nsecret stuff\r\n")).isTrue();
    smtpClient.disconnect();
    POP3SClient pop = new POP3SClient(false, TestTls.clientContext());
    pop.connect("127.0.0.1", pop3);
    assertThat(pop.execTLS()).isTrue(); // STLS, RFC 2595 §4
    assertThat(pop.login("bob", "pw")).isTrue();
    String message;
    try (Reader r = pop.retrieveMessage(1)) {
      message = new BufferedReader(r).lines().reduce("", (a, b) -> a + b + "\r\n");
    }
    assertThat(message.getBytes(StandardCharsets.UTF_8)).isEqualTo(server.onlyMessage("bob"));
    assertThat(pop.logout()).isTrue();
    pop.disconnect();
  }

  @Test
  void secondPop3SessionOnALockedMaildropIsRefused() throws Exception {
    POP3Client first = new POP3Client();
    first.connect("127.0.0.1", pop3);
    assertThat(first.login("bob", "pw")).isTrue();
    POP3Client second = new POP3Client();
    second.connect("127.0.0.1", pop3);
    assertThat(second.login("bob", "pw")).isFalse();
    assertThat(second.getReplyString()).contains("[IN-USE]");
    second.disconnect();
    assertThat(first.status()).isNotNull();
    first.logout();
    first.disconnect();
  }


}
