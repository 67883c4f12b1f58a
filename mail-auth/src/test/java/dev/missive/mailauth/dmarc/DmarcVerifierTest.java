package dev.missive.mailauth.dmarc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.missive.dns.StaticDnsResolver;
import dev.missive.mailauth.dkim.DkimResult;
import dev.missive.mailauth.dmarc.DmarcRecord.Alignment;
import dev.missive.mailauth.dmarc.DmarcRecord.Policy;
import dev.missive.mailauth.dmarc.DmarcResult.Status;
import dev.missive.mailauth.spf.SpfResult;
import dev.missive.message.header.HeaderField;
import java.net.IDN;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** DMARC evaluation (RFC 7489 §6.6): the alignment examples of Appendix B.1, discovery, policy and sampling. */
class DmarcVerifierTest {

  private final StaticDnsResolver dns = new StaticDnsResolver();
  private int percentile = 0;
  private final DmarcVerifier dmarc = new DmarcVerifier(dns, DmarcVerifier.Options.DEFAULT
      .withPercentile(() -> percentile));

  static DkimResult dkim(String domain, DkimResult.Status status) {
    return new DkimResult(status, "", Optional.empty(), domain, "s1", false, 0);
  }

  static SpfResult spf(String domain, SpfResult.Status status) {
    return new SpfResult(status, "", Optional.empty(), domain);
  }

  static final SpfResult NO_SPF = spf("elsewhere.example.org", SpfResult.Status.NONE);

  private static List<HeaderField> from(String... values) {
    return java.util.Arrays.stream(values).map(v -> HeaderField.ofUtf8("From", v)).toList();
  }

  // --- Appendix B.1: identifier alignment -----------------------------------------------------------------

  @Test
  void appendixB11SpfAlignment() {
    // MAIL FROM <sender@example.com>, From sender@example.com: aligned in both modes
    assertThat(dmarc.aligned("example.com", "example.com", Alignment.STRICT)).isTrue();
    // MAIL FROM <sender@child.example.com>, From sender@example.com: relaxed only
    assertThat(dmarc.aligned("child.example.com", "example.com", Alignment.RELAXED)).isTrue();
    assertThat(dmarc.aligned("child.example.com", "example.com", Alignment.STRICT)).isFalse();
    // MAIL FROM <sender@example.org>, From sender@example.com: not aligned
    assertThat(dmarc.aligned("example.org", "example.com", Alignment.RELAXED)).isFalse();
  }

  @Test
  void appendixB12DkimAlignment() {
    // d=example.com, From sender@example.com
    assertThat(dmarc.aligned("example.com", "example.com", Alignment.STRICT)).isTrue();
    // d=example.com, From sender@child.example.com: relaxed only
    assertThat(dmarc.aligned("example.com", "child.example.com", Alignment.RELAXED)).isTrue();
    assertThat(dmarc.aligned("example.com", "child.example.com", Alignment.STRICT)).isFalse();
    // d=sample.net, From sender@child.example.com: not aligned
    assertThat(dmarc.aligned("sample.net", "child.example.com", Alignment.RELAXED)).isFalse();
  }

  @Test
  void alignmentEdgeCases() {
    assertThat(dmarc.aligned("EXAMPLE.com.", "example.COM", Alignment.STRICT)).isTrue(); // case, trailing dot
    // two customers of one private suffix are different organizations
    assertThat(dmarc.aligned("alice.github.io", "bob.github.io", Alignment.RELAXED)).isFalse();
    assertThat(dmarc.aligned("mail.alice.github.io", "alice.github.io", Alignment.RELAXED)).isTrue();
    // a public suffix does not align with its registrants
    assertThat(dmarc.aligned("co.uk", "bbc.co.uk", Alignment.RELAXED)).isFalse();
    assertThat(dmarc.aligned("news.bbc.co.uk", "bbc.co.uk", Alignment.RELAXED)).isTrue();
    // a look-alike suffix is not the domain
    assertThat(dmarc.aligned("example.com.evil.net", "example.com", Alignment.RELAXED)).isFalse();
    assertThat(dmarc.aligned("notexample.com", "example.com", Alignment.RELAXED)).isFalse();
    // U-labels and A-labels are the same domain
    assertThat(dmarc.aligned(IDN.toASCII("bücher.example"), "bücher.example", Alignment.STRICT)).isTrue();
    // what is not a domain never aligns
    assertThat(dmarc.aligned("", "example.com", Alignment.RELAXED)).isFalse();
    assertThat(dmarc.aligned("a..b", "a..b", Alignment.STRICT)).isFalse();
  }

