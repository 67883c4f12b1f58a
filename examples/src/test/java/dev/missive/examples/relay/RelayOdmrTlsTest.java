package dev.missive.examples.relay;

import static dev.missive.examples.relay.RelayExampleTest.FAST;
import static dev.missive.examples.relay.RelayExampleTest.send;
import static dev.missive.examples.relay.RelayOdmrTest.collect;
import static org.assertj.core.api.Assertions.assertThat;

import dev.missive.examples.relay.RelayOdmrTest.Customer;
import dev.missive.smtp.AtrnRequest;
import dev.missive.smtp.client.SmtpClientEvent;
import dev.missive.smtp.server.SmtpHandlerServer;
import dev.missive.testkit.HostedEngine;
import dev.missive.testkit.EngineHost;
import dev.missive.testkit.ManualTime;
import dev.missive.testkit.TestTls;
import dev.missive.testkit.Transcript;
import dev.missive.testkit.TranscriptRunner;
import dev.missive.transport.TlsSettings;
import dev.missive.wire.ConnectionSecurity;
import dev.missive.wire.PeerInfo;
import dev.missive.wire.TlsPolicy;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ODMR port under TLS (RFC 2645 over RFC 3207's STARTTLS): a customer collects its mail inside TLS, a customer
 * that requires TLS sends no password to a port without it, and AUTH PLAIN is refused before TLS except from
 * loopback (docs/security.md, "A customer's password on the ODMR port").
 */
class RelayOdmrTlsTest {

  private static final OdmrCustomers CUSTOMERS = OdmrCustomers.parse(List.of("customer:secret:customer.example"));

  @TempDir
  Path spool;

  @Test
  void aCustomerThatRequiresTlsCollectsItsMailInsideStartTls() throws Exception {
    try (NextHop hop = new NextHop(0);
         RelayExample relay = relay(hop, Optional.of(TlsSettings.of(TestTls.serverContext())))) {
      send(relay.port(), "alice@example.org", "Subject: held\r\n\r\nfor the customer\r\n", "bob@customer.example");
      Customer customer = tlsCustomer(TlsPolicy.REQUIRED);
      collect(relay, customer);
      assertThat(customer.results).extracting(SmtpClientEvent.AtrnResult::reversed).containsExactly(true);
      assertThat(customer.messages).singleElement()
          .satisfies(m -> assertThat(m).endsWith("Subject: held\r\n\r\nfor the customer\r\n"));
      // STARTTLS offered in the clear, AUTH learned (and used) only under TLS
      assertThat(customer.openings).hasSize(3);
      assertThat(customer.openings.get(0)).isInstanceOfSatisfying(SmtpClientEvent.CapabilitiesKnown.class, k -> {
        assertThat(k.tls()).isFalse();
        assertThat(k.capabilities().toString()).contains("STARTTLS");
      });
      assertThat(customer.openings.get(1)).isInstanceOfSatisfying(SmtpClientEvent.CapabilitiesKnown.class,
          k -> assertThat(k.tls()).isTrue());
      assertThat(customer.openings.get(2)).isEqualTo(new SmtpClientEvent.Authenticated("PLAIN"));
      assertThat(held()).isEmpty();
    }
  }

  @Test
  void anOpportunisticCustomerUsesStartTlsWhenOffered() throws Exception {
    try (NextHop hop = new NextHop(0);
         RelayExample relay = relay(hop, Optional.of(TlsSettings.of(TestTls.serverContext())))) {
      send(relay.port(), "alice@example.org", "Subject: held\r\n\r\nbody\r\n", "bob@customer.example");
      Customer customer = tlsCustomer(TlsPolicy.OPPORTUNISTIC);
      collect(relay, customer);
      assertThat(customer.openings).filteredOn(SmtpClientEvent.CapabilitiesKnown.class::isInstance)
          .extracting(e -> ((SmtpClientEvent.CapabilitiesKnown) e).tls()).containsExactly(false, true);
      assertThat(customer.messages).hasSize(1);
    }
  }

  /** RFC 3207 §4 and docs/security.md item 12: no STARTTLS offered, so QUIT before AUTH; the mail stays held. */
  @Test
  void aCustomerThatRequiresTlsSendsNoPasswordToAPortWithoutIt() throws Exception {
    try (NextHop hop = new NextHop(0); RelayExample relay = relay(hop, Optional.empty())) {
      send(relay.port(), "alice@example.org", "Subject: held\r\n\r\nbody\r\n", "bob@customer.example");
      Customer customer = tlsCustomer(TlsPolicy.REQUIRED);
      collect(relay, customer);
      assertThat(customer.results).isEmpty();
      assertThat(customer.openings).noneMatch(SmtpClientEvent.Authenticated.class::isInstance)
          .anyMatch(SmtpClientEvent.Failed.class::isInstance);
      assertThat(held()).hasSize(2);
    }
  }

  /** Off loopback, before TLS: STARTTLS offered, no AUTH mechanism advertised, AUTH PLAIN refused (538). */
  @Test
  void authPlainBeforeTlsIsRefusedOffLoopback() {
    play(OdmrService.config("relay.example", CUSTOMERS, true, false), """
        S: 220 relay.example on-demand mail relay server ready
        C: EHLO customer.example
        S: 250-relay.example greets customer.example
        S: 250-ENHANCEDSTATUSCODES
        S: 250-STARTTLS
        S: 250 ATRN
        C: AUTH PLAIN AGN1c3RvbWVyAHNlY3JldA==
        S: 538 5.7.11 Encryption required for requested authentication mechanism
        C: ATRN customer.example
        S: 530 5.7.0 Authentication required
        """);
  }

  /** From loopback the same port takes AUTH PLAIN before TLS (docs/security.md, "Logins before TLS"). */
  @Test
  void authPlainBeforeTlsIsTakenFromLoopback() {
    play(OdmrService.config("relay.example", CUSTOMERS, true, true), """
        S: 220 relay.example on-demand mail relay server ready
        C: EHLO customer.example
        S: 250-relay.example greets customer.example
        S: 250-ENHANCEDSTATUSCODES
        S: 250-STARTTLS
        S: 250-AUTH PLAIN LOGIN
        S: 250 ATRN
        C: AUTH PLAIN AGN1c3RvbWVyAHNlY3JldA==
        S: 235 2.7.0 Authentication successful
        """);
  }

  private static void play(dev.missive.smtp.server.SmtpServerConfig config, String transcript) {
    PeerInfo peer = new PeerInfo("[192.0.2.7]", "odmr-test", ConnectionSecurity.PLAINTEXT);
    SmtpHandlerServer server = new SmtpHandlerServer(config, new ManualTime().fixedEnvironment(), peer,
        s -> (envelope, trace) -> {
          throw new IllegalStateException("no mail on the ODMR port");
        });
    TranscriptRunner.playServer(Transcript.parse(transcript), HostedEngine.of(server, EngineHost.none()));
  }

  private static Customer tlsCustomer(TlsPolicy policy) {
    Customer customer = new Customer(AtrnRequest.of("customer.example"));
    customer.tlsPolicy = policy;
    customer.tls = Optional.of(TlsSettings.client(TestTls.clientContext()));
    return customer;
  }

  private RelayExample relay(NextHop hop, Optional<TlsSettings> tls) throws Exception {
    InetSocketAddress loopback = new InetSocketAddress("127.0.0.1", 0);
    return new RelayExample(loopback, spool, "127.0.0.1:" + hop.port(), "relay.example", FAST, loopback,
        List.of("customer:secret:customer.example"), tls);
  }

  private List<Path> held() throws IOException {
    try (Stream<Path> files = Files.list(spool.resolve("held").resolve("queue"))) {
      return files.toList();
    }
  }
}
