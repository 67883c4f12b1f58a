package dev.missive.examples.relay;

import static dev.missive.examples.relay.RelayExampleTest.FAST;
import static dev.missive.examples.relay.RelayExampleTest.send;
import static org.assertj.core.api.Assertions.assertThat;

import dev.missive.sasl.SaslClientMechanisms;
import dev.missive.smtp.AtrnRequest;
import dev.missive.smtp.BodyType;
import dev.missive.smtp.DeliverBy;
import dev.missive.smtp.DsnNotify;
import dev.missive.smtp.DsnReturn;
import dev.missive.smtp.MtPriority;
import dev.missive.smtp.Envelope;
import dev.missive.smtp.ReceivedField;
import dev.missive.smtp.SmtpExtension;
import dev.missive.smtp.client.SmtpClient;
import dev.missive.smtp.client.SmtpClientConfig;
import dev.missive.smtp.client.SmtpClientEvent;
import dev.missive.smtp.server.MessageSink;
import dev.missive.smtp.server.ReceivedContent;
import dev.missive.smtp.server.SmtpDecision;
import dev.missive.smtp.server.SmtpHandler;
import dev.missive.smtp.server.SmtpHandlerServer;
import dev.missive.smtp.server.SmtpServerConfig;
import dev.missive.transport.BlockingClient;
import dev.missive.transport.Connection;
import dev.missive.transport.EngineSession;
import dev.missive.transport.TlsSettings;
import dev.missive.wire.EngineEnvironment;
import dev.missive.wire.HandoverEngine;
import dev.missive.wire.ProtocolEngine;
import dev.missive.wire.TlsPolicy;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.commons.net.smtp.SMTPClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On-Demand Mail Relay end to end over loopback (RFC 2645): the relay holds a customer's mail, the customer
 * authenticates on the ODMR port, sends ATRN, and receives the message on the same connection as an SMTP server.
 */
class RelayOdmrTest {

  @TempDir
  Path spool;

  @Test
  void aHeldMessageIsQueuedCollectedAndDelivered() throws Exception {
    try (NextHop hop = new NextHop(0); RelayExample relay = relay(hop)) {
      send(relay.port(), "alice@example.org", "Subject: held\r\n\r\nfor the customer\r\n", "bob@customer.example",
          "carol@example.net");
      NextHop.Received forwarded = hop.next();
      assertThat(forwarded.to()).containsExactly("carol@example.net"); // only what is not held goes on
      assertThat(queued("held")).hasSize(2); // one message: .env and .eml

      Customer customer = new Customer(AtrnRequest.of("customer.example"));
      collect(relay, customer);
      assertThat(customer.results).extracting(SmtpClientEvent.AtrnResult::reversed).containsExactly(true);
      assertThat(customer.envelopes).singleElement().satisfies(e -> {
        assertThat(e.reversePath().toWireForm()).isEqualTo("<alice@example.org>");
        assertThat(e.recipients()).extracting(r -> r.forwardPath().toWireForm())
            .containsExactly("<bob@customer.example>");
      });
      assertThat(customer.messages).singleElement().satisfies(m -> assertThat(m)
          .startsWith("Received: from client.example").contains("by relay.example")
          .endsWith("Subject: held\r\n\r\nfor the customer\r\n"));
      assertThat(queued("held")).isEmpty();

      Customer again = new Customer(AtrnRequest.of());
      collect(relay, again);
      assertThat(again.results).extracting(r -> r.reply().orElseThrow().code()).containsExactly(453);
      assertThat(hop.inbox).isEmpty();
    }
  }

  /** RFC 6152 §2 / RFC 6531 §3.4: 8-bit held content goes out under BODY=8BITMIME and SMTPUTF8, unchanged. */
  @Test
  void anEightBitHeldMessageIsCollectedOctetForOctet() throws Exception {
    byte[] message = "Subject: caf\u00e9\r\n\r\nna\u00efve \u2603 body\r\n".getBytes(StandardCharsets.UTF_8);
    try (NextHop hop = new NextHop(0); RelayExample relay = relay(hop)) {
      sendEightBit(relay.port(), message, "bob@customer.example");
      Customer customer = new Customer(AtrnRequest.of("customer.example"), SmtpExtension.EIGHT_BIT_MIME,
          SmtpExtension.SMTPUTF8);
      collect(relay, customer);
      assertThat(customer.envelopes).singleElement().satisfies(e -> {
        assertThat(e.parameters().body()).contains(BodyType.EIGHT_BIT_MIME);
        assertThat(e.parameters().smtpUtf8()).isTrue();
      });
      assertThat(customer.raw).singleElement().satisfies(m -> {
        assertThat(new String(m, StandardCharsets.ISO_8859_1)).startsWith("Received: from client.example");
        assertThat(Arrays.copyOfRange(m, m.length - message.length, m.length)).isEqualTo(message);
      });
      assertThat(queued("held")).isEmpty();
    }
  }

