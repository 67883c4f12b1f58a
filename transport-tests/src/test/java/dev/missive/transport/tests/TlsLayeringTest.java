package dev.missive.transport.tests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missive.testkit.TestTls;
import dev.missive.transport.TransportOptions;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.Reader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLSocket;
import org.apache.commons.net.pop3.POP3MessageInfo;
import org.apache.commons.net.pop3.POP3SClient;
import org.apache.commons.net.smtp.AuthenticatingSMTPClient;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * TLS on both transports with a real client (Apache Commons Net): STARTTLS (RFC 3207 §4) and STLS (RFC 2595 §4)
 * layered in when the engine asks, implicit TLS from the first byte (RFC 8314 §3), and the injection rule: commands
 * sent in plaintext behind STARTTLS/STLS are never executed (RFC 3207 §4.2, CVE-2011-0411).
 */
@Timeout(60)
class TlsLayeringTest {

  @ParameterizedTest
  @EnumSource(TransportKind.class)
  void smtpPlaintextThenStartTlsWithCommonsNet(TransportKind kind) throws Exception {
    List<String> messages = new CopyOnWriteArrayList<>();
    try (TransportKind.Listening server = kind.start(false, TransportOptions.defaults(),
        c -> TestSessions.smtp(c, messages))) {
      AuthenticatingSMTPClient client = new AuthenticatingSMTPClient(false, TestTls.clientContext());
      client.setDefaultTimeout(10_000);
      client.connect("127.0.0.1", server.port());
      assertThat(client.getReplyString()).startsWith("220 mx.example");
      assertThat(client.ehlo("client.example")).isEqualTo(250);
      assertThat(String.join("", client.getReplyStrings())).contains("STARTTLS");
      assertThat(client.execTLS()).isTrue();
      assertThat(client.ehlo("client.example")).isEqualTo(250);
      assertThat(String.join("", client.getReplyStrings())).doesNotContain("STARTTLS"); // RFC 3207 §4.2
      assertThat(client.sendSimpleMessage("alice@example.org", "bob@example.net",
          "Subject: tls\r\n\r\n.dot\r\nhi\r\n")).isTrue();
      client.logout();
      client.disconnect();
      assertThat(messages).containsExactly("Subject: tls\r\n\r\n.dot\r\nhi\r\n");
    }
  }

  @ParameterizedTest
  @EnumSource(TransportKind.class)
  void smtpImplicitTlsFromTheFirstByte(TransportKind kind) throws Exception {
    List<String> messages = new CopyOnWriteArrayList<>();
    try (TransportKind.Listening server = kind.start(true, TransportOptions.defaults(),
        c -> TestSessions.smtp(c, messages))) {
      AuthenticatingSMTPClient client = new AuthenticatingSMTPClient(true, TestTls.clientContext());
      client.setDefaultTimeout(10_000);
      client.connect("127.0.0.1", server.port());
      assertThat(client.getReplyString()).startsWith("220 mx.example");
      assertThat(client.ehlo("c.example")).isEqualTo(250);
      assertThat(String.join("", client.getReplyStrings())).doesNotContain("STARTTLS");
      assertThat(client.sendSimpleMessage("a@example.org", "b@example.net", "Subject: 465\r\n\r\nx\r\n")).isTrue();
      client.logout();
      client.disconnect();
      assertThat(messages).containsExactly("Subject: 465\r\n\r\nx\r\n");
    }
  }

  @ParameterizedTest
  @EnumSource(TransportKind.class)
  void smtpCommandsPipelinedAfterStartTlsAreNeverExecuted(TransportKind kind) throws Exception {
    try (TransportKind.Listening server = kind.start(false, TransportOptions.defaults(), TestSessions::smtp);
         Socket plain = new Socket("127.0.0.1", server.port())) {
      plain.setSoTimeout(10_000);
      InputStream in = plain.getInputStream();
      assertThat(Replies.smtp(in)).startsWith("220 ");
      plain.getOutputStream().write("EHLO client.example\r\n".getBytes(StandardCharsets.US_ASCII));
      assertThat(Replies.smtp(in)).contains("STARTTLS");
      plain.getOutputStream().write("STARTTLS\r\nNOOP\r\n".getBytes(StandardCharsets.US_ASCII)); // one segment
      assertThat(Replies.smtp(in)).startsWith("220 ");
      SSLSocket tls = TestTls.layerClient(plain, TestTls.HOST, TestTls.clientContext());
      tls.getOutputStream().write("QUIT\r\n".getBytes(StandardCharsets.US_ASCII));
      String rest = new String(tls.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
      assertThat(rest).startsWith("221 "); // no 250 for the injected NOOP before it
    }
  }

  @ParameterizedTest
  @EnumSource(TransportKind.class)
  void pop3StlsThenLoginListRetrieveAndDeleteWithCommonsNet(TransportKind kind) throws Exception {
    List<Integer> deleted = new CopyOnWriteArrayList<>();
    try (TransportKind.Listening server = kind.start(false, TransportOptions.defaults(),
        c -> TestSessions.pop3(c, deleted))) {
      POP3SClient pop = new POP3SClient(false, TestTls.clientContext());
      pop.setDefaultTimeout(10_000);
      pop.connect("127.0.0.1", server.port());
      assertThat(pop.execTLS()).isTrue();
      assertThat(pop.login("alice", "secret")).isTrue();
      POP3MessageInfo[] list = pop.listMessages();
      assertThat(list).hasSize(2);
      assertThat(list[0].size).isEqualTo(TestSessions.FIRST.length());
      assertThat(pop.listUniqueIdentifiers()[1].identifier).isEqualTo("uid-2");
      try (Reader r = pop.retrieveMessage(1)) {
        String text = new BufferedReader(r).lines().reduce("", (a, b) -> a + b + "\r\n");
        assertThat(text).isEqualTo(TestSessions.FIRST);
      }
      assertThat(pop.deleteMessage(2)).isTrue();
      assertThat(deleted).isEmpty(); // only at QUIT (RFC 1939 §6)
      assertThat(pop.logout()).isTrue();
      pop.disconnect();
      assertThat(deleted).containsExactly(2);
    }
  }

  @ParameterizedTest
  @EnumSource(TransportKind.class)
  void pop3CommandsPipelinedAfterStlsAreNeverExecuted(TransportKind kind) throws Exception {
    try (TransportKind.Listening server = kind.start(false, TransportOptions.defaults(), TestSessions::pop3);
         Socket plain = new Socket("127.0.0.1", server.port())) {
      plain.setSoTimeout(10_000);
      InputStream in = plain.getInputStream();
      assertThat(Replies.line(in)).startsWith("+OK");
      plain.getOutputStream().write("STLS\r\nNOOP\r\n".getBytes(StandardCharsets.US_ASCII)); // RFC 2595 §4
      assertThat(Replies.line(in)).startsWith("+OK");
      SSLSocket tls = TestTls.layerClient(plain, TestTls.HOST, TestTls.clientContext());
      tls.getOutputStream().write("QUIT\r\n".getBytes(StandardCharsets.US_ASCII));
      String rest = new String(tls.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
      assertThat(rest).startsWith("+OK").doesNotContain("-ERR"); // the injected NOOP got no reply at all
      assertThat(rest.split("\r\n")).hasSize(1);
    }
  }
}
