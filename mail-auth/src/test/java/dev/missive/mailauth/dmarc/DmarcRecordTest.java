package dev.missive.mailauth.dmarc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.missive.mailauth.MalformedRecordException;
import dev.missive.mailauth.dmarc.DmarcRecord.Alignment;
import dev.missive.mailauth.dmarc.DmarcRecord.Policy;
import dev.missive.mailauth.dmarc.DmarcRecord.ReportUri;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/** The DMARC record grammar (RFC 7489 §6.3, §6.4) with the records of Appendix B.2. */
class DmarcRecordTest {

  @Test
  void appendixB21EntireDomainMonitoringOnly() throws MalformedRecordException {
    DmarcRecord r = DmarcRecord.parse("v=DMARC1; p=none; rua=mailto:dmarc-feedback@example.com");
    assertThat(r.policy()).isEqualTo(Policy.NONE);
    assertThat(r.subdomainPolicy()).isEmpty();
    assertThat(r.policyFor(true)).isEqualTo(Policy.NONE);
    assertThat(r.dkimAlignment()).isEqualTo(Alignment.RELAXED);
    assertThat(r.spfAlignment()).isEqualTo(Alignment.RELAXED);
    assertThat(r.percent()).isEqualTo(100);
    assertThat(r.failureOptions()).containsExactly("0");
    assertThat(r.reportInterval()).isEqualTo(86400);
    assertThat(r.aggregateReports()).containsExactly(new ReportUri("mailto:dmarc-feedback@example.com",
        Optional.empty()));
    assertThat(r.aggregateReports().get(0).mailtoAddress()).contains("dmarc-feedback@example.com");
    assertThat(r.policyWasInvalid()).isFalse();
  }

  @Test
  void appendixB22PerMessageReports() throws MalformedRecordException {
    DmarcRecord r = DmarcRecord.parse("v=DMARC1; p=none; rua=mailto:dmarc-feedback@example.com; "
        + "ruf=mailto:auth-reports@example.com");
    assertThat(r.failureReports()).extracting(ReportUri::uri).containsExactly("mailto:auth-reports@example.com");
  }

  @Test
  void appendixB24SubdomainSamplingAndTwoAggregateUris() throws MalformedRecordException {
    // the record as the zone file's three strings give it, joined
    DmarcRecord r = DmarcRecord.parse("v=DMARC1; p=quarantine;rua=mailto:dmarc-feedback@example.com,"
        + "mailto:tld-test@thirdparty.example.net!10m;pct=25");
    assertThat(r.policy()).isEqualTo(Policy.QUARANTINE);
    assertThat(r.percent()).isEqualTo(25);
    assertThat(r.aggregateReports()).containsExactly(
        new ReportUri("mailto:dmarc-feedback@example.com", Optional.empty()),
        new ReportUri("mailto:tld-test@thirdparty.example.net", Optional.of(10L << 20)));
  }

  @Test
  void appendixB31RelaxedSpfRejectPolicy() throws MalformedRecordException {
    DmarcRecord r = DmarcRecord.parse("v=DMARC1; p=reject; aspf=r; rua=mailto:dmarc-feedback@example.com");
    assertThat(r.policy()).isEqualTo(Policy.REJECT);
    assertThat(r.spfAlignment()).isEqualTo(Alignment.RELAXED);
  }

  @Test
  void everyTagAnyCaseAnyOrderUnknownTagsIgnored() throws MalformedRecordException {
    DmarcRecord r = DmarcRecord.parse(" V = DMARC1 ; SP=Reject; P = quarantine ;\tfuture=x ; adkim=S; ASPF=s; "
        + "pct=0; fo=1:d:S; rf=afrf; ri=3600; rua=mailto:a@example.com , mailto:b@example.net!20K; "
        + "ruf=https://reports.example/x!1G;");
    assertThat(r.policy()).isEqualTo(Policy.QUARANTINE);
    assertThat(r.subdomainPolicy()).contains(Policy.REJECT);
    assertThat(r.policyFor(false)).isEqualTo(Policy.QUARANTINE);
    assertThat(r.policyFor(true)).isEqualTo(Policy.REJECT);
    assertThat(r.dkimAlignment()).isEqualTo(Alignment.STRICT);
    assertThat(r.spfAlignment()).isEqualTo(Alignment.STRICT);
    assertThat(r.percent()).isZero();
    assertThat(r.failureOptions()).containsExactly("1", "d", "s");
    assertThat(r.reportInterval()).isEqualTo(3600);
    assertThat(r.aggregateReports()).extracting(ReportUri::maxSizeBytes)
        .containsExactly(Optional.empty(), Optional.of(20L << 10));
    assertThat(r.failureReports()).containsExactly(new ReportUri("https://reports.example/x",
        Optional.of(1L << 30)));
    assertThat(r.failureReports().get(0).mailtoAddress()).isEmpty();
  }