  // --- §6.6.3: policy discovery -----------------------------------------------------------------------

  @Test
  void policyAtTheAuthorDomain() {
    dns.txt("_dmarc.example.com", "v=DMARC1; p=reject");
    DmarcResult r = dmarc.check(from("sender@example.com"), List.of(), NO_SPF);
    assertThat(r.status()).isEqualTo(Status.FAIL);
    assertThat(r.disposition()).isEqualTo(Policy.REJECT);
    assertThat(r.found().orElseThrow().recordDomain()).isEqualTo("example.com");
    assertThat(dns.queries()).hasSize(1);
  }

  @Test
  void subdomainFallsBackToTheOrganizationalDomainAndItsSubdomainPolicy() {
    dns.txt("_dmarc.example.com", "v=DMARC1; p=none; sp=quarantine");
    DmarcResult r = dmarc.check(from("sender@a.mail.example.com"), List.of(), NO_SPF);
    assertThat(r.status()).isEqualTo(Status.FAIL);
    assertThat(r.disposition()).isEqualTo(Policy.QUARANTINE); // sp= for a subdomain
    assertThat(r.found().orElseThrow().forSubdomain()).isTrue();
    assertThat(dns.queries()).containsExactly("TXT _dmarc.a.mail.example.com", "TXT _dmarc.example.com");
    // at the organizational domain itself p= applies
    assertThat(dmarc.check(from("x@example.com"), List.of(), NO_SPF).disposition()).isEqualTo(Policy.NONE);
  }

  @Test
  void aRecordAtTheSubdomainWinsAndItsSpIsNotUsed() {
    dns.txt("_dmarc.example.com", "v=DMARC1; p=reject");
    dns.txt("_dmarc.test.example.com", "v=DMARC1; p=quarantine; sp=none");
    DmarcResult r = dmarc.check(from("sender@test.example.com"), List.of(), NO_SPF);
    assertThat(r.disposition()).isEqualTo(Policy.QUARANTINE);
    assertThat(r.found().orElseThrow().forSubdomain()).isFalse();
  }

  @Test
  void otherTxtRecordsAreDiscardedAndSeveralDmarcRecordsMeanNoPolicy() {
    dns.txt("_dmarc.example.com", "v=spf1 -all");
    dns.txt("_dmarc.example.com", "v=DMARC1; p=reject");
    assertThat(dmarc.check(from("a@example.com"), List.of(), NO_SPF).status()).isEqualTo(Status.FAIL);
    dns.txt("_dmarc.example.org", "v=DMARC1; p=reject");
    dns.txt("_dmarc.example.org", "v=DMARC1; p=none");
    dns.txt("_dmarc.sub.example.net", "v=DMARC1; p=none");
    dns.txt("_dmarc.sub.example.net", "v=DMARC1; p=reject");
    dns.txt("_dmarc.example.net", "v=DMARC1; p=reject");
    DmarcResult r = dmarc.check(from("a@example.org"), List.of(), NO_SPF);
    assertThat(r.status()).isEqualTo(Status.NONE);
    assertThat(r.reason()).contains("several");
    // several at the author domain end discovery: the organizational domain is not asked
    assertThat(dmarc.check(from("a@sub.example.net"), List.of(), NO_SPF).status()).isEqualTo(Status.NONE);
  }

