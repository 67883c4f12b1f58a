package dev.missive.mailauth.dmarc;

import dev.missive.dns.DnsNames;
import dev.missive.dns.DnsResolver;
import dev.missive.dns.DnsResult;
import dev.missive.dns.TxtRecord;
import dev.missive.mailauth.MalformedRecordException;
import dev.missive.mailauth.dkim.DkimResult;
import dev.missive.mailauth.internal.TagList;
import dev.missive.mailauth.spf.SpfResult;
import dev.missive.message.Defect;
import dev.missive.message.address.AddressParser;
import dev.missive.message.address.Mailbox;
import dev.missive.message.header.HeaderField;
import java.net.IDN;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DMARC for a received message (RFC 7489 §6.6): the author domain from the RFC 5322.From field (§6.6.1), policy
 * discovery through DNS with the Organizational Domain from the Public Suffix List (§6.6.3, §3.2), identifier
 * alignment of the passing DKIM {@code d=} domains and the SPF-authenticated domain (§3.1), and the disposition
 * the policy asks for after {@code pct=} sampling (§6.6.4). A message without a From field, with several From
 * fields or with an unusable address is a {@code permerror}; a From field with several addresses is checked for
 * each of their domains and the strictest failing result counts (§6.6.1). Thread-safe.
 * <pre>{@code
 * DmarcVerifier dmarc = new DmarcVerifier(resolver, DmarcVerifier.Options.DEFAULT);
 * DmarcResult r = dmarc.check(dkimVerifier.headerFields(), dkimResults, spfResult);
 * }</pre>
 */
public final class DmarcVerifier {

  private static final Logger LOG = LoggerFactory.getLogger(DmarcVerifier.class);

  /**
   * How a verifier works.
   *
   * @param suffixes         the Public Suffix List for Organizational Domains
   * @param maxAuthorDomains the most distinct domains a From field may name (§6.6.1), 1–100
   * @param percentile       draws a number 0–99 for {@code pct=} sampling (§6.6.4)
   */
  public record Options(PublicSuffixList suffixes, int maxAuthorDomains, IntSupplier percentile) {

    /** The bundled list, 10 author domains, a thread-local random percentile. */
    public static final Options DEFAULT = new Options(PublicSuffixList.bundled(), 10,
        () -> ThreadLocalRandom.current().nextInt(100));

    /**
     * Checks the values.
     *
     * @param suffixes         the Public Suffix List
     * @param maxAuthorDomains the most distinct domains a From field may name, 1–100
     * @param percentile       draws a number 0–99 for sampling
     */
    public Options {
      Objects.requireNonNull(suffixes, "suffixes");
      Objects.requireNonNull(percentile, "percentile");
      if (maxAuthorDomains < 1 || maxAuthorDomains > 100) {
        throw new IllegalArgumentException("maxAuthorDomains must be 1-100, was " + maxAuthorDomains);
      }
    }

    /**
     * A copy with another list.
     *
     * @param list the Public Suffix List
     * @return a copy with that value
     */
    public Options withSuffixes(PublicSuffixList list) {
      return new Options(list, maxAuthorDomains, percentile);
    }

    /**
     * A copy with another sampling source.
     *
     * @param p draws a number 0–99
     * @return a copy with that value
     */
    public Options withPercentile(IntSupplier p) {
      return new Options(suffixes, maxAuthorDomains, p);
    }
  }

  private final DnsResolver dns;
  private final Options options;

  /**
   * A verifier.
   *
   * @param dns     the resolver
   * @param options how it works
   */
  public DmarcVerifier(DnsResolver dns, Options options) {
    this.dns = Objects.requireNonNull(dns, "dns");
    this.options = Objects.requireNonNull(options, "options");
  }

  /**
   * Evaluates DMARC for a message.
   *
   * @param header the message's top-level header fields, as the DKIM verifier read them
   * @param dkim   the message's DKIM results
   * @param spf    the SPF result of the MAIL FROM identity (or of HELO when the reverse-path was null)
   * @return the result
   */
  public DmarcResult check(List<HeaderField> header, List<DkimResult> dkim, SpfResult spf) {
    List<HeaderField> from = header.stream().filter(f -> f.hasName("From")).toList();
    if (from.size() != 1) {
      return error(from.isEmpty() ? "no From field (RFC 5322 §3.6: exactly one)"
          : from.size() + " From fields (RFC 7489 §6.6.1: not a valid message)", dkim, spf);
    }
    List<Defect> defects = new ArrayList<>();
    List<Mailbox> authors = AddressParser.parseMailboxList(from.get(0).unfoldedValue(), defects);
    if (authors.isEmpty() || !defects.isEmpty()) {
      return error("the From field has no readable address (RFC 5322 §3.6.2)", dkim, spf);
    }
    Set<String> domains = new LinkedHashSet<>();
    for (Mailbox m : authors) {
      Optional<String> d = m.addrSpec().domain().isAddressLiteral() ? Optional.empty()
          : asciiDomain(m.addrSpec().domain().value());
      if (d.isEmpty()) {
        return error("the From domain is not a domain name", dkim, spf);
      }
      domains.add(d.get());
    }
    if (domains.size() > options.maxAuthorDomains()) {
      return error("the From field names " + domains.size() + " domains, more than "
          + options.maxAuthorDomains(), dkim, spf);
    }
    DmarcResult worst = null;
    for (String domain : domains) {
      DmarcResult r = check(domain, dkim, spf);
      if (worst == null || rank(r) > rank(worst)) {
        worst = r;
      }
    }
    return worst;
  }