  /** RFC 6152 §3: no 8-bit octets to a server that does not offer 8BITMIME; the message stays held, whole. */
  @Test
  void anEightBitHeldMessageStaysHeldForAServerWithout8BitMime() throws Exception {
    byte[] message = "Subject: plain\r\n\r\nna\u00efve body\r\n".getBytes(StandardCharsets.UTF_8);
    try (NextHop hop = new NextHop(0); RelayExample relay = relay(hop)) {
      sendEightBit(relay.port(), message, "bob@customer.example");
      send(relay.port(), "alice@example.org", "Subject: seven\r\n\r\nascii\r\n", "bob@customer.example");
      Customer customer = new Customer(AtrnRequest.of("customer.example"));
      collect(relay, customer);
      assertThat(customer.results).extracting(SmtpClientEvent.AtrnResult::reversed).containsExactly(true);
      assertThat(customer.messages).singleElement().satisfies(m -> assertThat(m).endsWith("ascii\r\n"));
      assertThat(queued("held")).hasSize(2); // the 8-bit one, .env and .eml, still held for a later collection
    }
  }

  @Test
  void anotherCustomersDomainIsRefused() throws Exception {
    try (NextHop hop = new NextHop(0); RelayExample relay = relay(hop)) {
      send(relay.port(), "alice@example.org", "Subject: held\r\n\r\nbody\r\n", "dave@other.example");
      Customer customer = new Customer(AtrnRequest.of("customer.example", "other.example"));
      collect(relay, customer);
      assertThat(customer.results).extracting(r -> r.reply().orElseThrow().code()).containsExactly(450);
      assertThat(customer.messages).isEmpty();
      assertThat(queued("held")).hasSize(2);
    }
  }

  /**
   * The facts the relay keeps go on to the customer as to any next hop (NextHopRules): BY= with the time left
   * (RFC 2852 §4), MT-PRIORITY (RFC 6710), RET/ENVID and NOTIFY (RFC 3461 §5.2.1), RRVS (RFC 7293) — each to a
   * customer's server that offers it.
   */
  @Test
  void theHeldMessagesEnvelopeGoesToTheCustomer() throws Exception {
    try (NextHop hop = new NextHop(0); RelayExample relay = relay(hop)) {
      SMTPClient client = RelayExampleTest.ehlo(relay.port());
      assertThat(client.sendCommand("MAIL FROM:<alice@example.org> BY=3600;N MT-PRIORITY=-3 RET=HDRS ENVID=e1"))
          .as(client.getReplyString()).isEqualTo(250);
      assertThat(client.sendCommand("RCPT TO:<bob@customer.example> NOTIFY=SUCCESS,FAILURE"
          + " RRVS=2020-01-01T00:00:00Z;C")).as(client.getReplyString()).isEqualTo(250);
      assertThat(client.sendShortMessageData("Subject: facts\r\n\r\nx\r\n")).isTrue();
      client.quit();
      client.disconnect();
      Customer customer = new Customer(AtrnRequest.of("customer.example"), SmtpExtension.DELIVERBY,
          SmtpExtension.MT_PRIORITY, SmtpExtension.DSN, SmtpExtension.RRVS);
      collect(relay, customer);
      assertThat(customer.envelopes).singleElement().satisfies(e -> {
        assertThat(e.parameters().deliverBy()).hasValueSatisfying(by -> {
          assertThat(by.mode()).isEqualTo(DeliverBy.Mode.NOTIFY);
          assertThat(by.byTime()).isBetween(3500L, 3599L); // RFC 2852 §4: less the time spent here, rounded down
        });
        // a lowered priority is kept from anyone (RFC 6710 §4.1)
        assertThat(e.parameters().priority()).contains(new MtPriority(-3));
        assertThat(e.parameters().ret()).contains(DsnReturn.HDRS);
        assertThat(e.parameters().envelopeId()).contains("e1");
        assertThat(e.recipients()).singleElement().satisfies(r -> {
          assertThat(r.parameters().notifications()).containsExactlyInAnyOrder(DsnNotify.SUCCESS, DsnNotify.FAILURE);
          assertThat(r.parameters().validSince()).isPresent();
        });
      });
      assertThat(queued("held")).isEmpty();
      assertThat(hop.inbox.poll(1, java.util.concurrent.TimeUnit.SECONDS)).as("a relayed report").isNull();
    }
  }

