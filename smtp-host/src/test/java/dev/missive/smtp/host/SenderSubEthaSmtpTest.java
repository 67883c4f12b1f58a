package dev.missive.smtp.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.missive.sasl.SaslClientMechanisms;
import dev.missive.smtp.BodyType;
import dev.missive.smtp.Envelope;
import dev.missive.testkit.TestTls;
import dev.missive.transport.TlsHandshakes;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.subethamail.smtp.MessageContext;
import org.subethamail.smtp.MessageHandler;
import org.subethamail.smtp.RejectException;
import org.subethamail.smtp.auth.EasyAuthenticationHandlerFactory;
import org.subethamail.smtp.auth.LoginFailedException;
import org.subethamail.smtp.server.SMTPServer;

/**
 * The smarthost sender against SubEthaSMTP as the server: plaintext, STARTTLS (RFC 3207) and implicit TLS
 * (RFC 8314 §3.3) with the certificate and host name verified, AUTH PLAIN (RFC 4954), several messages on one
 * connection, a 300 KB message arriving octet for octet, 8-bit content (RFC 6152) and a UTF-8 header (RFC 6531 §3.4)
 * arriving unchanged, per-recipient 4xx/5xx results,
 * a refused AUTH and an untrusted certificate as typed errors, and a failing content stream that is never reported
 * delivered.
 */
@Timeout(60)
class SenderSubEthaSmtpTest {

  /** One accepted message as SubEthaSMTP saw it. */
  record Arrived(String from, List<String> to, byte[] data) {}

  private final List<Arrived> arrived = new CopyOnWriteArrayList<>();
  private SMTPServer server;

