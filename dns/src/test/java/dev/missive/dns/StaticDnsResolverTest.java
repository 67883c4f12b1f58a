package dev.missive.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class StaticDnsResolverTest {

  @Test
  void tellsAnswerNxdomainNoDataAndFailureApart() throws Exception {
    StaticDnsResolver dns = new StaticDnsResolver()
        .txt("example.com", "v=spf1 ", "-all")
        .address("example.com", "192.0.2.1")
        .address("example.com", "2001:db8::1")
        .mx("example.com", 10, "mx.example.com")
        .ptr(InetAddress.getByName("192.0.2.1"), "example.com")
        .fail("broken.example", "TXT");
    assertThat(dns.txt("EXAMPLE.com.").records()).extracting(TxtRecord::text).containsExactly("v=spf1 -all");
    assertThat(dns.mx("example.com").records()).containsExactly(new MxRecord(10, "mx.example.com"));
    assertThat(dns.a("example.com").records()).containsExactly((Inet4Address) InetAddress.getByName("192.0.2.1"));
    assertThat(dns.addresses("example.com").records()).hasSize(2);
    assertThat(dns.ptr(InetAddress.getByName("192.0.2.1")).records()).containsExactly("example.com");
    assertThat(dns.txt("nowhere.example")).isInstanceOf(DnsResult.NxDomain.class);
    assertThat(dns.aaaa("mx.example.com")).isInstanceOf(DnsResult.NxDomain.class);
    assertThat(dns.addresses("nowhere.example")).isInstanceOf(DnsResult.NxDomain.class);
    dns.address("v4only.example", "192.0.2.9");
    assertThat(dns.aaaa("v4only.example")).isInstanceOf(DnsResult.NoData.class);
    assertThat(dns.txt("broken.example")).isInstanceOf(DnsResult.Failure.class);
    assertThat(dns.txt("nowhere.example").isVoid()).isTrue();
    assertThat(dns.queries()).contains("TXT example.com", "TXT broken.example");
  }

  @Test
  void mapKeepsTheOutcome() {
    DnsResult<String> failure = new DnsResult.Failure<>("x");
    assertThat(failure.map(String::length)).isEqualTo(new DnsResult.Failure<Integer>("x"));
    assertThat(new DnsResult.Answer<>(List.of("ab")).map(String::length).records()).containsExactly(2);
    assertThat(new DnsResult.NoData<String>().map(String::length)).isInstanceOf(DnsResult.NoData.class);
  }
}
