package dev.missive.examples.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.missive.dns.DnsServer;
import dev.missive.dns.JndiDnsResolver;
import dev.missive.smtp.host.MxSender;
import dev.missive.testkit.LoopbackDnsServer;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.commons.net.smtp.SMTPClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The relay delivering by MX (RFC 5321 §5.1) through {@code smtp-host}'s MX sender, with one DNS server on loopback
 * (dnsmasq, as {@code --dns HOST:PORT} gives it): a recipient whose domain's MX is the in-test next hop gets the
 * message; one whose domain has a null MX (RFC 7505) is bounced to the sender through the same MX delivery.
 */
@Timeout(60)
class RelayMxTest {

  @TempDir
  Path spool;

  @Test
  void deliversToTheMxHostAndBouncesANullMx() throws Exception {
    assumeTrue(LoopbackDnsServer.isAvailableOrFailOnCi(), "skipped: /usr/sbin/dnsmasq is not installed");
    try (LoopbackDnsServer dns = dns(); NextHop hop = new NextHop(0); RelayExample relay = relay(dns, hop)) {
      RelayExampleTest.send(relay.port(), "alice@example.org", "Subject: by MX\r\n\r\nbody\r\n",
          "bob@example.net", "carol@nomail.example");
      NextHop.Received[] got = messageThenReport(hop);
      assertThat(got[0].to()).containsExactly("bob@example.net");
      assertThat(got[0].content()).contains("Subject: by MX");
      assertThat(got[1].from()).isEmpty(); // the null reverse path of a DSN (RFC 5321 §4.5.5)
      assertThat(got[1].to()).containsExactly("alice@example.org");
      assertThat(got[1].content()).contains("carol@nomail.example").contains("null MX");
    }
  }

  /**
   * RFC 2852 §4 by MX: the MX host offers no DELIVERBY, so BY=...;N goes on without it and BY=...;R is returned to the
   * sender (5.3.3) instead of being sent without its deadline.
   */
  @Test
  void byModeNotifyGoesOnToAnMxWithoutDeliverByAndReturnIsReturned() throws Exception {
    assumeTrue(LoopbackDnsServer.isAvailableOrFailOnCi(), "skipped: /usr/sbin/dnsmasq is not installed");
    try (LoopbackDnsServer dns = dns(); NextHop hop = new NextHop(0); RelayExample relay = relay(dns, hop)) {
      SMTPClient client = RelayExampleTest.ehlo(relay.port());
      assertThat(client.sendCommand("MAIL FROM:<alice@example.org> BY=3600;N")).isEqualTo(250);
      assertThat(client.sendCommand("RCPT TO:<bob@example.net>")).isEqualTo(250);
      assertThat(client.sendShortMessageData("Subject: notify\r\n\r\nbody\r\n")).isTrue();
      assertThat(client.sendCommand("MAIL FROM:<alice@example.org> BY=3600;R")).isEqualTo(250);
      assertThat(client.sendCommand("RCPT TO:<carol@example.net>")).isEqualTo(250);
      assertThat(client.sendShortMessageData("Subject: return\r\n\r\nbody\r\n")).isTrue();
      client.quit();
      client.disconnect();
      NextHop.Received[] got = messageThenReport(hop);
      assertThat(got[0].to()).containsExactly("bob@example.net");
      assertThat(got[0].content()).contains("Subject: notify");
      assertThat(got[1].to()).containsExactly("alice@example.org");
      assertThat(got[1].content()).contains("Final-Recipient: rfc822; carol@example.net").contains("Status: 5.3.3");
      assertThat(hop.inbox.poll(1, TimeUnit.SECONDS)).isNull();
    }
  }

  /** example.net and example.org have the in-test next hop as MX, nomail.example a null MX (RFC 7505). */
  private static LoopbackDnsServer dns() throws Exception {
    return LoopbackDnsServer.builder()
        .mx("example.net", 10, "mx.example.net").address("mx.example.net", "127.0.0.1")
        .mx("example.org", 10, "mx.example.net")
        .mx("nomail.example", 0, ".").localDomain("example").start();
  }

  private RelayExample relay(LoopbackDnsServer dns, NextHop hop) throws Exception {
    MxSender mx = MxSender.builder().ehloName("relay.example").port(hop.port())
        .resolver(JndiDnsResolver.using(DnsServer.parse(dns.hostPort()))).connectTimeout(Duration.ofSeconds(5))
        .build();
    return new RelayExample(new InetSocketAddress("127.0.0.1", 0), spool, mx, "relay.example",
        RelayExampleTest.FAST, Optional.empty());
  }

  /** The next two messages the MX host gets, in any order: the one from a sender first, the report second. */
  private static NextHop.Received[] messageThenReport(NextHop hop) throws InterruptedException {
    NextHop.Received first = hop.inbox.poll(20, TimeUnit.SECONDS);
    NextHop.Received second = hop.inbox.poll(20, TimeUnit.SECONDS);
    assertThat(first).isNotNull();
    assertThat(second).isNotNull();
    return first.from().isEmpty() ? new NextHop.Received[] {second, first} : new NextHop.Received[] {first, second};
  }
}
