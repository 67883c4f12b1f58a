package dev.missive.smtp.client;

import static dev.missive.smtp.client.ClientTranscriptTest.transcript;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.missive.sasl.SaslClientMechanisms;
import dev.missive.sasl.SaslServerMechanisms;
import dev.missive.smtp.AtrnRequest;
import dev.missive.smtp.Envelope;
import dev.missive.smtp.Reply;
import dev.missive.smtp.SmtpExtension;
import dev.missive.smtp.client.SmtpClientEvent.AtrnResult;
import dev.missive.smtp.client.SmtpClientEvent.Outcome;
import dev.missive.smtp.client.SmtpClientEvent.TransactionResult;
import dev.missive.smtp.server.ReplyText;
import dev.missive.smtp.server.ReplyTexts;
import dev.missive.smtp.server.ServerState;
import dev.missive.smtp.server.SmtpLimits;
import dev.missive.smtp.server.SmtpServer;
import dev.missive.smtp.server.SmtpServerConfig;
import dev.missive.smtp.server.SmtpServerEvent;
import dev.missive.testkit.ChunkingCheck;
import dev.missive.testkit.HostedEngine;
import dev.missive.testkit.InMemoryPair;
import dev.missive.testkit.ManualTime;
import dev.missive.testkit.Side;
import dev.missive.testkit.Transcript;
import dev.missive.testkit.TranscriptRunner;
import dev.missive.wire.ConnectionSecurity;
import dev.missive.wire.HandoverEngine;
import dev.missive.wire.PeerInfo;
import dev.missive.wire.TlsPolicy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * ATRN, On-Demand Mail Relay (RFC 2645): the provider's server hands the connection to a client engine that
 * delivers the held mail, the customer's client to a server engine that receives it, each through a
 * {@link HandoverEngine} (docs/architecture.md, "Role reversal").
 *
 * <p>The two transcripts {@code rfc2645-example.txt} are RFC 2645 §6's example session with the RFC's own lines,
 * checked against the RFC's text, and these deliberate differences:
 * <ul>
 *   <li>the CRAM-MD5 challenge: the RFC's {@code MTg5Ni42OTcxNzA5NTJASVNQLkNPTQo=} decodes to
 *       {@code 1896.697170952@ISP.COM} and a line feed, not the msg-id form RFC 2195 §2 requires (the server's
 *       mechanism refuses to issue it); the transcripts keep its text as {@code <1896.697170952@ISP.COM>};
 *   <li>the customer's CRAM-MD5 response: the RFC's decodes to {@code foobar.net b913a602c7eda7a495b4e6e7334d3890}
 *       and a line feed, which is RFC 2195 §2's example digest (user "tim", another challenge), for a user other than
 *       the one its 235 names, so no secret verifies it; the transcripts answer as {@code example.org} with the
 *       secret {@code two-way-mail}, and the RFC's 235 line follows unchanged;
 *   <li>the provider's side only: its EHLO offers {@code AUTH CRAM-MD5} without the RFC's {@code EXTERNAL} (no
 *       EXTERNAL mechanism is configured), and its client writes {@code MAIL FROM:<…>} and {@code RCPT TO:<…>}
 *       without the RFC's space after the colon (RFC 5321 §4.1.2); the customer's side feeds the RFC's lines as
 *       written, space included, which its server tolerates;
 *   <li>a short message with DATA stands where the RFC writes "...".
 * </ul>
 */
class OdmrTest {

  private static final String BODY = "Subject: held for you\r\n\r\nCollected on demand.\r\n";
  private static final PeerInfo PEER = new PeerInfo("[192.0.2.1]", "s1", ConnectionSecurity.PLAINTEXT);

  /** The customer's CRAM-MD5 secret, the one the transcripts' response is computed with. */
  private static final String SECRET = "two-way-mail";

  /** The provider's ODMR port (RFC 2645 §4): AUTH CRAM-MD5 (RFC 2645 §5.1.2) and ATRN, as in RFC 2645 §6. */
  static SmtpServerConfig provider() {
    return SmtpServerConfig.builder().hostname("EXAMPLE.NET").greeting("on-demand mail relay server ready")
        .texts(ReplyTexts.DEFAULT.with(ReplyText.EHLO_GREETING, "{host}")
            .with(ReplyText.AUTHENTICATION_SUCCEEDED, "now authenticated as example.org"))
        .enhancedStatusCodes(false).extensions(SmtpExtension.AUTH, SmtpExtension.ATRN)
        .authMechanisms(SaslServerMechanisms.builder()
            .cramMd5(user -> user.equals("example.org")
                ? Optional.of(SECRET.getBytes(StandardCharsets.UTF_8)) : Optional.empty())
            .cramMd5Challenges(() -> "<1896.697170952@ISP.COM>").build()).build();
  }

