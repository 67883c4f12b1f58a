package dev.missive.mailauth.spf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missive.dns.StaticDnsResolver;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** RFC 7208 Appendix A: the example zone and the records of A.1, each for the clients the RFC names. */
class SpfAppendixATest {

  static StaticDnsResolver zone(String record) throws Exception {
    StaticDnsResolver dns = new StaticDnsResolver()
        .txt("example.com", record)
        .address("example.com", "192.0.2.10").address("example.com", "192.0.2.11")
        .address("amy.example.com", "192.0.2.65").address("bob.example.com", "192.0.2.66")
        .address("mail-a.example.com", "192.0.2.129").address("mail-b.example.com", "192.0.2.130")
        .address("mail-c.example.org", "192.0.2.140")
        .mx("example.com", 10, "mail-a.example.com").mx("example.com", 20, "mail-b.example.com")
        .mx("example.org", 10, "mail-c.example.org");
    for (String[] p : new String[][] {{"192.0.2.10", "example.com"}, {"192.0.2.11", "example.com"},
        {"192.0.2.65", "amy.example.com"}, {"192.0.2.66", "bob.example.com"},
        {"192.0.2.129", "mail-a.example.com"}, {"192.0.2.130", "mail-b.example.com"},
        {"192.0.2.140", "mail-c.example.org"}, {"10.0.0.4", "bob.example.com"}}) {
      dns.ptr(InetAddress.getByName(p[0]), p[1]);
    }
    return dns;
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "v=spf1 +all | 192.0.2.10 192.0.2.200 10.0.0.4 | ",
      "v=spf1 a -all | 192.0.2.10 192.0.2.11 | 192.0.2.65 192.0.2.129",
      "v=spf1 a:example.org -all | | 192.0.2.10 192.0.2.140",
      "v=spf1 mx -all | 192.0.2.129 192.0.2.130 | 192.0.2.10 192.0.2.140",
      "v=spf1 mx:example.org -all | 192.0.2.140 | 192.0.2.129",
      "v=spf1 mx mx:example.org -all | 192.0.2.129 192.0.2.130 192.0.2.140 | 192.0.2.10",
      "v=spf1 mx/30 mx:example.org/30 -all | 192.0.2.128 192.0.2.131 192.0.2.143 | 192.0.2.132 192.0.2.139",
      "v=spf1 ptr -all | 192.0.2.10 192.0.2.65 192.0.2.130 | 192.0.2.140 10.0.0.4",
      "v=spf1 ip4:192.0.2.128/28 -all | 192.0.2.128 192.0.2.143 | 192.0.2.127 192.0.2.144",
  })
  void appendixA1(String record, String passing, String failing) throws Exception {
    SpfChecker checker = new SpfChecker(zone(record), SpfChecker.Options.DEFAULT);
    for (String ip : split(passing)) {
      assertThat(checker.checkMailFrom(InetAddress.getByName(ip), "a@example.com", "h.example.com").status())
          .as(record + " for " + ip).isEqualTo(SpfResult.Status.PASS);
    }
    for (String ip : split(failing)) {
      assertThat(checker.checkMailFrom(InetAddress.getByName(ip), "a@example.com", "h.example.com").status())
          .as(record + " for " + ip).isEqualTo(SpfResult.Status.FAIL);
    }
  }

  private static List<String> split(String s) {
    return s == null || s.isBlank() ? List.of() : List.of(s.trim().split(" +"));
  }

  @Test
  void includeLoopsStopAtTheLookupLimit() throws Exception {
    StaticDnsResolver dns = new StaticDnsResolver()
        .txt("loop.example", "v=spf1 include:loop.example -all")
        .txt("a.example", "v=spf1 include:b.example -all")
        .txt("b.example", "v=spf1 include:a.example -all");
    SpfChecker checker = new SpfChecker(dns, SpfChecker.Options.DEFAULT);
    SpfResult r = checker.checkMailFrom(InetAddress.getByName("192.0.2.1"), "x@loop.example", "h.example");
    assertThat(r.status()).isEqualTo(SpfResult.Status.PERMERROR);
    assertThat(checker.checkMailFrom(InetAddress.getByName("192.0.2.1"), "x@a.example", "h.example").status())
        .isEqualTo(SpfResult.Status.PERMERROR);
    assertThat(dns.queries().size()).isLessThan(30);
  }

  @Test
  void voidLookupsPastTwoArePermanentErrors() throws Exception {
    StaticDnsResolver dns = new StaticDnsResolver()
        .txt("void.example", "v=spf1 a:n1.void.example a:n2.void.example a:n3.void.example -all");
    SpfResult r = new SpfChecker(dns, SpfChecker.Options.DEFAULT)
        .checkMailFrom(InetAddress.getByName("192.0.2.1"), "x@void.example", "h.example");
    assertThat(r.status()).isEqualTo(SpfResult.Status.PERMERROR);
    assertThat(r.reason()).contains("void");
  }

  @Test
  void macrosExpandAsSection74Shows() throws Exception {
    MacroContext ctx = new MacroContext(InetAddress.getByName("192.0.2.3"), "strong-bad@email.example.com",
        "email.example.com", "mx.example.org", "unknown", 0, () -> "unknown");
    assertThat(MacroString.parse("%{s}", false).expand(ctx)).isEqualTo("strong-bad@email.example.com");
    assertThat(MacroString.parse("%{o}", false).expand(ctx)).isEqualTo("email.example.com");
    assertThat(MacroString.parse("%{d4}", false).expand(ctx)).isEqualTo("email.example.com");
    assertThat(MacroString.parse("%{d2}", false).expand(ctx)).isEqualTo("example.com");
    assertThat(MacroString.parse("%{dr}", false).expand(ctx)).isEqualTo("com.example.email");
    assertThat(MacroString.parse("%{d2r}", false).expand(ctx)).isEqualTo("example.email");
    assertThat(MacroString.parse("%{l}", false).expand(ctx)).isEqualTo("strong-bad");
    assertThat(MacroString.parse("%{l-}", false).expand(ctx)).isEqualTo("strong.bad");
    assertThat(MacroString.parse("%{lr}", false).expand(ctx)).isEqualTo("strong-bad");
    assertThat(MacroString.parse("%{lr-}", false).expand(ctx)).isEqualTo("bad.strong");
    assertThat(MacroString.parse("%{l1r-}", false).expand(ctx)).isEqualTo("strong");
    assertThat(MacroString.parse("%{ir}.%{v}._spf.%{d2}", false).expand(ctx))
        .isEqualTo("3.2.0.192.in-addr._spf.example.com");
    assertThat(MacroString.parse("%{lr-}.lp._spf.%{d2}", false).expand(ctx)).isEqualTo("bad.strong.lp._spf.example.com");
    MacroContext v6 = new MacroContext(InetAddress.getByName("2001:db8::cb01"), "strong-bad@email.example.com",
        "email.example.com", "mx.example.org", "unknown", 0, () -> "unknown");
    assertThat(MacroString.parse("%{ir}.%{v}._spf.%{d2}", false).expand(v6)).isEqualTo(
        "1.0.b.c.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6._spf.example.com");
  }
}
