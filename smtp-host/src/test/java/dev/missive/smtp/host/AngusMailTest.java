package dev.missive.smtp.host;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missive.testkit.TestTls;
import dev.missive.transport.TlsSettings;
import dev.missive.transport.Transport;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Eclipse Angus Mail's SMTP transport against the listener on both transports: plain SMTP to port 25's listener,
 * submission with STARTTLS (RFC 3207) and AUTH (RFC 4954), and submission over implicit TLS (RFC 8314 §3.3); each
 * message arrives byte for byte with the TLS and identity the handler saw.
 */
@Timeout(60)
class AngusMailTest {

  @ParameterizedTest
  @EnumSource(Transport.class)
  void plainStartTlsWithAuthAndImplicitTls(Transport transport) throws Exception {
    Inbox inbox = new Inbox();
    TlsSettings tls = TlsSettings.of(TestTls.serverContext());
    try (SmtpListener mx = SmtpListener.builder("mx.example", inbox::handler).port(0).transport(transport).start();
         SmtpListener msa = SmtpListener.builder("msa.example", inbox::handler).port(0).implicitTlsPort(0).tls(tls)
             .config(SmtpListenerTest.withPlainAuth()).submission(true).transport(transport).start()) {
      byte[] plain = send(mx.port(), "smtp", false, null);
      assertThat(inbox.next()).isEqualTo(new Inbox.Received("<alice@example.org>", text(plain), false, ""));

      byte[] startTls = send(msa.port(), "smtp", true, "alice");
      assertThat(inbox.next()).isEqualTo(new Inbox.Received("<alice@example.org>", text(startTls), true, "alice"));

      byte[] implicit = send(msa.implicitTlsPort(), "smtps", false, "alice");
      assertThat(inbox.next()).isEqualTo(new Inbox.Received("<alice@example.org>", text(implicit), true, "alice"));
    }
  }

  private static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  /** Sends one message with Angus; returns the bytes of the message as written (CRLF, before dot-stuffing). */
  private static byte[] send(int port, String protocol, boolean startTls, String user) throws Exception {
    Properties props = new Properties();
    String p = "mail." + protocol + ".";
    props.put(p + "host", "127.0.0.1");
    props.put(p + "port", String.valueOf(port));
    props.put(p + "localhost", "client.example");
    props.put(p + "auth", String.valueOf(user != null));
    if (startTls) {
      props.put(p + "starttls.enable", "true");
      props.put(p + "starttls.required", "true");
    }
    props.put(p + "ssl.socketFactory", TestTls.clientContext().getSocketFactory());
    Session session = Session.getInstance(props);
    MimeMessage message = new MimeMessage(session);
    message.setFrom(new InternetAddress("alice@example.org"));
    message.setRecipient(Message.RecipientType.TO, new InternetAddress("bob@example.org"));
    message.setSubject("through Angus over " + protocol);
    message.setText("Hello,\r\n.a line that starts with a dot\r\nBye\r\n", "UTF-8");
    message.saveChanges();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    message.writeTo(bytes);
    try (jakarta.mail.Transport angus = session.getTransport(protocol)) {
      if (user == null) {
        angus.connect();
      } else {
        angus.connect("127.0.0.1", port, user, "secret");
      }
      angus.sendMessage(message, message.getAllRecipients());
    }
    return bytes.toByteArray();
  }
}