  /** The customer's server in the reversed roles, as in RFC 2645 §6. */
  static SmtpServerConfig customer() {
    return SmtpServerConfig.builder().hostname("example.org").greeting("ready to receive email")
        .texts(ReplyTexts.DEFAULT.with(ReplyText.EHLO_GREETING, "{host}")
            .with(ReplyText.CLOSING, "{host} closing connection"))
        .enhancedStatusCodes(false).extensions(SmtpExtension.SIZE)
        .limits(SmtpLimits.builder().maxMessageSize(Long.MAX_VALUE).build()).build();
  }

  static SmtpClientConfig customerClient() {
    return SmtpClientConfig.builder().ehloName("example.org").tlsPolicy(TlsPolicy.NONE).plaintextAuthAllowed(true)
        .authentication(() -> SaslClientMechanisms.cramMd5("example.org", SECRET)).build();
  }

  static SmtpClientConfig providerClient() {
    return SmtpClientConfig.builder().ehloName("EXAMPLE.NET").tlsPolicy(TlsPolicy.NONE).build();
  }

  /** The provider's host: holds one message for example.org and releases it to the customer who authenticated. */
  static ReversingHost providerHost(ManualTime time, SendingHost delivery) {
    AcceptingServerHost server = new AcceptingServerHost().onAtrn(atrn -> {
      Set<String> own = Set.of("example.org", "example.com");
      if (!atrn.authentication().authorizationId().equals("example.org")
          || !own.containsAll(atrn.request().domains())) {
        return atrn.refused();
      }
      return atrn.reverse(new SmtpClient(providerClient(), time.environment(3), PEER));
    });
    return new ReversingHost(server, delivery);
  }

  static SendingHost heldMail() {
    return new SendingHost().message(Envelope.of("Lester.Tester@dot.foo.bar", "l.eva.msg@example.com"), BODY);
  }

  /** The customer's host: asks for its mail, then receives it with {@code receiving}. */
  static ReversingHost customerHost(ManualTime time, AcceptingServerHost receiving, SendingHost asking) {
    return new ReversingHost(receiving, asking);
  }

  static AcceptingServerHost receiving() {
    return new AcceptingServerHost(e -> e instanceof SmtpServerEvent.RcptTo
        ? Reply.of(250, "OK, recipient accepted") : null);
  }

  static SendingHost asking(ManualTime time, AtrnRequest request) {
    return new SendingHost().stayIdle().atrnFirst(request,
        () -> new SmtpServer(customer(), time.environment(4), PEER));
  }

  static Transcript providerTranscript() {
    return Transcript.resource(OdmrTest.class::getResourceAsStream, "smtp/server/rfc2645-example.txt");
  }

  @Test
  void rfc2645ExampleFromTheProvidersSide() {
    Supplier<HostedEngine<HandoverEngine>> engines = () -> {
      ManualTime time = new ManualTime();
      return HostedEngine.of(new HandoverEngine(new SmtpServer(provider(), time.environment(), PEER)),
          providerHost(time, heldMail()), time);
    };
    ManualTime time = new ManualTime();
    SendingHost delivery = heldMail();
    HandoverEngine engine = new HandoverEngine(new SmtpServer(provider(), time.environment(), PEER));
    TranscriptRunner.playServer(providerTranscript(), HostedEngine.of(engine,
        providerHost(time, delivery), time));
    assertThat(engine.handovers()).isEqualTo(1);
    assertThat(engine.current()).isInstanceOf(SmtpClient.class);
    TransactionResult result = delivery.events(TransactionResult.class).get(0);
    assertThat(result.outcome()).isEqualTo(Outcome.ACCEPTED);
    assertThat(result.recipients().get(0).reply().text()).isEqualTo("OK, recipient accepted");
    ChunkingCheck.of(providerTranscript(), Side.SERVER, engines).assertIndependent(10);
  }

  @Test
  void rfc2645ExampleFromTheCustomersSide() {
    ManualTime time = new ManualTime();
    AcceptingServerHost receiving = receiving();
    SendingHost asking = asking(time, AtrnRequest.of("example.org", "example.com"));
    HandoverEngine engine = new HandoverEngine(new SmtpClient(customerClient(), time.environment(), PEER));
    TranscriptRunner.playClient(transcript("rfc2645-example.txt"), HostedEngine.of(engine,
        customerHost(time, receiving, asking), time));
    assertThat(asking.events(AtrnResult.class)).singleElement().satisfies(r -> assertThat(r.reversed()).isTrue());
    assertThat(receiving.messages()).extracting(m -> new String(m, StandardCharsets.UTF_8)).containsExactly(BODY);
    ChunkingCheck.of(transcript("rfc2645-example.txt"), Side.CLIENT, () -> {
      ManualTime t = new ManualTime();
      return HostedEngine.of(new HandoverEngine(new SmtpClient(customerClient(), t.environment(), PEER)),
          customerHost(t, receiving(), asking(t, AtrnRequest.of("example.org", "example.com"))), t);
    }).assertIndependent(10);
  }

