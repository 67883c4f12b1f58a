package dev.missive.examples.listener;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missive.smtp.host.SmtpListener;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The embedded listener receives what Angus Mail (Jakarta Mail's SMTP transport) sends: the envelope and the exact
 * bytes of the message, with dot transparency undone (RFC 5321 §4.5.2).
 */
class MailListenerExampleTest {

  record Received(String from, List<String> to, byte[] content) {}

  @Test
  void callbackGetsTheExactBytesAngusMailSent() throws Exception {
    BlockingQueue<Received> inbox = new LinkedBlockingQueue<>();
    try (SmtpListener server = MailListenerExample.listen(new InetSocketAddress("127.0.0.1", 0),
        (from, to, content) -> inbox.add(new Received(from, to, content)))) {
      Session session = Session.getInstance(smtpProperties(server.port()));
      MimeMessage message = new MimeMessage(session);
      message.setFrom(new InternetAddress("alice@example.org"));
      message.setRecipients(Message.RecipientType.TO, "bob@example.net, carol@example.net");
      message.setSubject("listener test");
      message.setText("Hello Bob,\r\n.a line that starts with a dot\r\n..and two dots\r\nbye\r\n", "UTF-8");
      message.saveChanges();
      ByteArrayOutputStream expected = new ByteArrayOutputStream();
      message.writeTo(expected);

      try (Transport transport = session.getTransport("smtp")) {
        transport.connect();
        transport.sendMessage(message, message.getAllRecipients()); // no saveChanges(): the bytes stay fixed
      }

      Received got = inbox.poll(10, TimeUnit.SECONDS);
      assertThat(got).isNotNull();
      assertThat(got.from()).isEqualTo("alice@example.org");
      assertThat(got.to()).containsExactly("bob@example.net", "carol@example.net");
      assertThat(new String(got.content(), "UTF-8")).contains("\r\n.a line that starts with a dot\r\n..and two");
      assertThat(got.content()).isEqualTo(expected.toByteArray());
    }
  }

  @Test
  void refusedRecipientsAndFailingCallbacksBecomeReplies() throws Exception {
    MailListener picky = new MailListener() {
      @Override
      public boolean accept(String reversePath, String recipient) {
        return recipient.endsWith("@example.net");
      }

      @Override
      public void deliver(String reversePath, List<String> recipients, byte[] content) throws IOException {
        throw new IOException("disk full");
      }
    };
    try (SmtpListener server = MailListenerExample.listen(new InetSocketAddress("127.0.0.1", 0), picky)) {
      org.apache.commons.net.smtp.SMTPClient client = new org.apache.commons.net.smtp.SMTPClient();
      client.connect("127.0.0.1", server.port());
      client.helo("client.example");
      assertThat(client.setSender("")).isTrue();
      assertThat(client.addRecipient("x@elsewhere.example")).isFalse();
      assertThat(client.getReplyString()).startsWith("550 5.1.1");
      assertThat(client.addRecipient("bob@example.net")).isTrue();
      assertThat(client.sendShortMessageData("Subject: x\r\n\r\nbody\r\n")).isFalse();
      assertThat(client.getReplyString()).startsWith("451 4.3.0");
      client.quit();
      client.disconnect();
    }
  }

  private static Properties smtpProperties(int port) {
    Properties props = new Properties();
    props.put("mail.smtp.host", "127.0.0.1");
    props.put("mail.smtp.port", String.valueOf(port));
    props.put("mail.smtp.localhost", "client.example");
    props.put("mail.smtp.timeout", "10000");
    props.put("mail.smtp.connectiontimeout", "10000");
    return props;
  }
}
