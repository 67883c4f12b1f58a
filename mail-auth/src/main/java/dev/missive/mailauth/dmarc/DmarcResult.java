package dev.missive.mailauth.dmarc;

import dev.missive.mailauth.dkim.DkimResult;
import dev.missive.mailauth.results.MethodResult;
import dev.missive.mailauth.spf.SpfResult;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The DMARC evaluation of one message (RFC 7489 §6.6): the result in RFC 8601's words, the author domain, the
 * policy found, the identifiers that aligned, and the disposition the Domain Owner asks for after sampling
 * ({@code pct=}, §6.6.4). The host decides what to do with it (§6.7: local policy may override); the inputs are
 * kept for aggregate reports ({@link DmarcReportRecord}).
 *
 * @param status            the result
 * @param reason            why, for the Authentication-Results comment and logs
 * @param authorDomain      the RFC 5322.From domain (lower-case A-labels), empty when there is none to use
 * @param policy            the policy discovered for it, when discovery ran
 * @param disposition       what the Domain Owner asks for this message: {@code none} unless it failed
 * @param sampledOut        whether {@code pct=} left this message out, so a less strict policy was applied
 * @param alignedDkimDomain the {@code d=} of a passing DKIM signature aligned with the author domain, if any
 * @param alignedSpfDomain  the SPF-authenticated domain if it passed and is aligned
 * @param dkim              the DKIM results the evaluation used
 * @param spf               the SPF result the evaluation used
 */
public record DmarcResult(Status status, String reason, String authorDomain, Optional<DmarcPolicy> policy,
                          DmarcRecord.Policy disposition, boolean sampledOut, Optional<String> alignedDkimDomain,
                          Optional<String> alignedSpfDomain, List<DkimResult> dkim, SpfResult spf) {

  /** The DMARC results registered for Authentication-Results (RFC 7489 §11.2). */
  public enum Status {
    /** No policy was found for the author domain. */
    NONE,
    /** An aligned identifier passed. */
    PASS,
    /** No aligned identifier passed and a policy exists. */
    FAIL,
    /** A DNS error kept the policy from being found. */
    TEMPERROR,
    /** The message or the record could not be evaluated: no From, several From fields, a malformed record. */
    PERMERROR;

    /** {@return the RFC 8601 result keyword} */
    public String keyword() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * Copies the list and requires the values.
   *
   * @param status            the result
   * @param reason            why
   * @param authorDomain      the RFC 5322.From domain, or empty
   * @param policy            the policy discovered, if discovery ran
   * @param disposition       what the Domain Owner asks for this message
   * @param sampledOut        whether {@code pct=} left this message out
   * @param alignedDkimDomain an aligned passing {@code d=}, if any
   * @param alignedSpfDomain  the aligned passing SPF domain, if any
   * @param dkim              the DKIM results used
   * @param spf               the SPF result used
   */
  public DmarcResult {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(authorDomain, "authorDomain");
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(disposition, "disposition");
    Objects.requireNonNull(alignedDkimDomain, "alignedDkimDomain");
    Objects.requireNonNull(alignedSpfDomain, "alignedSpfDomain");
    dkim = List.copyOf(dkim);
    Objects.requireNonNull(spf, "spf");
  }

  /** {@return whether DMARC passed} */
  public boolean isPass() {
    return status == Status.PASS;
  }

  /** {@return the record found, if any} */
  public Optional<DmarcPolicy.Found> found() {
    return policy.filter(DmarcPolicy.Found.class::isInstance).map(DmarcPolicy.Found.class::cast);
  }

  /**
   * This result as an Authentication-Results {@code resinfo} (RFC 7489 §11.2): {@code dmarc=<result>} with the
   * published and applied policy as a comment ({@code p=reject dis=quarantine}, the form common receivers write)
   * and {@code header.from}.
   *
   * @return the method result
   */
  public MethodResult toMethodResult() {
    String comment = found().map(f -> "p=" + f.requestedPolicy().keyword() + " dis=" + disposition.keyword()
        + (sampledOut ? " sampled out" : "")).orElse(status == Status.PERMERROR || status == Status.TEMPERROR
        ? reason : "");
    MethodResult r = authorDomain.isEmpty() ? MethodResult.of("dmarc", status.keyword())
        : MethodResult.of("dmarc", status.keyword(), new MethodResult.Property("header", "from", authorDomain));
    return r.withComment(comment);
  }
}