  /**
   * RFC 3461 §5.2.2: a customer's server without DSN sends no report, so the relay sends the "relayed" one a
   * recipient's NOTIFY=SUCCESS asks for (the customer with DSN above gets none from the relay).
   */
  @Test
  void aCustomerWithoutDsnMakesTheRelaySendTheRelayedReport() throws Exception {
    try (NextHop hop = new NextHop(0); RelayExample relay = relay(hop)) {
      SMTPClient client = RelayExampleTest.ehlo(relay.port());
      assertThat(client.sendCommand("MAIL FROM:<alice@example.org>")).isEqualTo(250);
      assertThat(client.sendCommand("RCPT TO:<bob@customer.example> NOTIFY=SUCCESS")).isEqualTo(250);
      assertThat(client.sendShortMessageData("Subject: tell me\r\n\r\nx\r\n")).isTrue();
      client.quit();
      client.disconnect();
      Customer customer = new Customer(AtrnRequest.of("customer.example"));
      collect(relay, customer);
      assertThat(customer.messages).hasSize(1);
      NextHop.Received report = hop.next();
      assertThat(report).isNotNull();
      assertThat(report.to()).containsExactly("alice@example.org");
      assertThat(report.content()).contains("Action: relayed")
          .contains("Final-Recipient: rfc822; bob@customer.example");
      assertThat(queued("held")).isEmpty();
    }
  }

  /** RFC 2852 §4: by-mode R cannot go to a server without DELIVERBY: returned (5.3.3), the rest collected. */
  @Test
  void byModeReturnForACustomerWithoutDeliverByIsReturnedToTheSender() throws Exception {
    try (NextHop hop = new NextHop(0); RelayExample relay = relay(hop)) {
      SMTPClient client = RelayExampleTest.ehlo(relay.port());
      assertThat(client.sendCommand("MAIL FROM:<alice@example.org> BY=3600;R")).isEqualTo(250);
      assertThat(client.addRecipient("bob@customer.example")).isTrue();
      assertThat(client.sendShortMessageData("Subject: in time\r\n\r\nx\r\n")).isTrue();
      client.quit();
      client.disconnect();
      send(relay.port(), "alice@example.org", "Subject: plain\r\n\r\ny\r\n", "bob@customer.example");
      Customer customer = new Customer(AtrnRequest.of("customer.example"));
      collect(relay, customer);
      assertThat(customer.messages).singleElement()
          .satisfies(m -> assertThat(m).endsWith("Subject: plain\r\n\r\ny\r\n"));
      NextHop.Received report = hop.next();
      assertThat(report).isNotNull();
      assertThat(report.from()).isEmpty();
      assertThat(report.to()).containsExactly("alice@example.org");
      assertThat(report.content()).contains("Action: failed\r\nStatus: 5.3.3\r\n").contains("Subject: in time");
      assertThat(queued("held")).isEmpty();
      try (Stream<Path> failed = Files.list(spool.resolve("held").resolve("failed"))) {
        assertThat(failed.filter(p -> p.toString().endsWith(".env"))).hasSize(1);
      }
    }
  }

  private RelayExample relay(NextHop hop) throws Exception {
    InetSocketAddress loopback = new InetSocketAddress("127.0.0.1", 0);
    return new RelayExample(loopback, spool, "127.0.0.1:" + hop.port(), "relay.example", FAST, loopback,
        List.of("customer:secret:customer.example", "other:pw:other.example"));
  }

  /** Submits {@code message} to the relay as it is, declared BODY=8BITMIME and SMTPUTF8. */
  private static void sendEightBit(int port, byte[] message, String to) throws IOException {
    SMTPClient client = new SMTPClient(StandardCharsets.ISO_8859_1.name()); // one char per octet
    client.setDefaultTimeout(10_000);
    client.connect("127.0.0.1", port);
    client.setSoTimeout(10_000);
    assertThat(client.sendCommand("EHLO client.example")).isEqualTo(250);
    assertThat(client.mail("<alice@example.org> BODY=8BITMIME SMTPUTF8")).as(client.getReplyString()).isEqualTo(250);
    assertThat(client.addRecipient(to)).isTrue();
    assertThat(client.sendShortMessageData(new String(message, StandardCharsets.ISO_8859_1)))
        .as(client.getReplyString()).isTrue();
    client.quit();
    client.disconnect();
  }