  /**
   * Evaluates DMARC for one author domain.
   *
   * @param authorDomain the RFC 5322.From domain
   * @param dkim         the message's DKIM results
   * @param spf          the SPF result
   * @return the result
   * @throws IllegalArgumentException if {@code authorDomain} is not a domain name
   */
  public DmarcResult check(String authorDomain, List<DkimResult> dkim, SpfResult spf) {
    String domain = asciiDomain(authorDomain)
        .orElseThrow(() -> new IllegalArgumentException("not a domain name: " + TagList.excerpt(authorDomain)));
    DmarcPolicy policy = discover(domain);
    Optional<String> dkimAligned = Optional.empty();
    Optional<String> spfAligned = Optional.empty();
    DmarcRecord.Alignment adkim = DmarcRecord.Alignment.RELAXED;
    DmarcRecord.Alignment aspf = DmarcRecord.Alignment.RELAXED;
    if (policy instanceof DmarcPolicy.Found f) {
      adkim = f.record().dkimAlignment();
      aspf = f.record().spfAlignment();
    }
    for (DkimResult r : dkim) {
      if (r.isPass() && aligned(r.domain(), domain, adkim)) {
        dkimAligned = Optional.of(r.domain());
        break;
      }
    }
    if (spf.status() == SpfResult.Status.PASS && aligned(spf.domain(), domain, aspf)) {
      spfAligned = Optional.of(spf.domain().toLowerCase(Locale.ROOT));
    }
    boolean pass = dkimAligned.isPresent() || spfAligned.isPresent();
    DmarcResult.Status status;
    String reason;
    DmarcRecord.Policy disposition = DmarcRecord.Policy.NONE;
    boolean sampledOut = false;
    if (policy instanceof DmarcPolicy.Found f) {
      status = pass ? DmarcResult.Status.PASS : DmarcResult.Status.FAIL;
      reason = (pass ? dkimAligned.map(d -> "aligned DKIM d=" + d).orElse("aligned SPF " + spfAligned.orElse(""))
          : "no aligned DKIM or SPF pass") + "; policy at " + f.recordDomain();
      if (!pass) {
        disposition = f.requestedPolicy();
        if (disposition != DmarcRecord.Policy.NONE && f.record().percent() < 100
            && options.percentile().getAsInt() >= f.record().percent()) {
          disposition = disposition.lessStrict();
          sampledOut = true;
        }
      }
    } else if (policy instanceof DmarcPolicy.NotFound n) {
      status = DmarcResult.Status.NONE;
      reason = n.reason();
    } else if (policy instanceof DmarcPolicy.Invalid i) {
      status = DmarcResult.Status.PERMERROR;
      reason = "invalid DMARC record at " + i.recordDomain() + ": " + i.reason();
    } else {
      status = DmarcResult.Status.TEMPERROR;
      reason = ((DmarcPolicy.TempError) policy).reason();
    }
    LOG.debug("DMARC {}: {} ({}), disposition {}", domain, status.keyword(), reason, disposition.keyword());
    return new DmarcResult(status, reason, domain, Optional.of(policy), disposition, sampledOut, dkimAligned,
        spfAligned, dkim, spf);
  }

  /**
   * Policy discovery (RFC 7489 §6.6.3): the DMARC record at {@code _dmarc.<domain>}, else at the Organizational
   * Domain's.
   *
   * @param authorDomain the author domain, lower-case A-labels
   * @return the policy, or why there is none
   * @throws IllegalArgumentException if {@code authorDomain} is not a domain name
   */
  public DmarcPolicy discover(String authorDomain) {
    String domain = asciiDomain(authorDomain)
        .orElseThrow(() -> new IllegalArgumentException("not a domain name: " + TagList.excerpt(authorDomain)));
    String org = options.suffixes().organizationalDomain(domain);
    Optional<DmarcPolicy> atAuthor = lookup(domain, org, false);
    if (atAuthor.isPresent()) {
      return atAuthor.get();
    }
    if (org.equals(domain)) {
      return new DmarcPolicy.NotFound("no DMARC record at _dmarc." + domain);
    }
    return lookup(org, org, true).orElseGet(() -> new DmarcPolicy.NotFound("no DMARC record at _dmarc." + domain
        + " or _dmarc." + org));
  }

