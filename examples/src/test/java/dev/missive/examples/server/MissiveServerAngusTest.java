package dev.missive.examples.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missive.examples.listener.MailListener;
import dev.missive.examples.listener.MailListenerExample;
import dev.missive.smtp.host.SmtpListener;
import dev.missive.testkit.TestTls;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The example server driven by Angus Mail (Jakarta Mail) on both transports: submission with STARTTLS (RFC 3207) and
 * AUTH (RFC 4954) stored byte for byte, POP3 with STLS (RFC 2595) reading those bytes back, and an authenticated
 * submission to another domain relayed to a next hop by the smtp-core client engine.
 */
@ParameterizedClass
@ValueSource(strings = {"blocking", "netty"})
class MissiveServerAngusTest {

  @Parameter
  String transport;

  @TempDir
  Path dir;

  @Test
  void submissionWithStartTlsAndAuthIsStoredByteForByteAndReadBackOverStls() throws Exception {
    try (RunningServer server = new RunningServer(dir, transport)) {
      byte[] sent = submit(server.submission, "alice@example.org", "bob@example.org");
      byte[] stored = server.onlyMessage("bob");
      RunningServer.assertStoredAs(stored, "alice@example.org", sent);

      Store store = Session.getInstance(pop3Properties(server.pop3)).getStore("pop3");
      store.connect("127.0.0.1", server.pop3, "bob", "pw");
      Folder inbox = store.getFolder("INBOX");
      inbox.open(Folder.READ_WRITE);
      assertThat(inbox.getMessageCount()).isEqualTo(1);
      ByteArrayOutputStream read = new ByteArrayOutputStream();
      inbox.getMessage(1).writeTo(read);
      assertThat(read.toByteArray()).isEqualTo(stored);
      inbox.getMessage(1).setFlag(jakarta.mail.Flags.Flag.DELETED, true);
      inbox.close(true); // QUIT: UPDATE removes it (RFC 1939 §6)
      store.close();
      assertThat(server.mailbox("bob")).isEmpty();
    }
  }

  @Test
  void authenticatedSubmissionToAnotherDomainIsRelayedToTheNextHop() throws Exception {
    BlockingQueue<byte[]> relayed = new LinkedBlockingQueue<>();
    BlockingQueue<List<String>> envelopes = new LinkedBlockingQueue<>();
    MailListener nextHop = (reversePath, recipients, content) -> {
      envelopes.add(List.of(reversePath, String.join(",", recipients)));
      relayed.add(content);
    };
    try (SmtpListener hop = MailListenerExample.listen(new InetSocketAddress("127.0.0.1", 0), nextHop);
         RunningServer server = new RunningServer(dir, transport, "--relay", "127.0.0.1:" + hop.port())) {
      byte[] sent = submit(server.submission, "alice@example.org", "friend@elsewhere.example");
      byte[] content = relayed.poll(20, TimeUnit.SECONDS);
      assertThat(content).as("relayed to the next hop").isNotNull();
      assertThat(envelopes.poll()).containsExactly("alice@example.org", "friend@elsewhere.example");
      String text = new String(content, StandardCharsets.UTF_8);
      assertThat(text).startsWith("Received: from ").doesNotContain("Return-Path:");
      assertThat(text).endsWith(new String(sent, StandardCharsets.UTF_8));
      assertThat(server.mailbox("alice")).isEmpty();
    }
  }

  /**
   * Issue 12 item 12: logged in as alice, a message from bob is refused at MAIL FROM with 553 5.7.1 (Postfix
   * {@code reject_sender_login_mismatch}) and nothing is delivered; {@code --allow-sender-mismatch} lets it through.
   */
  @Test
  void submissionRefusesASenderTheUserDoesNotOwnUnlessAllowed() throws Exception {
    try (RunningServer server = new RunningServer(dir, transport)) {
      jakarta.mail.MessagingException refused = org.assertj.core.api.Assertions.catchThrowableOfType(
          jakarta.mail.MessagingException.class,
          () -> submit(server.submission, "bob@example.org", "bob@example.org"));
      assertThat(messages(refused)).contains("553 5.7.1 Sender address rejected: not owned by user alice");
      submit(server.submission, "ALICE@Example.ORG", "bob@example.org"); // her own address, in any case
      assertThat(server.mailbox("bob")).hasSize(1);
    }
    try (RunningServer allowing = new RunningServer(dir.resolve("allowing"), transport, "--allow-sender-mismatch")) {
      submit(allowing.submission, "bob@example.org", "bob@example.org");
      assertThat(allowing.mailbox("bob")).hasSize(1);
    }
  }

  /** The messages of an exception and of every exception chained to it. */
  private static String messages(jakarta.mail.MessagingException e) {
    StringBuilder all = new StringBuilder();
    for (Exception x = e; x != null; ) {
      all.append(x.getMessage()).append('\n');
      x = x instanceof jakarta.mail.MessagingException m ? m.getNextException() : null;
    }
    return all.toString();
  }

  /** Sends one message as alice over submission with STARTTLS and AUTH; returns the exact bytes sent. */
  private static byte[] submit(int port, String from, String to) throws Exception {
    Properties props = new Properties();
    props.put("mail.smtp.host", "127.0.0.1");
    props.put("mail.smtp.port", String.valueOf(port));
    props.put("mail.smtp.localhost", "client.example");
    props.put("mail.smtp.auth", "true");
    props.put("mail.smtp.starttls.enable", "true");
    props.put("mail.smtp.starttls.required", "true");
    props.put("mail.smtp.ssl.socketFactory", TestTls.clientContext().getSocketFactory());
    Session session = Session.getInstance(props);
    MimeMessage message = new MimeMessage(session);
    message.setFrom(new InternetAddress(from));
    message.setRecipient(Message.RecipientType.TO, new InternetAddress(to));
    message.setSubject("through Angus " + to);
    // CRLF already, so the bytes writeTo gives are the bytes on the wire (before dot-stuffing)
    message.setText("Hello,\r\n.a line that starts with a dot\r\nBye\r\n", "UTF-8");
    message.saveChanges();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    message.writeTo(bytes);
    try (Transport transport = session.getTransport("smtp")) {
      transport.connect("127.0.0.1", port, "alice", "secret");
      transport.sendMessage(message, message.getAllRecipients());
    }
    return bytes.toByteArray();
  }

  private static Properties pop3Properties(int port) {
    Properties props = new Properties();
    props.put("mail.pop3.port", String.valueOf(port));
    props.put("mail.pop3.starttls.enable", "true");
    props.put("mail.pop3.starttls.required", "true");
    props.put("mail.pop3.ssl.socketFactory", TestTls.clientContext().getSocketFactory());
    return props;
  }
}