  @Test
  void noRecordIsNoneAndDnsFailuresAreTemperror() {
    DmarcResult none = dmarc.check(from("a@b.example.com"), List.of(dkim("b.example.com", DkimResult.Status.PASS)),
        NO_SPF);
    assertThat(none.status()).isEqualTo(Status.NONE);
    assertThat(none.alignedDkimDomain()).contains("b.example.com"); // alignment is still reported
    dns.fail("_dmarc.example.org", "TXT");
    assertThat(dmarc.check(from("a@example.org"), List.of(), NO_SPF).status()).isEqualTo(Status.TEMPERROR);
  }

  @Test
  void anInvalidRecordIsPermerror() {
    dns.txt("_dmarc.example.com", "v=DMARC1; p=reject; pct=200");
    DmarcResult r = dmarc.check(from("a@example.com"), List.of(), NO_SPF);
    assertThat(r.status()).isEqualTo(Status.PERMERROR);
    assertThat(r.reason()).contains("pct");
  }

  // --- §6.6.2 and §6.6.4: results, policy and sampling ------------------------------------------------------

  @Test
  void anAlignedDkimOrSpfPassPasses() {
    dns.txt("_dmarc.example.com", "v=DMARC1; p=reject; adkim=s");
    List<DkimResult> sigs = List.of(dkim("mail.example.com", DkimResult.Status.PASS),
        dkim("example.com", DkimResult.Status.FAIL), dkim("example.com", DkimResult.Status.PASS));
    DmarcResult r = dmarc.check(from("a@example.com"), sigs, NO_SPF);
    assertThat(r.status()).isEqualTo(Status.PASS);
    assertThat(r.alignedDkimDomain()).contains("example.com");
    assertThat(r.disposition()).isEqualTo(Policy.NONE);
    DmarcResult viaSpf = dmarc.check(from("a@example.com"), List.of(),
        spf("bounces.example.com", SpfResult.Status.PASS));
    assertThat(viaSpf.status()).isEqualTo(Status.PASS);
    assertThat(viaSpf.alignedSpfDomain()).contains("bounces.example.com");
    // only a pass counts: softfail, neutral or an unaligned pass do not
    assertThat(dmarc.check(from("a@example.com"), List.of(), spf("example.com", SpfResult.Status.SOFTFAIL))
        .status()).isEqualTo(Status.FAIL);
    assertThat(dmarc.check(from("a@example.com"), List.of(dkim("example.net", DkimResult.Status.PASS)),
        spf("example.net", SpfResult.Status.PASS)).status()).isEqualTo(Status.FAIL);
  }

  @Test
  void pctSamplesTheStricterPolicy() {
    // Appendix B.2.4's record: quarantine 25% of failing mail, the rest gets the next less strict policy
    dns.txt("_dmarc.test.example.com", "v=DMARC1; p=quarantine; rua=mailto:dmarc-feedback@example.com,"
        + "mailto:tld-test@thirdparty.example.net!10m; pct=25");
    percentile = 24;
    DmarcResult in = dmarc.check(from("sender@test.example.com"), List.of(), NO_SPF);
    assertThat(in.disposition()).isEqualTo(Policy.QUARANTINE);
    assertThat(in.sampledOut()).isFalse();
    percentile = 25;
    DmarcResult out = dmarc.check(from("sender@test.example.com"), List.of(), NO_SPF);
    assertThat(out.status()).isEqualTo(Status.FAIL);
    assertThat(out.disposition()).isEqualTo(Policy.NONE);
    assertThat(out.sampledOut()).isTrue();
    dns.txt("_dmarc.example.org", "v=DMARC1; p=reject; pct=0");
    percentile = 0;
    DmarcResult reject = dmarc.check(from("a@example.org"), List.of(), NO_SPF);
    assertThat(reject.disposition()).isEqualTo(Policy.QUARANTINE); // reject sampled out is quarantine
  }

  // --- §6.6.1: the author domain ---------------------------------------------------------------------------

