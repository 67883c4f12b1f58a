package dev.missive.mailauth.dmarc;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One DMARC aggregate report being collected (RFC 7489 §7.2): the reporter's metadata, the policy published by
 * one domain, and a row per distinct {@link DmarcReportRecord} with how many messages it stands for; written as
 * the XML of Appendix C by {@link #toXml()}. Sending it (to the {@code rua=} URIs, after checking external
 * destinations, §7.1) is the host's job. Rows are bounded: {@link #add} answers false once the report holds
 * {@code maxRows} distinct rows, and the host sends this report and starts the next. Thread-safe.
 */
public final class DmarcAggregateReport {

  /**
   * The report's {@code report_metadata}.
   *
   * @param orgName  the reporting organization
   * @param email    its contact address
   * @param reportId a unique id for this report
   * @param begin    the start of the period covered
   * @param end      its end
   */
  public record Metadata(String orgName, String email, String reportId, Instant begin, Instant end) {
    /**
     * Requires the values.
     *
     * @param orgName  the reporting organization
     * @param email    its contact address
     * @param reportId a unique id for this report
     * @param begin    the start of the period covered
     * @param end      its end, not before {@code begin}
     */
    public Metadata {
      Objects.requireNonNull(orgName, "orgName");
      Objects.requireNonNull(email, "email");
      Objects.requireNonNull(reportId, "reportId");
      if (end.isBefore(begin)) {
        throw new IllegalArgumentException("the report period ends before it begins");
      }
    }
  }

  private final Metadata metadata;
  private final DmarcPolicy.Found published;
  private final int maxRows;
  private final Map<DmarcReportRecord, Long> rows = new LinkedHashMap<>();

  /**
   * An empty report.
   *
   * @param metadata  the report's metadata
   * @param published the policy the rows were evaluated against (its record domain is the report's domain)
   * @param maxRows   the most distinct rows, at least 1
   */
  public DmarcAggregateReport(Metadata metadata, DmarcPolicy.Found published, int maxRows) {
    this.metadata = Objects.requireNonNull(metadata, "metadata");
    this.published = Objects.requireNonNull(published, "published");
    if (maxRows < 1) {
      throw new IllegalArgumentException("maxRows must be at least 1");
    }
    this.maxRows = maxRows;
  }

  /**
   * Counts a message.
   *
   * @param record the message's record
   * @return false, counting nothing, when the report already has {@code maxRows} rows and this is a new one
   */
  public synchronized boolean add(DmarcReportRecord record) {
    Objects.requireNonNull(record, "record");
    Long n = rows.get(record);
    if (n == null && rows.size() >= maxRows) {
      return false;
    }
    rows.put(record, n == null ? 1 : n + 1);
    return true;
  }

  /** {@return the rows so far with their counts, in the order first seen} */
  public synchronized Map<DmarcReportRecord, Long> rows() {
    return Map.copyOf(rows);
  }

  /** {@return the domain whose policy the report is about} */
  public String policyDomain() {
    return published.recordDomain();
  }

  /** {@return the report as the XML of RFC 7489 Appendix C} */
  public synchronized String toXml() {
    DmarcRecord p = published.record();
    StringBuilder x = new StringBuilder(512 + rows.size() * 512);
    x.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feedback>\n");
    x.append("  <report_metadata>\n");
    element(x, 4, "org_name", metadata.orgName());
    element(x, 4, "email", metadata.email());
    element(x, 4, "report_id", metadata.reportId());
    x.append("    <date_range>\n");
    element(x, 6, "begin", Long.toString(metadata.begin().getEpochSecond()));
    element(x, 6, "end", Long.toString(metadata.end().getEpochSecond()));
    x.append("    </date_range>\n  </report_metadata>\n  <policy_published>\n");
    element(x, 4, "domain", published.recordDomain());
    element(x, 4, "adkim", p.dkimAlignment().tagValue());
    element(x, 4, "aspf", p.spfAlignment().tagValue());
    element(x, 4, "p", p.policy().keyword());
    element(x, 4, "sp", p.policyFor(true).keyword());
    element(x, 4, "pct", Integer.toString(p.percent()));
    element(x, 4, "fo", String.join(":", p.failureOptions()));
    x.append("  </policy_published>\n");
    rows.forEach((r, count) -> record(x, r, count));
    return x.append("</feedback>\n").toString();
  }

  private static void record(StringBuilder x, DmarcReportRecord r, long count) {
    x.append("  <record>\n    <row>\n");
    element(x, 6, "source_ip", r.sourceIp().getHostAddress());
    element(x, 6, "count", Long.toString(count));
    x.append("      <policy_evaluated>\n");
    element(x, 8, "disposition", r.disposition().keyword());
    element(x, 8, "dkim", r.dkimAligned() ? "pass" : "fail");
    element(x, 8, "spf", r.spfAligned() ? "pass" : "fail");
    for (DmarcReportRecord.PolicyOverride o : r.reasons()) {
      x.append("        <reason>\n");
      element(x, 10, "type", o.type().keyword());
      if (!o.comment().isEmpty()) {
        element(x, 10, "comment", o.comment());
      }
      x.append("        </reason>\n");
    }
    x.append("      </policy_evaluated>\n    </row>\n    <identifiers>\n");
    r.envelopeTo().ifPresent(t -> element(x, 6, "envelope_to", t));
    element(x, 6, "envelope_from", r.envelopeFrom());
    element(x, 6, "header_from", r.headerFrom());
    x.append("    </identifiers>\n    <auth_results>\n");
    for (DmarcReportRecord.DkimAuth d : r.dkim()) {
      x.append("      <dkim>\n");
      element(x, 8, "domain", d.domain());
      element(x, 8, "selector", d.selector());
      element(x, 8, "result", d.result());
      if (!d.humanResult().isEmpty()) {
        element(x, 8, "human_result", d.humanResult());
      }
      x.append("      </dkim>\n");
    }
    x.append("      <spf>\n");
    element(x, 8, "domain", r.spf().domain());
    element(x, 8, "scope", r.spf().scope());
    element(x, 8, "result", r.spf().result());
    x.append("      </spf>\n    </auth_results>\n  </record>\n");
  }

  private static void element(StringBuilder x, int indent, String name, String text) {
    x.append(" ".repeat(indent)).append('<').append(name).append('>');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '<' -> x.append("&lt;");
        case '>' -> x.append("&gt;");
        case '&' -> x.append("&amp;");
        case '"' -> x.append("&quot;");
        case '\'' -> x.append("&apos;");
        default -> x.append(c < 0x20 && c != '\t' || c == 0x7f ? '?' : c);
      }
    }
    x.append("</").append(name).append(">\n");
  }
}
