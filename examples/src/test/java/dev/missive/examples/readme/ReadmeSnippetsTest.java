package dev.missive.examples.readme;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.nio.file.StandardOpenOption.CREATE_NEW;
import static java.nio.file.StandardOpenOption.WRITE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.missive.dns.DnsResolver;
import dev.missive.dns.StaticDnsResolver;
import dev.missive.mailauth.dkim.DkimKeyLookup;
import dev.missive.mailauth.dkim.DkimResult;
import dev.missive.mailauth.dkim.DkimSigner;
import dev.missive.mailauth.dkim.DkimSigningKey;
import dev.missive.mailauth.dkim.DkimVerifier;
import dev.missive.mailauth.dmarc.DmarcResult;
import dev.missive.mailauth.dmarc.DmarcVerifier;
import dev.missive.mailauth.results.AuthenticationResults;
import dev.missive.mailauth.results.MethodResult;
import dev.missive.mailauth.spf.SpfChecker;
import dev.missive.mailauth.spf.SpfResult;
import dev.missive.message.address.ForwardPath;
import dev.missive.message.builder.MessageBuilder;
import dev.missive.message.builder.Part;
import dev.missive.message.header.HeaderField;
import dev.missive.message.stream.BodyMode;
import dev.missive.message.stream.MessageReader;
import dev.missive.message.stream.MimeEvent;
import dev.missive.message.stream.ParserOptions;
import dev.missive.message.tree.Entity;
import dev.missive.message.tree.Message;
import dev.missive.smtp.RcptParameters;
import dev.missive.smtp.ReceivedField;
import dev.missive.smtp.Reply;
import dev.missive.smtp.Envelope;
import dev.missive.smtp.server.MessageSink;
import dev.missive.smtp.server.SmtpDecision;
import dev.missive.smtp.server.SmtpHandler;
import dev.missive.smtp.server.SmtpHandlerServer;
import dev.missive.smtp.server.SmtpServerConfig;
import java.io.ByteArrayInputStream;
import dev.missive.smtp.server.SmtpSession;
import dev.missive.transport.BlockingServer;
import dev.missive.transport.EngineSession;
import dev.missive.wire.ConnectionSecurity;
import dev.missive.wire.EngineEnvironment;
import dev.missive.wire.PeerInfo;
import dev.missive.wire.ProtocolEngine;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.net.smtp.SMTPClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's code samples, run as written (apart from the endless accept loop), so the README stays true. */
class ReadmeSnippetsTest {

  private final List<String> stored = new CopyOnWriteArrayList<>();

  private void store(Envelope envelope, byte[] trace, byte[] content) {
    stored.add(envelope.recipients().size() + " " + new String(trace, UTF_8) + new String(content, UTF_8));
  }

  @Test
  void embeddedListenerWithTheHandlerEngine() throws Exception {
    Set<String> users = Set.of("b@example.org");
    // --- README: SMTP listener
    SmtpServerConfig config = SmtpServerConfig.defaults("mx.example.org");
    Function<SmtpSession, SmtpHandler> handlers = session -> new SmtpHandler() {
      public SmtpDecision rcptTo(ForwardPath to, RcptParameters parameters) {
        return users.contains(to.mailbox().orElseThrow().toString()) ? SmtpDecision.accept()
            : SmtpDecision.reject(Reply.of(550, "5.1.1", "No such user here"));
      }
      public MessageSink data(Envelope envelope, ReceivedField trace) {
        return MessageSink.collecting((info, bytes) -> {   // or a sink that streams to a file
          store(envelope, trace.toBytes(), bytes);         // make it durable first ...
          return SmtpDecision.accept();                    // ... then the client gets 250
        });
      }
    };
    EngineEnvironment env = EngineEnvironment.system();
    ProtocolEngine smtp = new SmtpHandlerServer(config, env,       // one engine per connection
        PeerInfo.of("[192.0.2.1]", ConnectionSecurity.PLAINTEXT, env), handlers);
    // --- end
    try (BlockingServer server = BlockingServer.builder("smtp", c -> EngineSession.of(smtp)).start()) {
      SMTPClient client = new SMTPClient();
      client.connect("127.0.0.1", server.port());
      client.helo("client.example");
      assertThat(client.setSender("a@example.net")).isTrue();
      assertThat(client.addRecipient("nobody@example.org")).isFalse();
      assertThat(client.getReplyString()).startsWith("550 5.1.1 No such user here");
      assertThat(client.addRecipient("b@example.org")).isTrue();
      assertThat(client.sendShortMessageData("Subject: hi\r\n\r\nbody\r\n")).isTrue();
      client.quit();
      client.disconnect();
    }
    assertThat(stored).singleElement().asString().startsWith("1 Received: from client.example ([192.0.2.1])")
        .endsWith("Subject: hi\r\n\r\nbody\r\n");
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
    assertThat(blocksRunHere("## Reading and writing messages")).isEqualTo(4);
  }

