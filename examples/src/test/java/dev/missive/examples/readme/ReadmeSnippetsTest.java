package dev.missive.examples.readme;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missive.message.builder.MessageBuilder;
import dev.missive.message.builder.Part;
import dev.missive.message.header.HeaderField;
import dev.missive.message.tree.Entity;
import dev.missive.message.tree.Message;
import dev.missive.smtp.server.Decision;
import dev.missive.smtp.server.MessageSink;
import dev.missive.smtp.server.SmtpHandler;
import dev.missive.smtp.server.SmtpHandlerAdapter;
import dev.missive.smtp.server.SmtpServer;
import dev.missive.smtp.server.SmtpServerConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.commons.net.smtp.SMTPClient;
import org.junit.jupiter.api.Test;

/** The README's code samples, run as written (apart from the endless accept loop), so the README stays true. */
class ReadmeSnippetsTest {

  @Test
  void embeddedListenerWithTheHandlerFacade() throws Exception {
    List<String> stored = new CopyOnWriteArrayList<>();
    SmtpServerConfig config = SmtpServerConfig.defaults("mx.example.org");
    SmtpHandler handler = (envelope, trace) -> MessageSink.collecting((info, bytes) -> {
      stored.add(new String(trace.toBytes(), StandardCharsets.UTF_8) + new String(bytes, StandardCharsets.UTF_8));
      return Decision.accept();
    });
    try (ServerSocket listener = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
      Thread server = new Thread(() -> {
        try (Socket socket = listener.accept()) {
          SmtpServer smtp = SmtpServer.create(config, "[" + socket.getInetAddress().getHostAddress() + "]");
          SmtpHandlerAdapter.serve(smtp, handler, socket.getInputStream(), socket.getOutputStream());
        } catch (IOException e) {
          // the connection is gone
        }
      });
      server.start();
      SMTPClient client = new SMTPClient();
      client.connect("127.0.0.1", listener.getLocalPort());
      client.helo("client.example");
      assertThat(client.sendSimpleMessage("a@example.net", "b@example.org", "Subject: hi\r\n\r\nbody\r\n")).isTrue();
      client.quit();
      client.disconnect();
      server.join(10_000);
    }
    assertThat(stored).hasSize(1);
    assertThat(stored.get(0)).startsWith("Received: from client.example").endsWith("Subject: hi\r\n\r\nbody\r\n");
  }

  @Test
  void readingAndWritingMessages() throws IOException {
    byte[] built = new MessageBuilder()
        .from("Jürgen", "j@example.org").to(null, "ann@example.net").subject("Grüße")
        .body(Part.text("Hallo!"))
        .build();
    Message m = Message.parse(built);
    assertThat(m.subject()).contains("Grüße");
    for (Entity part : m.root().walk()) {
      assertThat(part.contentType().mimeType()).isEqualTo("text/plain");
      assertThat(part.text()).isEqualTo("Hallo!");
      assertThat(part.filename()).isEmpty();
      assertThat(part.defects()).isEmpty();
    }
    m.root().header().addFirst(HeaderField.of("X-Seen", "yes"));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    m.writeTo(out);
    assertThat(new String(out.toByteArray(), StandardCharsets.US_ASCII))
        .isEqualTo("X-Seen: yes\r\n" + new String(built, StandardCharsets.US_ASCII));
  }
}
