package dev.missive.smtp.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.missive.dns.DnsServer;
import dev.missive.dns.JndiDnsResolver;
import dev.missive.smtp.Envelope;
import dev.missive.smtp.Recipient;
import dev.missive.smtp.Reply;
import dev.missive.smtp.SmtpExtension;
import dev.missive.smtp.server.SmtpServerConfig;
import dev.missive.testkit.LoopbackDnsServer;
import dev.missive.testkit.TestTls;
import dev.missive.transport.TlsSettings;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * MX delivery (RFC 5321 §5.1) against a real DNS server on loopback (dnsmasq) and the library's SMTP listeners as the
 * MX hosts, on 127.0.0.2, .3 and .4 with one port: the lower preference first; the next host after a 4xx reply and
 * after a refused connection (127.0.0.5 listens to nothing); the domain's own address without MX records; a null MX
 * (RFC 7505) and a domain that does not exist as permanent failures; an internationalised domain looked up in A-labels;
 * SMTPUTF8 content refused for an MX without SMTPUTF8 (RFC 6531 §3.5); opportunistic TLS with the test's certificate
 * (which the sender does not trust, RFC 7435) and a policy requiring verification that makes that host fail.
 */
@Timeout(120)
class MxSenderDnsTest {

  static LoopbackDnsServer dns;
  static int port;
  static final Mailroom MAILROOM = new Mailroom();
  static final List<AutoCloseable> LISTENERS = new ArrayList<>();
  static final byte[] MESSAGE = "Subject: by MX\r\n\r\nhello\r\n".getBytes(StandardCharsets.US_ASCII);