  @Test
  void customerAgainstProviderInMemory() {
    ManualTime time = new ManualTime();
    SendingHost delivery = heldMail();
    AcceptingServerHost receiving = receiving();
    SendingHost asking = asking(time, AtrnRequest.of());
    HandoverEngine provider = new HandoverEngine(new SmtpServer(provider(), time.environment(1), PEER));
    HandoverEngine customer = new HandoverEngine(new SmtpClient(customerClient(), time.environment(2),
        PEER));
    new InMemoryPair<>(HostedEngine.of(customer, customerHost(time, receiving, asking), time),
        HostedEngine.of(provider, providerHost(time, delivery), time), time).drive();
    assertThat(receiving.messages()).extracting(m -> new String(m, StandardCharsets.UTF_8)).containsExactly(BODY);
    assertThat(delivery.events(TransactionResult.class)).singleElement()
        .satisfies(t -> assertThat(t.outcome()).isEqualTo(Outcome.ACCEPTED));
    assertThat(provider.current()).isInstanceOf(SmtpClient.class).matches(ProtocolEngineClosed::closed);
    assertThat(customer.current()).isInstanceOf(SmtpServer.class).matches(ProtocolEngineClosed::closed);
  }

  @Test
  void aDomainThatIsNotTheCustomersIsRefusedAndTheSessionGoesOn() {
    ManualTime time = new ManualTime();
    SendingHost asking = asking(time, AtrnRequest.of("example.org", "someone-else.example"));
    HandoverEngine provider = new HandoverEngine(new SmtpServer(provider(), time.environment(1), PEER));
    HandoverEngine customer = new HandoverEngine(new SmtpClient(customerClient(), time.environment(2),
        PEER));
    new InMemoryPair<>(HostedEngine.of(customer, customerHost(time, receiving(), asking), time),
        HostedEngine.of(provider, providerHost(time, heldMail()), time), time).drive();
    AtrnResult result = asking.events(AtrnResult.class).get(0);
    assertThat(result.reversed()).isFalse();
    assertThat(result.reply().get().code()).isEqualTo(450);
    assertThat(provider.handovers()).isZero();
    assertThat(((SmtpClient) customer.current()).state()).isEqualTo(SmtpClientState.READY);
  }

  /** Reads whether an engine closed, for AssertJ's matches. */
  private static final class ProtocolEngineClosed {
    static boolean closed(Object engine) {
      return ((dev.missive.wire.ProtocolEngine) engine).isClosed();
    }
  }

  @Test
  void aProviderThatSpeaksAfterItsReplyFailsTheCustomer() {
    SmtpClient client = new SmtpClient(providerClient(), new ManualTime().fixedEnvironment(), PEER);
    List<SmtpClientEvent> events = new ArrayList<>();
    feed(client, "220 odmr.example.net ready\r\n", events);
    feed(client, "250-odmr.example.net\r\n250 ATRN\r\n", events);
    assertThat(events).anyMatch(SmtpClientEvent.Ready.class::isInstance);
    client.atrn(AtrnRequest.of("example.org"), () -> new SmtpServer(customer(), new ManualTime().fixedEnvironment(), PEER));
    feed(client, "250 OK now reversing the connection\r\nEHLO EXAMPLE.NET\r\n", events);
    assertThat(events).anyMatch(e -> e instanceof SmtpClientEvent.Failed f && f.reason().contains("RFC 2645 §5.3"));
    assertThat(client.isClosed()).isTrue();
  }

  /** Feeds {@code text} as one read, taking the events as a host does, and drains what the client writes. */
  private static void feed(SmtpClient client, String text, List<SmtpClientEvent> events) {
    java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII));
    java.nio.ByteBuffer out = java.nio.ByteBuffer.allocate(4096);
    do {
      if (!client.isClosed() && client.wantsInput()) {
        client.receive(in);
      }
      for (SmtpClientEvent e; (e = client.nextEvent()) != null; ) {
        events.add(e);
      }
      while (client.hasOutput()) {
        out.clear();
        client.drainOutput(out);
      }
    } while (in.hasRemaining() && !client.isClosed() && client.wantsInput());
  }

  @Test
  void notOfferedIsNotSent() {
    SmtpClient client = new SmtpClient(customerClient(), new ManualTime().fixedEnvironment());
    assertThatThrownBy(() -> client.atrn(AtrnRequest.of(), () -> null)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> AtrnRequest.of("localname")).isInstanceOf(IllegalArgumentException.class);
    assertThat(AtrnRequest.parse("a.example,b.example")).isEqualTo(AtrnRequest.of("a.example", "b.example"));
    assertThat(AtrnRequest.parse("a.example,")).isNull();
    assertThat(AtrnRequest.parse("")).isEqualTo(AtrnRequest.of());
    assertThat(ServerState.REVERSED).isNotNull();
  }
}