  @Test
  void noFromOrSeveralFromFieldsArePermerror() {
    assertThat(dmarc.check(List.of(HeaderField.of("Subject", "x")), List.of(), NO_SPF).status())
        .isEqualTo(Status.PERMERROR);
    DmarcResult two = dmarc.check(from("a@example.com", "b@example.org"), List.of(), NO_SPF);
    assertThat(two.status()).isEqualTo(Status.PERMERROR);
    assertThat(two.reason()).contains("2 From fields");
    for (String bad : List.of("", "undisclosed-recipients:;", "a@[192.0.2.1]", "not an address", "a@b..c")) {
      assertThat(dmarc.check(from(bad), List.of(), NO_SPF).status()).as(bad).isEqualTo(Status.PERMERROR);
    }
    assertThat(dns.queries()).isEmpty();
  }

  @Test
  void severalAuthorsGiveTheStrictestFailingResult() {
    dns.txt("_dmarc.example.com", "v=DMARC1; p=none");
    dns.txt("_dmarc.example.org", "v=DMARC1; p=reject");
    dns.txt("_dmarc.example.net", "v=DMARC1; p=quarantine");
    DmarcResult r = dmarc.check(from("a@example.com, B <b@EXAMPLE.org>, c@example.net, d@example.com"),
        List.of(dkim("example.com", DkimResult.Status.PASS)), NO_SPF);
    assertThat(r.status()).isEqualTo(Status.FAIL);
    assertThat(r.authorDomain()).isEqualTo("example.org");
    assertThat(r.disposition()).isEqualTo(Policy.REJECT);
    assertThat(dns.queries()).hasSize(3); // each distinct domain once
  }

  @Test
  void fromDomainsAreBounded() {
    StringBuilder many = new StringBuilder();
    for (int i = 0; i < 11; i++) {
      many.append(i == 0 ? "" : ", ").append("a@d").append(i).append(".example");
    }
    assertThat(dmarc.check(from(many.toString()), List.of(), NO_SPF).status()).isEqualTo(Status.PERMERROR);
    assertThat(dns.queries()).isEmpty();
  }

  @Test
  void internationalizedFromDomainIsLookedUpInALabels() {
    dns.txt("_dmarc." + IDN.toASCII("bücher.example"), "v=DMARC1; p=reject");
    DmarcResult r = dmarc.check(from("=?utf-8?q?x?= <leser@bücher.example>"), List.of(), NO_SPF);
    assertThat(r.status()).isEqualTo(Status.FAIL);
    assertThat(r.authorDomain()).isEqualTo(IDN.toASCII("bücher.example"));
  }

  @Test
  void aPublicSuffixAuthorDomainIsItsOwnOrganizationalDomain() {
    dns.txt("_dmarc.co.uk", "v=DMARC1; p=reject");
    DmarcResult r = dmarc.check(from("a@co.uk"), List.of(), NO_SPF);
    assertThat(r.status()).isEqualTo(Status.FAIL);
    // and a registrant's subdomain never reaches the suffix's record
    assertThat(dmarc.check(from("a@x.bbc.co.uk"), List.of(), NO_SPF).status()).isEqualTo(Status.NONE);
    assertThat(dns.queries()).contains("TXT _dmarc.bbc.co.uk").doesNotContain("TXT _dmarc.uk");
  }

  @Test
  void appendixB23ThirdPartyReportDestinationsMustAgree() {
    // example.com sends failure reports to thirdparty.example.net, which publishes its consent (§7.1)
    dns.txt("example.com._report._dmarc.thirdparty.example.net", "v=DMARC1");
    assertThat(dmarc.reportDestinationAuthorized("example.com", "thirdparty.example.net")).isTrue();
    assertThat(dmarc.reportDestinationAuthorized("example.org", "thirdparty.example.net")).isFalse();
    assertThat(dmarc.reportDestinationAuthorized("example.com", "reports.example.com")).isTrue(); // same org
    dns.fail("example.com._report._dmarc.other.example", "TXT");
    assertThat(dmarc.reportDestinationAuthorized("example.com", "other.example")).isFalse();
  }

  @Test
  void hostMisuseIsRefused() {
    assertThatThrownBy(() -> dmarc.check("", List.of(), NO_SPF)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new DmarcVerifier.Options(PublicSuffixList.bundled(), 0, () -> 0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
