package dev.missive.mailauth.spf;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.missive.dns.StaticDnsResolver;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * Fuzz target for SPF's {@code check_host()} (RFC 7208 §4) over a zone whose records come from the input: four
 * names with TXT records (mostly {@code v=spf1} with terms that include, redirect to or look up each other, and
 * some noise), MX records between them and a few addresses. Whatever the records, the check ends with one of
 * the seven results, and the DNS queries it makes stay within what §4.6.4's limits allow (10 querying terms, each
 * {@code mx} or {@code ptr} at most 10 names looked up for A and AAAA, plus the first look-up, {@code exp=} and
 * the void look-ups): include and redirect loops end in {@code permerror}, never in a hang (docs/security.md,
 * "SPF include loops and look-up floods").
 */
class SpfFuzzTest {

  private static final String[] NAMES = {"example.com", "a.example.com", "b.example.com", "c.example.com"};
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

  private static final String[] TERMS = {"include:%s", "redirect=%s", "a", "a:%s/24", "mx", "mx:%s//64", "ptr",
      "ptr:%s", "exists:%{i}.%s", "exists:%{l1r-}.%{d2}.%s", "ip4:192.0.2.0/24", "ip6:2001:db8::/32", "-all",
      "~all", "?all", "+all", "exp=%s", "exp=%{h}.%s", "include:%{o}"};

  /** Mostly {@code v=spf1} and terms naming the zone's own names (so includes and redirects can loop), some noise. */
  private static String record(FuzzedDataProvider data) {
    if (data.consumeInt(0, 7) == 0) {
      return data.consumeString(120);
    }
    StringBuilder b = new StringBuilder("v=spf1");
    for (int terms = data.consumeInt(0, 8); terms > 0; terms--) {
      b.append(' ');
      if (data.consumeInt(0, 5) == 0) {
        b.append(data.consumeString(30));
      } else {
        b.append(data.pickValue(TERMS).replace("%s", data.pickValue(NAMES)));
      }
    }
    return b.toString();
  }

  @FuzzTest
  void checkHostEndsWithinItsLimits(FuzzedDataProvider data) throws UnknownHostException {
    StaticDnsResolver dns = new StaticDnsResolver();
    for (String name : NAMES) {
      int records = data.consumeInt(0, 2);
      for (int i = 0; i < records; i++) {
        dns.txt(name, record(data));
      }
      if (data.consumeBoolean()) {
        dns.mx(name, data.consumeInt(0, 20), data.pickValue(NAMES));
      }
      if (data.consumeBoolean()) {
        dns.address(name, data.consumeBoolean() ? "192.0.2." + data.consumeInt(0, 255) : "2001:db8::1");
      }
    }
    InetAddress ip = InetAddress.getByName(data.consumeBoolean() ? "192.0.2.1" : "2001:db8::1");
    String sender = data.consumeString(64) + "@" + data.pickValue(NAMES);
    SpfChecker.Options options = new SpfChecker.Options(10, 2, 10, "mx.example.org", CLOCK);

    SpfResult result = new SpfChecker(dns, options).checkHost(ip, data.pickValue(NAMES), sender, "helo.example");

    assertThat(result.status()).isNotNull();
    int bound = 1 + options.maxDnsTerms() * (1 + 2 * options.maxNames()) + 1 + options.maxVoidLookups();
    assertThat(dns.queries().size()).as("queries for %s", result).isLessThanOrEqualTo(bound);
  }
}