  @BeforeAll
  static void start() throws Exception {
    assumeTrue(LoopbackDnsServer.isAvailableOrFailOnCi(), "skipped: /usr/sbin/dnsmasq is not installed");
    dns = LoopbackDnsServer.builder()
        .mx("two.test", 20, "mx2.two.test")
        .mx("two.test", 10, "mx1.two.test")
        .address("mx1.two.test", "127.0.0.2")
        .address("mx2.two.test", "127.0.0.3")
        .mx("busy.test", 10, "mx.busy.test")
        .mx("busy.test", 20, "mx2.two.test")
        .address("mx.busy.test", "127.0.0.4")
        .mx("refused.test", 5, "dead.refused.test")
        .mx("refused.test", 50, "mx2.two.test")
        .address("dead.refused.test", "127.0.0.5")
        .address("implicit.test", "127.0.0.3")
        .mx("nullmx.test", 0, ".")
        .mx("xn--bcher-kva.test", 10, "mx1.two.test")
        .mx("ascii-only.test", 10, "mx.ascii-only.test")
        .address("mx.ascii-only.test", "127.0.0.6")
        .mx("verified.test", 10, "localhost") // the name the test certificate carries
        .address("localhost", "127.0.0.2")
        .localDomain("test")
        .start();
    for (int attempt = 0; port == 0 && attempt < 20; attempt++) {
      int candidate;
      try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.2"))) {
        candidate = probe.getLocalPort();
      }
      try {
        listen("mx1", "127.0.0.2", candidate, null, true);
        listen("mx2", "127.0.0.3", candidate, null, true);
        listen("busy", "127.0.0.4", candidate, Reply.of(451, "4.3.2", "try again later"), true);
        listen("ascii", "127.0.0.6", candidate, null, false);
        port = candidate;
      } catch (IOException taken) {
        stopListeners();
      }
    }
    assertThat(port).as("a port free on 127.0.0.2-6").isPositive();
  }

  private static void listen(String name, String address, int p, Reply refusal, boolean smtpUtf8) throws IOException {
    List<SmtpExtension> extensions = new ArrayList<>(SmtpServerConfig.DEFAULT_EXTENSIONS);
    if (!smtpUtf8) {
      extensions.remove(SmtpExtension.SMTPUTF8);
    }
    LISTENERS.add(SmtpListener.builder(name + ".test", MAILROOM.refusing(name, refusal))
        .config(SmtpServerConfig.defaults(name + ".test").toBuilder()
            .extensions(extensions.toArray(SmtpExtension[]::new)).build())
        .address(InetAddress.getByName(address)).port(p)
        .tls(TlsSettings.of(TestTls.serverContext()))
        .start());
  }

  private static void stopListeners() throws Exception {
    for (AutoCloseable l : LISTENERS) {
      l.close();
    }
    LISTENERS.clear();
  }

  @AfterAll
  static void stop() throws Exception {
    stopListeners();
    if (dns != null) {
      dns.close();
    }
  }

  @BeforeEach
  void clear() {
    MAILROOM.delivered.clear();
  }

  private static MxSender sender(MxTlsPolicy policy) {
    return MxSender.builder().ehloName("sender.test").port(port).connectTimeout(Duration.ofSeconds(5))
        .resolver(resolver()).tlsPolicy(policy).trust(TestTls.clientContext()).build();
  }

  private static JndiDnsResolver resolver() {
    return new JndiDnsResolver(JndiDnsResolver.Options.DEFAULT.withServer(DnsServer.parse(dns.hostPort()))
        .withTimeout(Duration.ofSeconds(2)).withRetries(1));
  }

  private static RecipientResult only(SendResult result) {
    assertThat(result.recipients()).hasSize(1);
    return result.recipients().get(0);
  }

  @Test
  void theLowestPreferenceTakesTheMessageOverOpportunisticTls() {
    SendResult result = sender(MxTlsPolicy.OPPORTUNISTIC)
        .send(Envelope.of("a@sender.test", "bob@two.test"), MessageContent.of(MESSAGE));
    assertThat(only(result).status()).as(result.toString()).isEqualTo(DeliveryStatus.DELIVERED);
    assertThat(only(result).host()).contains("mx1.two.test");
    assertThat(MAILROOM.delivered).singleElement().satisfies(d -> {
      assertThat(d.listener()).isEqualTo("mx1");
      assertThat(d.tls()).as("STARTTLS, certificate not checked (RFC 7435)").isTrue();
      assertThat(d.content()).endsWith(MESSAGE);
    });
  }

  @Test
  void aTemporaryFailureAndARefusedConnectionMoveOnToTheNextHost() {
    MxSender mx = sender(MxTlsPolicy.OPPORTUNISTIC);
    SendResult busy = mx.send(Envelope.of("a@sender.test", "bob@busy.test"), MessageContent.of(MESSAGE));
    assertThat(only(busy).status()).as(busy.toString()).isEqualTo(DeliveryStatus.DELIVERED);
    assertThat(only(busy).host()).contains("mx2.two.test");
    SendResult refused = mx.send(Envelope.of("a@sender.test", "bob@refused.test"), MessageContent.of(MESSAGE));
    assertThat(only(refused).status()).as(refused.toString()).isEqualTo(DeliveryStatus.DELIVERED);
    assertThat(MAILROOM.listeners()).containsExactly("mx2", "mx2");
  }

  @Test
  void withoutMxTheDomainItselfAndNullMxOrNxdomainArePermanent() {
    MxSender mx = sender(MxTlsPolicy.OPPORTUNISTIC);
    SendResult result = mx.send(Envelope.of("a@sender.test", "x@implicit.test", "y@nullmx.test", "z@nowhere.test"),
        MessageContent.of(MESSAGE));
    assertThat(result.recipients()).extracting(RecipientResult::status).containsExactly(DeliveryStatus.DELIVERED,
        DeliveryStatus.PERMANENT_FAILURE, DeliveryStatus.PERMANENT_FAILURE);
    assertThat(result.recipients().get(1).detail()).contains("null MX");
    assertThat(result.recipients().get(2).detail()).contains("NXDOMAIN");
    assertThat(MAILROOM.listeners()).containsExactly("mx2");
  }

  @Test
  void anInternationalisedDomainIsLookedUpInALabelsAndUtf8NeedsSmtpUtf8() {
    MxSender mx = sender(MxTlsPolicy.OPPORTUNISTIC);
    SendResult idn = mx.send(Envelope.of("a@sender.test", "leser@b\u00fccher.test"), MessageContent.of(MESSAGE));
    assertThat(only(idn).status()).as(idn.toString()).isEqualTo(DeliveryStatus.DELIVERED);
    assertThat(only(idn).host()).contains("mx1.two.test");
    byte[] utf8 = "Subject: gr\u00fc\u00dfe\r\n\r\nhallo\r\n".getBytes(StandardCharsets.UTF_8);
    SendResult refused = mx.send(Envelope.of("a@sender.test", "bob@ascii-only.test"), MessageContent.of(utf8));
    assertThat(only(refused).status()).as(refused.toString()).isEqualTo(DeliveryStatus.PERMANENT_FAILURE);
    assertThat(only(refused).detail()).contains("SMTPUTF8");
    assertThat(MAILROOM.listeners()).containsExactly("mx1");
  }

  static final String README = """
      MxSender mx = MxSender.builder().ehloName("mta.example.org").build();           // the system's DNS, port 25
      SendResult result = mx.send(Envelope.of("tim@example.org", "alice@example.net", "bob@example.com"),
          MessageContent.of(Path.of("message.eml")));
      for (RecipientResult r : result.temporaryFailures()) {
        retryLater(r.recipient());                                    // 4xx, or no MX host reachable (RFC 5321 §4.5.4.1)
      }
      """;

  @Test
  void theReadmeMxLinesDeliver(@TempDir Path dir) throws Exception {
    assertThat(Files.readString(Path.of("../README.md"))).contains(README);
    Path message = dir.resolve("message.eml");
    Files.write(message, MESSAGE);
    // the README's lines; the resolver, port, domains and file differ only to reach the test's DNS and listeners
    MxSender mx = MxSender.builder().ehloName("mta.example.org").resolver(resolver()).port(port).build();
    SendResult result = mx.send(Envelope.of("tim@example.org", "alice@two.test", "bob@nowhere-at-all.test"),
        MessageContent.of(message));
    for (RecipientResult r : result.temporaryFailures()) {
      retryLater(r.recipient());                                    // 4xx, or no MX host reachable (RFC 5321 §4.5.4.1)
    }
    assertThat(result.recipients()).extracting(RecipientResult::status)
        .containsExactly(DeliveryStatus.DELIVERED, DeliveryStatus.PERMANENT_FAILURE);
    assertThat(retried).isEmpty();
  }

  private final List<Recipient> retried = new ArrayList<>();

  private void retryLater(Recipient recipient) {
    retried.add(recipient);
  }

  @Test
  void aPolicyRequiringVerificationChecksTheMxNameAndFailsAHostWhoseCertificateDoesNotNameIt() {
    MxSender verifying = sender((domain, host) -> MxTlsPolicy.Requirement.VERIFIED);
    // the test certificate names localhost, not mx1.two.test: verification fails there (RFC 8461 §4.2)
    SendResult result = verifying.send(Envelope.of("a@sender.test", "bob@two.test"), MessageContent.of(MESSAGE));
    assertThat(only(result).status()).as(result.toString()).isEqualTo(DeliveryStatus.TEMPORARY_FAILURE);
    assertThat(MAILROOM.delivered).isEmpty();
    // an MX named localhost at 127.0.0.2: the certificate is checked against that name, sent as SNI, and passes
    SendResult verified = verifying.send(Envelope.of("a@sender.test", "bob@verified.test"), MessageContent.of(MESSAGE));
    assertThat(only(verified).status()).as(verified.toString()).isEqualTo(DeliveryStatus.DELIVERED);
    assertThat(MAILROOM.delivered).singleElement().satisfies(d -> assertThat(d.tls()).isTrue());
    MAILROOM.delivered.clear();
    SendResult skipped = sender((domain, host) -> host.equals("mx1.two.test") ? MxTlsPolicy.Requirement.SKIP_HOST
        : MxTlsPolicy.Requirement.OPPORTUNISTIC)
        .send(Envelope.of("a@sender.test", "bob@two.test"), MessageContent.of(MESSAGE));
    assertThat(only(skipped).host()).contains("mx2.two.test");
  }
}