  private List<Path> queued(String sub) throws IOException {
    try (Stream<Path> files = Files.list(spool.resolve(sub).resolve("queue"))) {
      return files.toList();
    }
  }

  static void collect(RelayExample relay, Customer customer) throws IOException {
    BlockingClient.Builder transport = BlockingClient.builder("odmr-customer");
    customer.tls.ifPresent(transport::tls);
    try (BlockingClient client = transport.build()) {
      client.run("127.0.0.1", relay.odmrPort(), customer::session);
    }
  }

  /**
   * The customer's end: AUTH, ATRN, then an SMTP server on the same connection that keeps what it receives; with
   * {@link #tls} its client uses STARTTLS as {@link #tlsPolicy} says (RFC 3207).
   */
  static final class Customer implements SmtpHandler {
    final AtrnRequest request;
    final List<SmtpClientEvent.AtrnResult> results = new ArrayList<>();
    final List<SmtpClientEvent> openings = new ArrayList<>();
    TlsPolicy tlsPolicy = TlsPolicy.NONE;
    Optional<TlsSettings> tls = Optional.empty();
    final List<Envelope> envelopes = new ArrayList<>();
    final List<String> messages = new ArrayList<>();
    final List<byte[]> raw = new ArrayList<>();
    private final EngineEnvironment env = EngineEnvironment.system();
    private final List<SmtpExtension> extensions = new ArrayList<>(
        List.of(SmtpExtension.PIPELINING, SmtpExtension.ENHANCED_STATUS_CODES));
    private boolean asked;

    Customer(AtrnRequest request, SmtpExtension... more) {
      this.request = request;
      extensions.addAll(List.of(more));
    }

    EngineSession session(Connection connection) {
      SmtpClientConfig config = SmtpClientConfig.builder().ehloName("customer.example").tlsPolicy(tlsPolicy)
          .plaintextAuthAllowed(true).authentication(() -> SaslClientMechanisms.plain("", "customer", "secret"))
          .build();
      HandoverEngine engine = new HandoverEngine(new SmtpClient(config, env, connection.peer(false)));
      SmtpServerConfig receiving = SmtpServerConfig.builder().hostname("customer.example")
          .extensions(extensions.toArray(SmtpExtension[]::new)).build();
      return new EngineSession() {
        @Override
        public ProtocolEngine engine() {
          return engine;
        }

        @Override
        public void handleEvents() {
          if (!(engine.current() instanceof SmtpClient c)) {
            return; // the successor server answers its own events (a handler facade)
          }
          for (SmtpClientEvent e; (e = c.nextEvent()) != null; ) {
            if (e instanceof SmtpClientEvent.CapabilitiesKnown || e instanceof SmtpClientEvent.Authenticated
                || e instanceof SmtpClientEvent.Failed) {
              openings.add(e);
            }
            if (e instanceof SmtpClientEvent.Ready && !asked) {
              asked = true;
              c.atrn(request, () -> new SmtpHandlerServer(receiving, env, connection.peer(false), s -> Customer.this));
            } else if (e instanceof SmtpClientEvent.Ready) {
              c.quit();
            } else if (e instanceof SmtpClientEvent.AtrnResult r) {
              results.add(r);
            }
          }
        }
      };
    }

    @Override
    public SmtpDecision dataStart(Envelope envelope) {
      envelopes.add(envelope);
      return SmtpDecision.accept();
    }

    @Override
    public MessageSink data(Envelope envelope, ReceivedField trace) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      return new MessageSink() {
        @Override
        public void write(ByteBuffer chunk) {
          byte[] b = new byte[chunk.remaining()];
          chunk.get(b);
          bytes.writeBytes(b);
        }

        @Override
        public SmtpDecision end(ReceivedContent info) {
          messages.add(bytes.toString(StandardCharsets.UTF_8));
          raw.add(bytes.toByteArray());
          return SmtpDecision.accept();
        }

        @Override
        public void abort() {
        }
      };
    }
  }
}
