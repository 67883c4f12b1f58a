package dev.missive.smtp.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missive.smtp.SmtpExtension;
import dev.missive.testkit.HostedEngine;
import dev.missive.testkit.LoopbackServer;
import dev.missive.testkit.ManualTime;
import dev.missive.testkit.TestTls;
import dev.missive.wire.ConnectionSecurity;
import dev.missive.wire.EngineEnvironment;
import dev.missive.wire.PeerInfo;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.commons.net.smtp.AuthenticatingSMTPClient;
import org.apache.commons.net.smtp.SMTPClient;
import org.apache.commons.net.smtp.SMTPReply;
import org.junit.jupiter.api.Test;

/** Real clients over loopback sockets (the testkit's driver): Commons Net and Angus Mail sending to the engine. */
class InteropTest {

  private static LoopbackServer start(SmtpServerConfig config) {
    return LoopbackServer.start(() -> HostedEngine.of(new SmtpServer(config, EngineEnvironment.system(),
        new PeerInfo("[127.0.0.1]", "it", ConnectionSecurity.PLAINTEXT)), new ScriptedHost(), new ManualTime()));
  }

  private static SmtpServerConfig config() {
    return SmtpServerConfig.builder().hostname("localhost").tlsAvailable(true).authMechanisms(AuthTest.mechanisms())
        .build();
  }

  private static List<String> log(LoopbackServer server) throws InterruptedException {
    assertThat(server.awaitIdle(1, Duration.ofSeconds(10))).isTrue();
    server.assertNoFailures();
    return server.eventLogs().get(0).entries();
  }

  @Test
  void commonsNetPlainSessionWithDotStuffing() throws Exception {
    try (LoopbackServer server = start(config())) {
      SMTPClient c = new SMTPClient();
      c.connect("127.0.0.1", server.port());
      assertThat(SMTPReply.isPositiveCompletion(c.getReplyCode())).isTrue();
      assertThat(c.login("client.example")).isTrue();
      assertThat(c.setSender("a@example.org")).isTrue();
      assertThat(c.addRecipient("b@example.org")).isTrue();
      assertThat(c.sendShortMessageData("Subject: hi\r\n\r\nHello\r\n.dot line\r\n")).isTrue();
      c.logout();
      c.disconnect();
      assertThat(log(server)).contains("MESSAGE Subject: hi\\r\\n\\r\\nHello\\r\\n.dot line\\r\\n");
    }
  }

  @Test
  void commonsNetStartTlsThenAuthPlainLoginAndCramMd5() throws Exception {
    for (AuthenticatingSMTPClient.AUTH_METHOD method : List.of(AuthenticatingSMTPClient.AUTH_METHOD.PLAIN,
        AuthenticatingSMTPClient.AUTH_METHOD.LOGIN, AuthenticatingSMTPClient.AUTH_METHOD.CRAM_MD5)) {
      try (LoopbackServer server = start(config())) {
        AuthenticatingSMTPClient c = new AuthenticatingSMTPClient(false, TestTls.clientContext());
        c.connect("127.0.0.1", server.port());
        c.ehlo("client.example");
        assertThat(c.execTLS()).as("STARTTLS").isTrue();
        c.ehlo("client.example");
        String user = method == AuthenticatingSMTPClient.AUTH_METHOD.CRAM_MD5 ? "tim" : "test";
        String password = method == AuthenticatingSMTPClient.AUTH_METHOD.CRAM_MD5 ? "tanstaaftanstaaf" : "1234";
        assertThat(c.auth(method, user, password)).as(method.name()).isTrue();
        assertThat(c.setSender("a@example.org")).isTrue();
        assertThat(c.addRecipient("b@example.org")).isTrue();
        assertThat(c.sendShortMessageData("Subject: tls\r\n\r\nsecret\r\n")).isTrue();
        c.logout();
        c.disconnect();
        assertThat(log(server)).anyMatch(e -> e.startsWith("AuthSucceeded[mechanism=" + method.name().replace('_', '-')))
            .contains("MESSAGE Subject: tls\\r\\n\\r\\nsecret\\r\\n");
      }
    }
  }

  @Test
  void angusMailSendsWithStartTlsAuthAnd8BitMime() throws Exception {
    try (LoopbackServer server = start(config())) {
      Properties p = new Properties();
      p.put("mail.smtp.host", "127.0.0.1");
      p.put("mail.smtp.port", String.valueOf(server.port()));
      p.put("mail.smtp.starttls.enable", "true");
      p.put("mail.smtp.starttls.required", "true");
      p.put("mail.smtp.ssl.socketFactory", TestTls.clientContext().getSocketFactory());
      p.put("mail.smtp.ssl.checkserveridentity", "false");
      p.put("mail.smtp.auth", "true");
      p.put("mail.smtp.allow8bitmime", "true");
      p.put("mail.smtp.localhost", "client.example");
      Session session = Session.getInstance(p);
      MimeMessage m = new MimeMessage(session);
      m.setFrom("a@example.org");
      m.setRecipients(Message.RecipientType.TO, "b@example.org, c@example.org");
      m.setSubject("Angus");
      m.setText("caf\u00e9\n.\nend\n", "UTF-8");
      Transport.send(m, "test", "1234");
      List<String> log = log(server);
      assertThat(log).anyMatch(e -> e.startsWith("AuthSucceeded"));
      // Angus sends 8-bit content after seeing 8BITMIME, without a BODY= parameter: reported, not refused
      assertThat(log).anyMatch(e -> e.startsWith("DataEnd") && e.contains("eightBit=true"));
      assertThat(log).anyMatch(e -> e.startsWith("MESSAGE ") && e.contains("\\r\\n.\\r\\nend"));
    }
  }

