package dev.missive.examples.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missive.pop3.client.Pop3Login;
import dev.missive.pop3.client.UniqueIdListing;
import dev.missive.pop3.host.Pop3Mailbox;
import dev.missive.sasl.SaslClientMechanisms;
import dev.missive.testkit.TestTls;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.net.smtp.SMTPClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * pop3-host's {@code Pop3Mailbox} against the example server over loopback: STLS with the certificate and host name
 * verified (RFC 2595 §4), then USER/PASS, APOP (RFC 1939 §7) and AUTH SCRAM-SHA-256 (RFC 5034, RFC 7677) logins,
 * each fetching what SMTP delivered octet for octet as the Maildir holds it, and DELE applied at QUIT.
 */
@Timeout(60)
class Pop3MailboxAgainstServerTest {

  private RunningServer server;

  @AfterEach
  void stop() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void everyLoginFetchesWhatSmtpDeliveredAndDeletesAtQuit(@TempDir Path dir) throws Exception {
    server = new RunningServer(dir, "blocking");
    SMTPClient smtp = new SMTPClient();
    smtp.connect("127.0.0.1", server.smtp);
    smtp.helo("client.example");
    for (int i = 0; i < 3; i++) {
      assertThat(smtp.sendSimpleMessage("carol@remote.example", "alice@example.org",
          "Subject: n" + i + "\r\n\r\n.dot first\r\nmessage " + i + "\r\n")).isTrue();
    }
    smtp.disconnect();
    List<Pop3Login> logins = List.of(Pop3Login.userPass("alice", "secret"), Pop3Login.apop("alice", "secret"),
        Pop3Login.sasl("SCRAM-SHA-256", () -> SaslClientMechanisms.scramSha256("alice", "secret")));
    int expected = 3;
    for (Pop3Login login : logins) {
      try (Pop3Mailbox inbox = Pop3Mailbox.builder("localhost", login)
          .stls().port(server.pop3).trust(TestTls.clientContext()).open()) {
        List<UniqueIdListing> ids = inbox.uidl();
        assertThat(ids).as(login.method()).hasSize(expected);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long octets = inbox.retrieve(1, out);
        byte[] stored = java.nio.file.Files.readAllBytes(server.mailbox("alice").get(0).file());
        assertThat(out.toByteArray()).as(login.method()).isEqualTo(stored);
        assertThat(octets).isEqualTo(stored.length);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("\r\n.dot first\r\n");
        inbox.delete(1);
      }
      expected--;
      assertThat(server.mailbox("alice")).hasSize(expected);
    }
  }
}
