package dev.missive.examples.readme;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.nio.file.StandardOpenOption.CREATE_NEW;
import static java.nio.file.StandardOpenOption.WRITE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.missive.message.builder.MessageBuilder;
import dev.missive.message.builder.Part;
import dev.missive.message.header.HeaderField;
import dev.missive.message.stream.BodyMode;
import dev.missive.message.stream.MessageReader;
import dev.missive.message.stream.MimeEvent;
import dev.missive.message.stream.ParserOptions;
import dev.missive.message.tree.Entity;
import dev.missive.message.tree.Message;
import dev.missive.smtp.server.MessageSink;
import dev.missive.smtp.server.SmtpDecision;
import dev.missive.smtp.server.SmtpHandler;
import dev.missive.smtp.server.SmtpHandlerAdapter;
import dev.missive.smtp.server.SmtpServer;
import dev.missive.smtp.server.SmtpServerConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.net.smtp.SMTPClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's code samples, run as written (apart from the endless accept loop), so the README stays true. */
class ReadmeSnippetsTest {

  @Test
  void embeddedListenerWithTheHandlerFacade() throws Exception {
    List<String> stored = new CopyOnWriteArrayList<>();
    SmtpServerConfig config = SmtpServerConfig.defaults("mx.example.org");
    SmtpHandler handler = (envelope, trace) -> MessageSink.collecting((info, bytes) -> {
      stored.add(new String(trace.toBytes(), StandardCharsets.UTF_8) + new String(bytes, StandardCharsets.UTF_8));
      return SmtpDecision.accept();
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
  void readingAndWritingMessages(@TempDir Path dir) throws IOException {
    byte[] bytes = new MessageBuilder().from("Jürgen <j@example.org>").to("Ann <ann@example.net>")
        .subject("Grüße").body(Part.alternative(Part.text("Hallo!"), Part.html("<p>Hallo!</p>")))
        .build();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    // --- README: reading
    Message m = Message.parse(bytes);                      // never throws for damaged input: defects instead
    m.subject();                                           // RFC 2047 words decoded
    m.textBody().map(Entity::text);                        // the text a reader shows (alternative, related, mixed)
    m.htmlBody().map(Entity::text);
    for (Entity part : m.root().walk()) {
      part.contentType().mimeType();                       // "text/plain", ...
      part.filename();                                     // RFC 2231 or RFC 2047 forms, decoded
      part.defects();                                      // what was irregular, per part
    }
    m.root().header().addFirst(HeaderField.of("X-Seen", "yes"));
    m.writeTo(out);                                        // every untouched octet written back as it was
    // --- end
    assertThat(m.subject()).contains("Grüße");
    assertThat(m.textBody().map(Entity::text)).contains("Hallo!");
    assertThat(m.htmlBody().map(Entity::text)).contains("<p>Hallo!</p>");
    assertThat(m.allDefects()).isEmpty();
    assertThat(new String(out.toByteArray(), StandardCharsets.US_ASCII))
        .isEqualTo("X-Seen: yes\r\n" + new String(bytes, StandardCharsets.US_ASCII));

    byte[] pdf = new byte[100_000];
    new java.util.SplittableRandom(5).nextBytes(pdf);
    Path report = Files.write(dir.resolve("report.pdf"), pdf);
    Files.writeString(dir.resolve("report.txt"), "The report.\n", UTF_8);
    Files.writeString(dir.resolve("report.html"), "<p>The report.</p>\n", UTF_8);
    // --- README: building
    MessageBuilder builder = new MessageBuilder()
        .from("Jürgen <j@example.org>").to("Ann <ann@example.net>").bcc("archive@example.org").subject("Grüße")
        .body(Part.alternative(Part.text(report.resolveSibling("report.txt"), UTF_8),
                               Part.html(report.resolveSibling("report.html"), UTF_8)))
        .attach(Part.attachment(report, "application/pdf"));
    try (OutputStream file = Files.newOutputStream(dir.resolve("out.eml"))) {
      builder.writeTo(file);                               // CRLF, folded, encoded; files read as they are written
    }
    builder.envelopeRecipients();                          // <ann@example.net>, <archive@example.org>: Bcc only here
    byte[] small = new MessageBuilder().from("j@example.org").to("Ann", "ann@example.net")
        .body(Part.text("Hallo!")).build();                // re-parses to the same tree
    // --- end
    assertThat(builder.envelopeRecipients()).extracting(Object::toString)
        .containsExactly("<ann@example.net>", "<archive@example.org>");
    assertThat(Message.parse(small).textBody().map(Entity::text)).contains("Hallo!");
    Path eml = dir.resolve("out.eml");
    assertThat(Files.readString(eml, StandardCharsets.ISO_8859_1)).doesNotContainIgnoringCase("archive");

    // --- README: attachments from the tree
    Message big = Message.parse(eml);                      // the file is mapped, not read
    int n = 0;
    for (Entity attachment : big.root().attachments()) {
      try (InputStream body = attachment.decodedBodyStream()) {
        Files.copy(body, dir.resolve("attachment-" + ++n)); // filename() is the sender's: never use it as a path
      }
    }
    // --- end
    assertThat(n).isEqualTo(1);
    assertThat(Files.readAllBytes(dir.resolve("attachment-1"))).isEqualTo(pdf);

    // --- README: attachments from the stream
    try (InputStream in = Files.newInputStream(eml)) {
      MessageReader reader = new MessageReader(in, ParserOptions.DEFAULT.withBodyMode(BodyMode.DECODED));
      WritableByteChannel file = null;
      int saved = 0;
      int depth = 0;
      int fileDepth = -1;
      for (MimeEvent e; (e = reader.next()) != null; ) {
        if (e instanceof MimeEvent.StartPart p) {
          depth = p.depth();
        } else if (e instanceof MimeEvent.EndOfHeader h && file == null && h.descriptor().isAttachment()) {
          file = Files.newByteChannel(dir.resolve("streamed-" + ++saved), CREATE_NEW, WRITE);
          fileDepth = depth;
        } else if (e instanceof MimeEvent.DecodedBodyBytes b && file != null) {
          file.write(b.bytes());                           // a view of the parser's buffer, valid until next()
        } else if (e instanceof MimeEvent.EndPart p && p.depth() == fileDepth) {
          file.close();
          file = null;
        }
      }
    }
    // --- end
    assertThat(Files.readAllBytes(dir.resolve("streamed-1"))).isEqualTo(pdf);
    assertThat(Files.exists(dir.resolve("streamed-2"))).isFalse();
  }

  /** Each code block of the README's "Reading and writing messages" section is in this file, line for line. */
  @Test
  void theReadmeMessageSnippetsAreTheOnesThisTestRuns() throws IOException {
    String readme = Files.readString(Path.of("..", "README.md"), UTF_8);
    int start = readme.indexOf("## Reading and writing messages");
    String section = readme.substring(start, readme.indexOf("\n## ", start + 1));
    List<String> self = stripped(Files.readString(
        Path.of("src/test/java/dev/missive/examples/readme/ReadmeSnippetsTest.java"), UTF_8));
    Matcher block = Pattern.compile("```java\n(.*?)```", Pattern.DOTALL).matcher(section);
    int blocks = 0;
    while (block.find()) {
      blocks++;
      List<String> lines = stripped(block.group(1));
      assertThat(java.util.Collections.indexOfSubList(self, lines)).as("README block %d runs here", blocks)
          .isNotNegative();
    }
    assertThat(blocks).isEqualTo(4);
  }

  private static List<String> stripped(String text) {
    return text.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
  }
}