  @Test
  void onlyRecordsStartingWithTheVersionAreDmarc() {
    assertThat(DmarcRecord.isDmarcRecord("v=DMARC1; p=none")).isTrue();
    assertThat(DmarcRecord.isDmarcRecord("v=DMARC1")).isTrue();
    assertThat(DmarcRecord.isDmarcRecord("v=dmarc1;p=none")).isTrue();
    assertThat(DmarcRecord.isDmarcRecord("p=none; v=DMARC1")).isFalse(); // v must come first (§6.3)
    assertThat(DmarcRecord.isDmarcRecord("v=DMARC10; p=none")).isFalse();
    assertThat(DmarcRecord.isDmarcRecord("v=spf1 -all")).isFalse();
    assertThat(DmarcRecord.isDmarcRecord("")).isFalse();
    assertThatThrownBy(() -> DmarcRecord.parse("v=spf1 -all")).isInstanceOf(MalformedRecordException.class);
  }

  @Test
  void anInvalidPolicyWithAReportUriIsReadAsNone() throws MalformedRecordException {
    // §6.6.3 step 6: act as if p=none was published, so reports still flow
    DmarcRecord missing = DmarcRecord.parse("v=DMARC1; rua=mailto:r@example.com");
    assertThat(missing.policy()).isEqualTo(Policy.NONE);
    assertThat(missing.policyWasInvalid()).isTrue();
    DmarcRecord bad = DmarcRecord.parse("v=DMARC1; p=bounce; rua=mailto:r@example.com");
    assertThat(bad.policyWasInvalid()).isTrue();
    DmarcRecord badSp = DmarcRecord.parse("v=DMARC1; p=reject; sp=maybe; rua=mailto:r@example.com");
    assertThat(badSp.policy()).isEqualTo(Policy.NONE);
    assertThat(badSp.subdomainPolicy()).isEmpty();
    // without a usable report URI there is no policy at all
    assertThatThrownBy(() -> DmarcRecord.parse("v=DMARC1")).hasMessageContaining("lacks p=");
    assertThatThrownBy(() -> DmarcRecord.parse("v=DMARC1; p=bounce")).hasMessageContaining("invalid p=");
    assertThatThrownBy(() -> DmarcRecord.parse("v=DMARC1; p=bounce; rua=not a uri"))
        .isInstanceOf(MalformedRecordException.class);
  }

  @Test
  void invalidValuesAreMalformed() {
    for (String bad : List.of("v=DMARC1; p=none; pct=101", "v=DMARC1; p=none; pct=-1", "v=DMARC1; p=none; pct=",
        "v=DMARC1; p=none; adkim=x", "v=DMARC1; p=none; aspf=relaxed", "v=DMARC1; p=none; fo=2",
        "v=DMARC1; p=none; ri=99999999999", "v=DMARC1; p=none; p=reject", "v=DMARC1; p=none; 1x=y",
        "v=DMARC1; p=none; pct=1" + "0".repeat(30))) {
      assertThatThrownBy(() -> DmarcRecord.parse(bad)).as(bad).isInstanceOf(MalformedRecordException.class);
    }
  }

  @Test
  void reportUrisAreBoundedAndMalformedOnesSkipped() throws MalformedRecordException {
    StringBuilder many = new StringBuilder("v=DMARC1; p=none; rua=");
    for (int i = 0; i < 1000; i++) {
      many.append(i == 0 ? "" : ",").append("mailto:r").append(i).append("@example.com");
    }
    assertThat(DmarcRecord.parse(many.toString()).aggregateReports()).hasSize(DmarcRecord.MAX_REPORT_URIS);
    DmarcRecord r = DmarcRecord.parse("v=DMARC1; p=none; rua=nouri,mailto:ok@example.com,mailto:x@e.com!9x,"
        + "mailto:y@e.com!99999999999999999t");
    assertThat(r.aggregateReports()).extracting(ReportUri::uri).containsExactly("mailto:ok@example.com");
  }

  @Property(tries = 200)
  void anyTextParsesOrIsMalformed(@ForAll String text) {
    for (String candidate : List.of(text, "v=DMARC1; " + text, "v=DMARC1; p=none; rua=" + text)) {
      try {
        DmarcRecord r = DmarcRecord.parse(candidate);
        assertThat(r.percent()).isBetween(0, 100);
        assertThat(r.aggregateReports().size()).isLessThanOrEqualTo(DmarcRecord.MAX_REPORT_URIS);
      } catch (MalformedRecordException expected) {
        assertThat(expected.getMessage()).isNotBlank();
      }
    }
  }
}
