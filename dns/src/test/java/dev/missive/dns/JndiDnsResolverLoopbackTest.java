package dev.missive.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.missive.testkit.LoopbackDnsServer;
import java.net.DatagramSocket;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The JDK-backed resolver against a real DNS server (dnsmasq) on loopback. */
class JndiDnsResolverLoopbackTest {

  static LoopbackDnsServer server;
  static JndiDnsResolver dns;
  static final String LONG = "p=" + "A".repeat(250);

  @BeforeAll
  static void start() {
    assumeTrue(LoopbackDnsServer.isAvailableOrFailOnCi(), "skipped: dnsmasq is not installed");
    server = LoopbackDnsServer.builder()
        .txt("example.test", "v=spf1 ip4:192.0.2.0/24 -all")
        .txt("multi.example.test", "v=DKIM1; k=rsa; ", "p=abc")
        .txt("spaces.example.test", "a b", "", "c")
        // over 512 octets: the UDP answer is truncated and the provider asks again over TCP (RFC 1035 §4.2.2)
        .txt("big.example.test", LONG, LONG, LONG)
        .mx("example.test", 20, "mx2.example.test")
        .mx("example.test", 10, "mx1.example.test")
        .address("mx1.example.test", "192.0.2.10", "2001:db8::10")
        .address("mx2.example.test", "192.0.2.20")
        .ptr("10.2.0.192.in-addr.arpa", "mx1.example.test")
        .cname("alias.example.test", "mx1.example.test")
        .start();
    dns = new JndiDnsResolver(JndiDnsResolver.Options.DEFAULT
        .withServer(DnsServer.parse(server.hostPort())).withTimeout(Duration.ofSeconds(1)).withRetries(1));
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void txtRecordsKeepTheirStrings() {
    assertThat(dns.txt("example.test").records()).extracting(TxtRecord::text)
        .containsExactly("v=spf1 ip4:192.0.2.0/24 -all");
    assertThat(dns.txt("multi.example.test").records()).containsExactly(TxtRecord.of("v=DKIM1; k=rsa; ", "p=abc"));
    assertThat(dns.txt("spaces.example.test").records()).containsExactly(TxtRecord.of("a b", "", "c"));
  }

  @Test
  void truncatedAnswersAreAskedAgainOverTcp() {
    assertThat(dns.txt("big.example.test").records()).extracting(TxtRecord::text)
        .containsExactly(LONG + LONG + LONG);
  }

  @Test
  void mxAddressesAndPtr() throws Exception {
    assertThat(dns.mx("example.test").records())
        .containsExactlyInAnyOrder(new MxRecord(10, "mx1.example.test"), new MxRecord(20, "mx2.example.test"));
    assertThat(dns.a("mx1.example.test").records()).containsExactly((Inet4Address) InetAddress.getByName("192.0.2.10"));
    assertThat(dns.aaaa("mx1.example.test").records()).containsExactly((Inet6Address) InetAddress.getByName("2001:db8::10"));
    assertThat(dns.addresses("mx1.example.test").records()).hasSize(2);
    assertThat(dns.ptr(InetAddress.getByName("192.0.2.10")).records()).containsExactly("mx1.example.test");
    assertThat(dns.a("alias.example.test").records()).containsExactly((Inet4Address) InetAddress.getByName("192.0.2.10"));
  }

  @Test
  void nxdomainAndNoDataAreTold() {
    assertThat(dns.txt("nowhere.example.test")).isInstanceOf(DnsResult.NxDomain.class);
    assertThat(dns.a("nowhere.example.test")).isInstanceOf(DnsResult.NxDomain.class);
    assertThat(dns.aaaa("mx2.example.test")).isInstanceOf(DnsResult.NoData.class);
    assertThat(dns.txt("mx2.example.test")).isInstanceOf(DnsResult.NoData.class);
    assertThat(dns.mx("mx1.example.test")).isInstanceOf(DnsResult.NoData.class);
  }

  @Test
  void aServerThatDoesNotAnswerIsATemporaryFailure() throws Exception {
    try (DatagramSocket silent = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      JndiDnsResolver mute = new JndiDnsResolver(JndiDnsResolver.Options.DEFAULT
          .withServer(new DnsServer("127.0.0.1", silent.getLocalPort()))
          .withTimeout(Duration.ofMillis(100)).withRetries(0));
      assertThat(mute.txt("example.test")).isInstanceOf(DnsResult.Failure.class);
    }
  }

  @Test
  void namesThatCannotBeAskedAreHostMisuse() {
    assertThatThrownBy(() -> dns.txt("a..b")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> dns.txt("a/b\\c")).isInstanceOf(IllegalArgumentException.class);
  }
}