  /** The policy at one name, or empty when there is no DMARC record there (§6.6.3 step 3 then asks the next). */
  private Optional<DmarcPolicy> lookup(String name, String org, boolean atOrganizationalDomain) {
    String query = "_dmarc." + name;
    if (!DnsNames.isQueryable(query)) {
      return Optional.empty();
    }
    DnsResult<TxtRecord> answer = dns.txt(query);
    if (answer instanceof DnsResult.Failure<TxtRecord> f) {
      return Optional.of(new DmarcPolicy.TempError("DMARC record look-up at " + query + " failed: " + f.reason()));
    }
    List<String> records = answer.records().stream().map(TxtRecord::text).filter(DmarcRecord::isDmarcRecord)
        .toList();
    if (records.isEmpty()) {
      return Optional.empty();
    }
    if (records.size() > 1) {
      return Optional.of(new DmarcPolicy.NotFound("several DMARC records at " + query
          + " (RFC 7489 §6.6.3): no policy"));
    }
    try {
      DmarcRecord record = DmarcRecord.parse(records.get(0));
      return Optional.of(new DmarcPolicy.Found(record, name, org, atOrganizationalDomain));
    } catch (MalformedRecordException e) {
      return Optional.of(new DmarcPolicy.Invalid(name, e.getMessage()));
    }
  }

  /**
   * Whether a report destination outside the policy domain's Organizational Domain agreed to receive its reports
   * (RFC 7489 §7.1): a DMARC record at {@code <policyDomain>._report._dmarc.<destinationDomain>}. Destinations in
   * the same Organizational Domain need no such record. A DNS failure answers false: try again later.
   *
   * @param policyDomain      the domain whose policy named the destination
   * @param destinationDomain the domain of the report URI (the {@code mailto:} address's domain)
   * @return whether reports may be sent there
   * @throws IllegalArgumentException if either is not a domain name
   */
  public boolean reportDestinationAuthorized(String policyDomain, String destinationDomain) {
    String policy = asciiDomain(policyDomain)
        .orElseThrow(() -> new IllegalArgumentException("not a domain name: " + TagList.excerpt(policyDomain)));
    String dest = asciiDomain(destinationDomain).orElseThrow(
        () -> new IllegalArgumentException("not a domain name: " + TagList.excerpt(destinationDomain)));
    if (aligned(policy, dest, DmarcRecord.Alignment.RELAXED)) {
      return true;
    }
    String query = policy + "._report._dmarc." + dest;
    return DnsNames.isQueryable(query)
        && dns.txt(query).records().stream().map(TxtRecord::text).anyMatch(DmarcRecord::isDmarcRecord);
  }

  /**
   * Identifier alignment (RFC 7489 §3.1): strict, the domains are equal; relaxed, their Organizational Domains are.
   *
   * @param authenticated the DKIM {@code d=} or SPF domain
   * @param author        the RFC 5322.From domain
   * @param mode          {@code adkim=} or {@code aspf=}
   * @return whether they align; false when either is not a domain name
   */
  public boolean aligned(String authenticated, String author, DmarcRecord.Alignment mode) {
    Optional<String> a = asciiDomain(authenticated);
    Optional<String> b = asciiDomain(author);
    if (a.isEmpty() || b.isEmpty()) {
      return false;
    }
    if (mode == DmarcRecord.Alignment.STRICT) {
      return a.get().equals(b.get());
    }
    return options.suffixes().organizationalDomain(a.get()).equals(options.suffixes().organizationalDomain(b.get()));
  }

  /** A name in lower-case A-label form without the trailing dot, or empty when it is not a domain name. */
  static Optional<String> asciiDomain(String name) {
    if (name == null || name.isEmpty() || name.length() > 1024) {
      return Optional.empty();
    }
    String n = name;
    if (!n.chars().allMatch(c -> c < 0x80)) {
      try {
        n = IDN.toASCII(n, IDN.ALLOW_UNASSIGNED);
      } catch (IllegalArgumentException e) {
        return Optional.empty();
      }
    }
    if (!DnsNames.isQueryable(n) || n.startsWith(".") || n.chars().anyMatch(c -> c <= ' ')) {
      return Optional.empty();
    }
    return Optional.of(DnsNames.normalize(n));
  }

  /** Which of two per-domain results of one From field counts (§6.6.1: the strictest failing one). */
  private static int rank(DmarcResult r) {
    return switch (r.status()) {
      case FAIL -> 10 + r.disposition().ordinal();
      case PERMERROR -> 5;
      case TEMPERROR -> 4;
      case PASS -> 2;
      case NONE -> 1;
    };
  }

  private static DmarcResult error(String reason, List<DkimResult> dkim, SpfResult spf) {
    return new DmarcResult(DmarcResult.Status.PERMERROR, reason, "", Optional.empty(), DmarcRecord.Policy.NONE,
        false, Optional.empty(), Optional.empty(), dkim, spf);
  }
}