  /** The README's "Embedding an SMTP listener" block is in this file, line for line. */
  @Test
  void theReadmeListenerSnippetIsTheOneThisTestRuns() throws IOException {
    assertThat(blocksRunHere("## Embedding an SMTP listener")).isEqualTo(1);
  }

  /** Checks that each code block of the README section under {@code heading} is in this file; returns how many. */
  private static int blocksRunHere(String heading) throws IOException {
    String readme = Files.readString(Path.of("..", "README.md"), UTF_8);
    int start = readme.indexOf(heading);
    String section = readme.substring(start, readme.indexOf("\n## ", start + 1));
    List<String> self = stripped(Files.readString(
        Path.of("src/test/java/dev/missive/examples/readme/ReadmeSnippetsTest.java"), UTF_8));
    Matcher block = Pattern.compile("```java\n(.*?)```", Pattern.DOTALL).matcher(section);
    int blocks = 0;
    while (block.find()) {
      blocks++;
      List<String> lines = stripped(block.group(1));
      assertThat(java.util.Collections.indexOfSubList(self, lines)).as("README block %d of %s runs here", blocks,
          heading).isNotNegative();
    }
    return blocks;
  }

  private static List<String> stripped(String text) {
    return text.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
  }
  @Test
  void mailAuthenticationVerifyAndSign() throws Exception {
    KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    String pem = "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder().encodeToString(pair.getPrivate()
        .getEncoded()) + "\n-----END PRIVATE KEY-----\n";
    byte[] message = "From: a@example.org\r\nSubject: hi\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII);
    // the README's signing lines
    DkimSigningKey key = DkimSigningKey.fromPem("example.org", "s1", pem);   // PKCS#8, RSA or Ed25519
    HeaderField signature = DkimSigner.sign(new ByteArrayInputStream(message), key, DkimSigner.Options.DEFAULT);
    ByteArrayOutputStream signed = new ByteArrayOutputStream();
    signed.write(signature.raw());
    signed.write(new byte[] {'\r', '\n'});
    signed.write(message);
    message = signed.toByteArray();
    byte[] spki = pair.getPublic().getEncoded();
    DnsResolver dns = new StaticDnsResolver()   // the README's first line asks the system's resolver instead
        .txt("s1._domainkey.example.org", "v=DKIM1; k=ed25519; p="
            + Base64.getEncoder().encodeToString(Arrays.copyOfRange(spki, spki.length - 32, spki.length)))
        .txt("example.org", "v=spf1 ip4:192.0.2.1 -all")
        .txt("_dmarc.example.org", "v=DMARC1; p=reject");
    InetAddress client = InetAddress.getByName("192.0.2.1");
    String mailFrom = "a@example.org";
    String helo = "mail.example.org";
    // the README's verifying lines
    DkimVerifier dkim = new DkimVerifier(DkimVerifier.Options.DEFAULT);
    dkim.feed(ByteBuffer.wrap(message));                 // chunk by chunk as DATA arrives
    dkim.end();
    List<DkimResult> signatures = dkim.verify(DkimKeyLookup.dns(dns));
    SpfResult spf = new SpfChecker(dns, SpfChecker.Options.DEFAULT).checkMailFrom(client, mailFrom, helo);
    DmarcResult dmarc = new DmarcVerifier(dns, DmarcVerifier.Options.DEFAULT)
        .check(dkim.headerFields(), signatures, spf);
    List<MethodResult> results = new ArrayList<>(List.of(spf.toMethodResult(mailFrom), dmarc.toMethodResult()));
    signatures.forEach(s -> results.add(s.toMethodResult()));
    HeaderField stamp = AuthenticationResults.of("mx.example.org", results).toHeaderField();

    assertThat(AuthenticationResults.parse(stamp).results()).extracting(MethodResult::method, MethodResult::result)
        .containsExactly(tuple("spf", "pass"), tuple("dmarc", "pass"), tuple("dkim", "pass"));
  }
}
