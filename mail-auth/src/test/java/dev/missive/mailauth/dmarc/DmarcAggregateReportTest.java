package dev.missive.mailauth.dmarc;

import static dev.missive.mailauth.dmarc.DmarcVerifierTest.dkim;
import static dev.missive.mailauth.dmarc.DmarcVerifierTest.spf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.missive.dns.StaticDnsResolver;
import dev.missive.mailauth.dkim.DkimResult;
import dev.missive.mailauth.dmarc.DmarcRecord.Policy;
import dev.missive.mailauth.dmarc.DmarcReportRecord.OverrideType;
import dev.missive.mailauth.dmarc.DmarcReportRecord.PolicyOverride;
import dev.missive.mailauth.spf.SpfResult;
import dev.missive.message.header.HeaderField;
import java.net.InetAddress;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Aggregate-report records (RFC 7489 §7.2) and the XML of Appendix C. */
class DmarcAggregateReportTest {

  private final StaticDnsResolver dns = new StaticDnsResolver()
      .txt("_dmarc.example.com", "v=DMARC1; p=quarantine; sp=reject; adkim=s; pct=50; fo=1; "
          + "rua=mailto:dmarc-feedback@example.com");
  private int percentile = 0;
  private final DmarcVerifier dmarc = new DmarcVerifier(dns, DmarcVerifier.Options.DEFAULT
      .withPercentile(() -> percentile));

  private DmarcResult check(String from, List<DkimResult> sigs, SpfResult spf) {
    return dmarc.check(List.of(HeaderField.of("From", from)), sigs, spf);
  }

  private static DmarcAggregateReport report(DmarcResult any, int maxRows) {
    return new DmarcAggregateReport(new DmarcAggregateReport.Metadata("Receiver <&> Inc", "postmaster@rx.example",
        "rx-1", Instant.ofEpochSecond(1_800_000_000L), Instant.ofEpochSecond(1_800_086_400L)),
        any.found().orElseThrow(), maxRows);
  }

  @Test
  void recordsCarryTheFieldsOfSection72() throws Exception {
    InetAddress client = InetAddress.getByName("192.0.2.1");
    DmarcResult pass = check("a@example.com", List.of(dkim("example.com", DkimResult.Status.PASS),
        dkim("list.example.org", DkimResult.Status.FAIL)), spf("bounce.example.com", SpfResult.Status.PASS));
    DmarcReportRecord r = DmarcReportRecord.of(pass, client, "bounce.example.com", Optional.of("rx.example"));
    assertThat(r.disposition()).isEqualTo(Policy.NONE);
    assertThat(r.dkimAligned()).isTrue();
    assertThat(r.spfAligned()).isTrue(); // aspf relaxed
    assertThat(r.headerFrom()).isEqualTo("example.com");
    assertThat(r.dkim()).extracting(DmarcReportRecord.DkimAuth::result).containsExactly("pass", "fail");
    assertThat(r.spf()).isEqualTo(new DmarcReportRecord.SpfAuth("bounce.example.com", "mfrom", "pass"));

    percentile = 60; // pct=50: this one is sampled out
    DmarcResult sampled = check("a@sub.example.com", List.of(), spf("sub.example.com", SpfResult.Status.FAIL));
    DmarcReportRecord s = DmarcReportRecord.of(sampled, client, "", Optional.empty());
    assertThat(s.disposition()).isEqualTo(Policy.QUARANTINE); // sp=reject, sampled out
    assertThat(s.reasons()).containsExactly(new PolicyOverride(OverrideType.SAMPLED_OUT, ""));
    assertThat(s.spf().scope()).isEqualTo("helo");
    DmarcReportRecord local = s.overridden(Policy.NONE, new PolicyOverride(OverrideType.MAILING_LIST, "list"));
    assertThat(local.disposition()).isEqualTo(Policy.NONE);
    assertThat(local.reasons()).hasSize(2);
  }

  @Test
  void identicalRecordsAreOneRowWithACountAndTheXmlFollowsAppendixC() throws Exception {
    InetAddress client = InetAddress.getByName("2001:db8::1");
    DmarcResult fail = check("a@example.com", List.of(), spf("example.net", SpfResult.Status.SOFTFAIL));
    DmarcReportRecord r = DmarcReportRecord.of(fail, client, "example.net", Optional.empty());
    DmarcAggregateReport report = report(fail, 10);
    assertThat(report.add(r)).isTrue();
    assertThat(report.add(DmarcReportRecord.of(fail, client, "example.net", Optional.empty()))).isTrue();
    assertThat(report.rows()).containsEntry(r, 2L);
    assertThat(report.policyDomain()).isEqualTo("example.com");

    String xml = report.toXml();
    assertThat(xml).startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feedback>\n")
        .endsWith("</feedback>\n");
    assertThat(text(xml, "org_name")).isEqualTo("Receiver &lt;&amp;&gt; Inc"); // escaped
    assertThat(text(xml, "begin")).isEqualTo("1800000000");
    assertThat(text(xml, "adkim")).isEqualTo("s");
    assertThat(text(xml, "p")).isEqualTo("quarantine");
    assertThat(text(xml, "sp")).isEqualTo("reject");
    assertThat(text(xml, "pct")).isEqualTo("50");
    assertThat(text(xml, "fo")).isEqualTo("1");
    assertThat(text(xml, "source_ip")).isEqualTo("2001:db8:0:0:0:0:0:1");
    assertThat(text(xml, "count")).isEqualTo("2");
    assertThat(text(xml, "disposition")).isEqualTo("quarantine");
    assertThat(text(xml, "header_from")).isEqualTo("example.com");
    assertThat(text(xml, "envelope_from")).isEqualTo("example.net");
    assertThat(xml).doesNotContain("<envelope_to>");
    assertThat(text(xml, "scope")).isEqualTo("mfrom");
    assertThat(xml.split("<record>", -1)).hasSize(2);
    assertThat(xml.indexOf("<report_metadata>")).isLessThan(xml.indexOf("<policy_published>"));
    assertThat(xml.indexOf("<policy_published>")).isLessThan(xml.indexOf("<record>"));
  }

  @Test
  void aFullReportSaysSo() throws Exception {
    DmarcResult fail = check("a@example.com", List.of(), spf("example.net", SpfResult.Status.FAIL));
    DmarcAggregateReport report = report(fail, 2);
    for (int i = 1; i <= 2; i++) {
      assertThat(report.add(DmarcReportRecord.of(fail, InetAddress.getByName("192.0.2." + i), "example.net",
          Optional.empty()))).isTrue();
    }
    DmarcReportRecord third = DmarcReportRecord.of(fail, InetAddress.getByName("192.0.2.3"), "example.net",
        Optional.empty());
    assertThat(report.add(third)).isFalse();
    assertThat(report.rows()).hasSize(2).doesNotContainKey(third);
    assertThatThrownBy(() -> report(fail, 0)).isInstanceOf(IllegalArgumentException.class);
  }

  /** The text of the first element of that name. */
  private static String text(String xml, String tag) {
    int start = xml.indexOf("<" + tag + ">") + tag.length() + 2;
    return xml.substring(start, xml.indexOf("</" + tag + ">", start));
  }
}
