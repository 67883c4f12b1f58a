package dev.missive.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class DnsNamesTest {

  @Test
  void acceptsHostNamesUnderscoreLabelsAndOneTrailingDot() {
    assertThat(DnsNames.isQueryable("example.com")).isTrue();
    assertThat(DnsNames.isQueryable("brisbane._domainkey.example.com.")).isTrue();
    assertThat(DnsNames.isQueryable("_dmarc.EXAMPLE.org")).isTrue();
    assertThat(DnsNames.isQueryable("a+b=c.example")).isTrue(); // SPF macro expansions (RFC 7208 §7.3)
    assertThat(DnsNames.normalize("Example.COM.")).isEqualTo("example.com");
  }

  @Test
  void refusesEmptyLabelsLongLabelsLongNamesAndUnsafeCharacters() {
    assertThat(DnsNames.isQueryable("")).isFalse();
    assertThat(DnsNames.isQueryable(".")).isFalse();
    assertThat(DnsNames.isQueryable("a..b")).isFalse();
    assertThat(DnsNames.isQueryable(".a")).isFalse();
    assertThat(DnsNames.isQueryable("x".repeat(64) + ".com")).isFalse();
    assertThat(DnsNames.isQueryable("x".repeat(63) + ".com")).isTrue();
    assertThat(DnsNames.isQueryable(("a".repeat(50) + ".").repeat(5) + "com")).isFalse(); // 51*5+3 > 253
    assertThat(DnsNames.isQueryable("a b.com")).isTrue(); // RFC 7208 §7.1 %_ expands to a space
    assertThat(DnsNames.isQueryable("a\\.com")).isFalse();
    assertThat(DnsNames.isQueryable("bücher.de")).isFalse(); // U-labels must be converted to A-labels first
    assertThat(DnsNames.isQueryable("a\r\n.com")).isFalse();
    assertThat(DnsNames.isQueryable(null)).isFalse();
    assertThatThrownBy(() -> DnsNames.normalize("a..b")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void reverseNamesFollowRfc1035And3596() throws Exception {
    assertThat(DnsNames.reverseName(InetAddress.getByName("192.0.2.3"))).isEqualTo("3.2.0.192.in-addr.arpa");
    // RFC 3596 §2.5's example address 4321:0:1:2:3:4:567:89ab
    assertThat(DnsNames.reverseName(InetAddress.getByName("4321:0:1:2:3:4:567:89ab")))
        .isEqualTo("b.a.9.8.7.6.5.0.4.0.0.0.3.0.0.0.2.0.0.0.1.0.0.0.0.0.0.0.1.2.3.4.ip6.arpa");
  }

  @Test
  void serversAreReadAsHostPort() {
    assertThat(DnsServer.parse("127.0.0.1:5353")).isEqualTo(new DnsServer("127.0.0.1", 5353));
    assertThat(DnsServer.parse("ns.example")).isEqualTo(new DnsServer("ns.example", 53));
    assertThat(DnsServer.parse("[::1]:5300")).isEqualTo(new DnsServer("::1", 5300));
    assertThat(DnsServer.parse("[::1]").toString()).isEqualTo("[::1]:53");
    assertThatThrownBy(() -> DnsServer.parse("::1:53")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DnsServer.parse("h:0")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DnsServer.parse("h:99999")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DnsServer.parse("h:x")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DnsServer.parse("[::1")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DnsServer.parse(":53")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void nullMxIsPreferenceZeroAndTheRoot() {
    assertThat(new MxRecord(0, ".").isNullMx()).isTrue();
    assertThat(new MxRecord(10, ".").isNullMx()).isFalse();
    assertThat(new MxRecord(0, "mx.example").isNullMx()).isFalse();
    assertThatThrownBy(() -> new MxRecord(65536, "a")).isInstanceOf(IllegalArgumentException.class);
  }
}