  private SMTPServer start(SMTPServer.Builder b) {
    server = b.port(0).bindAddress(InetAddress.getLoopbackAddress()).hostName("localhost")
        .insertReceivedHeaders(false).maxMessageSize(1 << 22)
        .messageHandlerFactory(this::handler).build();
    server.start();
    return server;
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop();
    }
  }

  private MessageHandler handler(MessageContext context) {
    return new MessageHandler() {
      private String from;
      private final List<String> to = new CopyOnWriteArrayList<>();

      @Override
      public void from(String f) {
        from = f;
      }

      @Override
      public void recipient(String r) throws RejectException {
        if (r.startsWith("nobody@")) {
          throw new RejectException(550, "5.1.1 no such user");
        }
        if (r.startsWith("busy@")) {
          throw new RejectException(450, "4.2.1 try again later");
        }
        to.add(r);
      }

      @Override
      public String data(InputStream data) throws IOException {
        arrived.add(new Arrived(from, List.copyOf(to), data.readAllBytes()));
        return null;
      }

      @Override
      public void done() {
        // nothing held
      }
    };
  }

  private static EasyAuthenticationHandlerFactory auth() {
    return new EasyAuthenticationHandlerFactory((user, password, context) -> {
      if (!user.equals("tim") || !password.equals("tanstaaf")) {
        throw new LoginFailedException("wrong password");
      }
    });
  }

  static byte[] message(int size) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes("Subject: big\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    for (int line = 0; out.size() < size; line++) {
      String text = (line % 7 == 0 ? "." : "") + "line " + line + " of a message that must arrive octet for octet";
      out.writeBytes((text + "\r\n").getBytes(StandardCharsets.US_ASCII));
    }
    return out.toByteArray();
  }

  @Test
  void plaintextSendsSeveralMessagesOnOneConnectionOctetForOctet(@TempDir Path dir) throws Exception {
    start(SMTPServer.port(0));
    byte[] big = message(300 * 1024);
    Path file = dir.resolve("big.eml");
    Files.write(file, big);
    SmtpSender sender = SmtpSender.smarthost("127.0.0.1").port(server.getPortAllocated()).insecurePlaintext()
        .ehloName("client.example").build();
    try (SenderConnection c = sender.connect()) {
      SendResult first = c.send(Envelope.of("a@example.org", "b@example.org"), MessageContent.of(file));
      SendResult second = c.send(Envelope.of("a@example.org", "c@example.org"), MessageContent.of(big));
      assertThat(first.allDelivered()).as(first.toString()).isTrue();
      assertThat(second.allDelivered()).as(second.toString()).isTrue();
    }
    assertThat(arrived).hasSize(2);
    assertThat(arrived.get(0).data()).isEqualTo(big);
    assertThat(arrived.get(1).data()).isEqualTo(big);
    assertThat(arrived.get(1).to()).containsExactly("c@example.org");
  }

  @Test
  void startTlsWithAuthGivesOneResultPerRecipient() throws Exception {
    start(SMTPServer.port(0).enableTLS().requireTLS().startTlsSocketFactory(TestTls.serverContext())
        .authenticationHandlerFactory(auth()).requireAuth());
    SmtpSender sender = SmtpSender.smarthost("localhost").port(server.getPortAllocated())
        .trust(TestTls.clientContext())
        .authentication(() -> SaslClientMechanisms.plain("", "tim", "tanstaaf")).build();
    Envelope envelope = Envelope.of("tim@example.org", "alice@example.net", "nobody@example.net",
        "busy@example.net");
    SendResult result = sender.send(envelope, MessageContent.of("Subject: hi\r\n\r\nhello\r\n"
        .getBytes(StandardCharsets.US_ASCII)));
    assertThat(result.recipients()).extracting(RecipientResult::status).containsExactly(DeliveryStatus.DELIVERED,
        DeliveryStatus.PERMANENT_FAILURE, DeliveryStatus.TEMPORARY_FAILURE);
    assertThat(result.recipients().get(1).reply().orElseThrow().code()).isEqualTo(550);
    assertThat(result.recipients().get(0).host()).contains("localhost");
    assertThat(arrived).singleElement().satisfies(a -> assertThat(a.to()).containsExactly("alice@example.net"));
  }

  @Test
  void implicitTlsWithAuth() throws Exception {
    start(SMTPServer.port(0).serverSocketFactory(TestTls.serverContext()).authenticationHandlerFactory(auth()));
    SmtpSender sender = SmtpSender.smarthost("localhost").implicitTls().port(server.getPortAllocated())
        .trust(TestTls.clientContext())
        .authentication(() -> SaslClientMechanisms.plain("", "tim", "tanstaaf")).build();
    SendResult result = sender.send(Envelope.of("tim@example.org", "alice@example.net"),
        MessageContent.of("Subject: 465\r\n\r\nover implicit TLS\r\n".getBytes(StandardCharsets.US_ASCII)));
    assertThat(result.allDelivered()).as(result.toString()).isTrue();
    assertThat(new String(arrived.get(0).data(), StandardCharsets.US_ASCII)).contains("over implicit TLS");
  }

  @Test
  void eightBitAndUtf8HeaderContentIsDeclaredAndArrivesUnchanged() throws Exception {
    start(SMTPServer.port(0));
    SmtpSender sender = SmtpSender.smarthost("127.0.0.1").port(server.getPortAllocated()).insecurePlaintext().build();
    byte[] body = "Subject: plain\r\n\r\ncaf\u00e9 cr\u00e8me\r\n".getBytes(StandardCharsets.UTF_8);
    byte[] header = "Subject: gr\u00fc\u00dfe\r\n\r\nhallo\r\n".getBytes(StandardCharsets.UTF_8);
    try (SenderConnection c = sender.connect()) {
      assertThat(c.capabilities().has("8BITMIME")).isTrue();
      assertThat(c.capabilities().has("SMTPUTF8")).isTrue(); // SubEthaSMTP 7 offers both
      for (byte[] message : new byte[][] {body, header}) {
        SendResult ok = c.send(Envelope.of("a@example.org", "b@example.org"), MessageContent.of(message));
        assertThat(ok.allDelivered()).as(ok.toString()).isTrue();
      }
    }
    assertThat(arrived).extracting(Arrived::data).containsExactly(body, header);
  }

  @Test
  void aStreamThatFailsOrBreaksItsDeclarationIsNeverDelivered() throws Exception {
    start(SMTPServer.port(0));
    SmtpSender sender = SmtpSender.smarthost("127.0.0.1").port(server.getPortAllocated()).insecurePlaintext().build();
    InputStream failing = new InputStream() {
      private final InputStream start = new ByteArrayInputStream(message(64 * 1024));

      @Override
      public int read() throws IOException {
        int c = start.read();
        if (c < 0) {
          throw new IOException("disk gone");
        }
        return c;
      }
    };
    assertThatThrownBy(() -> sender.send(Envelope.of("a@example.org", "b@example.org"),
        MessageContent.of(failing, -1, BodyType.SEVEN_BIT, false))).isInstanceOf(IOException.class)
        .hasMessage("disk gone");
    InputStream lying = new ByteArrayInputStream("Subject: x\r\n\r\ncaf\u00e9\r\n".getBytes(StandardCharsets.UTF_8));
    SendResult result = sender.send(Envelope.of("a@example.org", "b@example.org"),
        MessageContent.of(lying, -1, BodyType.SEVEN_BIT, false));
    assertThat(result.recipients()).singleElement().satisfies(r -> {
      assertThat(r.status()).isEqualTo(DeliveryStatus.PERMANENT_FAILURE);
      assertThat(r.detail()).contains("declaration");
    });
    assertThat(arrived).as("the server never got a complete message").isEmpty();
  }

  @Test
  void aRefusedAuthAndAnUntrustedCertificateAreTypedErrors() throws Exception {
    start(SMTPServer.port(0).enableTLS().requireTLS().startTlsSocketFactory(TestTls.serverContext())
        .authenticationHandlerFactory(auth()).requireAuth());
    SmtpSender wrongPassword = SmtpSender.smarthost("localhost").port(server.getPortAllocated())
        .trust(TestTls.clientContext())
        .authentication(() -> SaslClientMechanisms.plain("", "tim", "wrong")).build();
    assertThatThrownBy(wrongPassword::connect).isInstanceOf(SmtpSessionException.class)
        .hasMessageContaining("AUTH PLAIN");
    SmtpSender jdkRoots = SmtpSender.smarthost("localhost").port(server.getPortAllocated())
        .authentication(() -> SaslClientMechanisms.plain("", "tim", "tanstaaf")).build();
    assertThatThrownBy(jdkRoots::connect).isInstanceOf(TlsHandshakes.HandshakeFailedException.class)
        .hasMessageContaining("certification path");
    assertThat(arrived).isEmpty();
  }
}