  @Test
  void angusMailSmtpUtf8() throws Exception {
    SmtpServerConfig config = SmtpServerConfig.builder().hostname("localhost")
        .extensions(SmtpExtension.PIPELINING, SmtpExtension.EIGHT_BIT_MIME, SmtpExtension.SMTPUTF8).build();
    try (LoopbackServer server = start(config)) {
      Properties p = new Properties();
      p.put("mail.smtp.host", "127.0.0.1");
      p.put("mail.smtp.port", String.valueOf(server.port()));
      p.put("mail.mime.allowutf8", "true");
      Session session = Session.getInstance(p);
      MimeMessage m = new MimeMessage(session);
      m.setFrom("jos\u00e9@example.org");
      m.setRecipients(Message.RecipientType.TO, "b@example.org");
      m.setSubject("utf8");
      m.setText("hi\n", "UTF-8");
      Transport.send(m);
      assertThat(log(server)).anyMatch(e -> e.startsWith("MailFrom") && e.contains("jos\u00e9@example.org")
          && e.contains("smtpUtf8=true"));
    }
  }

  @Test
  void pipelinedClientOverARawSocketGetsEveryReplyInOrder() throws Exception {
    try (LoopbackServer server = start(config());
        java.net.Socket socket = new java.net.Socket("127.0.0.1", server.port())) {
      socket.setSoTimeout(10_000);
      java.io.BufferedReader in = new java.io.BufferedReader(
          new java.io.InputStreamReader(socket.getInputStream(), java.nio.charset.StandardCharsets.US_ASCII));
      java.io.OutputStream out = socket.getOutputStream();
      assertThat(in.readLine()).startsWith("220 ");
      out.write("EHLO client.example\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      String line;
      do {
        line = in.readLine();
      } while (line.startsWith("250-"));
      // RFC 2920 §3.1: one group up to DATA, then wait for the 354
      out.write(("RSET\r\nMAIL FROM:<a@example.org>\r\nRCPT TO:<b@example.org>\r\nRCPT TO:<bad>\r\n"
          + "RCPT TO:<c@example.org>\r\nDATA\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      List<String> replies = new java.util.ArrayList<>();
      for (int i = 0; i < 6; i++) {
        replies.add(in.readLine().substring(0, 3));
      }
      assertThat(replies).containsExactly("250", "250", "250", "501", "250", "354");
      out.write("Subject: p\r\n\r\npipelined\r\n.\r\nQUIT\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      assertThat(in.readLine()).startsWith("250 ");
      assertThat(in.readLine()).startsWith("221 ");
      assertThat(log(server)).contains("MESSAGE Subject: p\\r\\n\\r\\npipelined\\r\\n");
    }
  }

  @Test
  void angusMailOverImplicitTls() throws Exception {
    SmtpServerConfig implicit = config().toBuilder().tlsAvailable(false).build();
    try (LoopbackServer server = LoopbackServer.start(() -> HostedEngine.of(new SmtpServer(implicit,
        EngineEnvironment.system(),
            new PeerInfo("[127.0.0.1]", "it", ConnectionSecurity.IMPLICIT_TLS)), new ScriptedHost(), new ManualTime()),
        dev.missive.testkit.LoopbackOptions.defaults().withImplicitTls(true))) {
      Properties p = new Properties();
      p.put("mail.smtp.host", "127.0.0.1");
      p.put("mail.smtp.port", String.valueOf(server.port()));
      p.put("mail.smtp.ssl.enable", "true");
      p.put("mail.smtp.ssl.socketFactory", TestTls.clientContext().getSocketFactory());
      p.put("mail.smtp.ssl.checkserveridentity", "false");
      p.put("mail.smtp.auth", "true");
      Session session = Session.getInstance(p);
      MimeMessage m = new MimeMessage(session);
      m.setFrom("a@example.org");
      m.setRecipients(Message.RecipientType.TO, "b@example.org");
      m.setSubject("smtps");
      m.setText("over implicit TLS\n");
      Transport.send(m, "test", "1234");
      List<String> log = log(server);
      assertThat(log).noneMatch(e -> e.startsWith("StartTlsRequested"));
      assertThat(log).anyMatch(e -> e.startsWith("AuthSucceeded")).anyMatch(e -> e.startsWith("DataEnd"));
    }
  }

  @Test
  void aThousandPipelinedEhlosInOneWriteAreAllAnsweredInOrder() throws Exception {
    try (LoopbackServer server = start(config());
         java.net.Socket s = new java.net.Socket("127.0.0.1", server.port())) {
      s.setSoTimeout(10_000);
      java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(s.getInputStream(),
          java.nio.charset.StandardCharsets.US_ASCII));
      assertThat(in.readLine()).startsWith("220 ");
      StringBuilder burst = new StringBuilder();
      for (int i = 0; i < 1000; i++) {
        burst.append("EHLO c").append(i).append(".example\r\n"); // RFC 2920 §3.1: replies in order
      }
      s.getOutputStream().write(burst.append("QUIT\r\n").toString()
          .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      for (int i = 0; i < 1000; i++) {
        assertThat(in.readLine()).as("reply %d", i).isEqualTo("250-localhost greets c" + i + ".example");
        for (String line; (line = in.readLine()) != null && line.startsWith("250-"); ) {
          // the keywords
        }
      }
      assertThat(in.readLine()).startsWith("221 ");
      assertThat(in.readLine()).isNull();
      log(server);
    }
  }
}
