package dev.missive.mailauth.dmarc;

import dev.missive.mailauth.dkim.DkimResult;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * What an aggregate report says about one message (RFC 7489 §7.2, the {@code record} element of Appendix C): the
 * source address, the disposition applied with the DMARC-aligned DKIM and SPF outcomes and any reasons the
 * receiver overrode the policy, the identifiers (RFC 5322.From, envelope sender and recipient domains), and the
 * underlying DKIM and SPF results. Equal records are one row with a count in {@link DmarcAggregateReport}.
 *
 * @param sourceIp     the connecting client's address
 * @param disposition  the policy the receiver applied
 * @param dkimAligned  whether an aligned DKIM signature passed
 * @param spfAligned   whether the aligned SPF check passed
 * @param reasons      why the applied disposition differs from the policy, if it does
 * @param headerFrom   the RFC 5322.From domain
 * @param envelopeFrom the RFC 5321.MailFrom domain, empty for the null reverse-path
 * @param envelopeTo   the RFC 5321.RcptTo domain, if the receiver reports it
 * @param dkim         every DKIM signature's domain, selector and result
 * @param spf          the SPF check's domain, scope and result
 */
public record DmarcReportRecord(InetAddress sourceIp, DmarcRecord.Policy disposition, boolean dkimAligned,
                                boolean spfAligned, List<PolicyOverride> reasons, String headerFrom,
                                String envelopeFrom, Optional<String> envelopeTo, List<DkimAuth> dkim,
                                SpfAuth spf) {

  /** Why a receiver did not apply the policy as published (Appendix C {@code PolicyOverrideType}). */
  public enum OverrideType {
    /** The message was relayed through a known forwarder. */
    FORWARDED,
    /** {@code pct=} left the message out (§6.6.4). */
    SAMPLED_OUT,
    /** A forwarder the receiver trusts. */
    TRUSTED_FORWARDER,
    /** A mailing list. */
    MAILING_LIST,
    /** The receiver's local policy (§6.7). */
    LOCAL_POLICY,
    /** Another reason, explained in the comment. */
    OTHER;

    /** {@return the word of the report schema} */
    public String keyword() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * One reason for an override.
   *
   * @param type    the reason
   * @param comment free text, may be empty
   */
  public record PolicyOverride(OverrideType type, String comment) {
    /**
     * Requires the values.
     *
     * @param type    the reason
     * @param comment free text, may be empty
     */
    public PolicyOverride {
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(comment, "comment");
    }
  }

  /**
   * One DKIM signature's outcome (Appendix C {@code DKIMAuthResultType}).
   *
   * @param domain      {@code d=}
   * @param selector    {@code s=}
   * @param result      the RFC 8601 result word
   * @param humanResult the reason, may be empty
   */
  public record DkimAuth(String domain, String selector, String result, String humanResult) {
    /**
     * Requires the values.
     *
     * @param domain      {@code d=}
     * @param selector    {@code s=}
     * @param result      the result word
     * @param humanResult the reason, may be empty
     */
    public DkimAuth {
      Objects.requireNonNull(domain, "domain");
      Objects.requireNonNull(selector, "selector");
      Objects.requireNonNull(result, "result");
      Objects.requireNonNull(humanResult, "humanResult");
    }
  }

  /**
   * The SPF check's outcome (Appendix C {@code SPFAuthResultType}).
   *
   * @param domain the domain checked
   * @param scope  {@code mfrom} or {@code helo}
   * @param result the RFC 7208 result word
   */
  public record SpfAuth(String domain, String scope, String result) {
    /**
     * Requires the values.
     *
     * @param domain the domain checked
     * @param scope  {@code mfrom} or {@code helo}
     * @param result the result word
     */
    public SpfAuth {
      Objects.requireNonNull(domain, "domain");
      if (!scope.equals("mfrom") && !scope.equals("helo")) {
        throw new IllegalArgumentException("SPF scope is mfrom or helo, was " + scope);
      }
      Objects.requireNonNull(result, "result");
    }
  }

  /**
   * Copies the lists and requires the values.
   *
   * @param sourceIp     the client's address
   * @param disposition  the policy applied
   * @param dkimAligned  whether an aligned DKIM signature passed
   * @param spfAligned   whether the aligned SPF check passed
   * @param reasons      the override reasons
   * @param headerFrom   the RFC 5322.From domain
   * @param envelopeFrom the RFC 5321.MailFrom domain, empty for the null reverse-path
   * @param envelopeTo   the RFC 5321.RcptTo domain, if reported
   * @param dkim         the DKIM outcomes
   * @param spf          the SPF outcome
   */
  public DmarcReportRecord {
    Objects.requireNonNull(sourceIp, "sourceIp");
    Objects.requireNonNull(disposition, "disposition");
    reasons = List.copyOf(reasons);
    Objects.requireNonNull(headerFrom, "headerFrom");
    Objects.requireNonNull(envelopeFrom, "envelopeFrom");
    Objects.requireNonNull(envelopeTo, "envelopeTo");
    dkim = List.copyOf(dkim);
    Objects.requireNonNull(spf, "spf");
  }

  /**
   * The record of an evaluated message, with the disposition the policy asked for (and {@code sampled_out} when
   * {@code pct=} left it out).
   *
   * @param result       the DMARC result
   * @param sourceIp     the client's address
   * @param envelopeFrom the RFC 5321.MailFrom domain, empty for the null reverse-path (the SPF scope is then
   *                     {@code helo})
   * @param envelopeTo   the RFC 5321.RcptTo domain, if the receiver reports it
   * @return the record
   */
  public static DmarcReportRecord of(DmarcResult result, InetAddress sourceIp, String envelopeFrom,
                                     Optional<String> envelopeTo) {
    List<PolicyOverride> reasons = new ArrayList<>();
    if (result.sampledOut()) {
      reasons.add(new PolicyOverride(OverrideType.SAMPLED_OUT, ""));
    }
    List<DkimAuth> dkim = new ArrayList<>();
    for (DkimResult r : result.dkim()) {
      dkim.add(new DkimAuth(r.domain(), r.selector(), r.status().keyword(), r.reason()));
    }
    SpfAuth spf = new SpfAuth(result.spf().domain(), envelopeFrom.isEmpty() ? "helo" : "mfrom",
        result.spf().status().keyword());
    return new DmarcReportRecord(sourceIp, result.disposition(), result.alignedDkimDomain().isPresent(),
        result.alignedSpfDomain().isPresent(), reasons, result.authorDomain(),
        envelopeFrom.toLowerCase(Locale.ROOT), envelopeTo.map(t -> t.toLowerCase(Locale.ROOT)), dkim, spf);
  }

  /**
   * The same record with the disposition the receiver applied instead, and why (RFC 7489 §6.7: local policy).
   *
   * @param applied the disposition applied
   * @param reason  why it differs from the policy
   * @return the new record
   */
  public DmarcReportRecord overridden(DmarcRecord.Policy applied, PolicyOverride reason) {
    List<PolicyOverride> all = new ArrayList<>(reasons);
    all.add(Objects.requireNonNull(reason, "reason"));
    return new DmarcReportRecord(sourceIp, applied, dkimAligned, spfAligned, all, headerFrom, envelopeFrom,
        envelopeTo, dkim, spf);
  }
}
