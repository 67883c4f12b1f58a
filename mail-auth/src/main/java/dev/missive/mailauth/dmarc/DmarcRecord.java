package dev.missive.mailauth.dmarc;

import dev.missive.mailauth.MalformedRecordException;
import dev.missive.mailauth.internal.TagList;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A DMARC policy record (RFC 7489 §6.3, the TXT record at {@code _dmarc.<domain>}), parsed: {@code v=DMARC1}
 * first, then in any order {@code p}, {@code sp}, {@code adkim}, {@code aspf}, {@code pct}, {@code fo}, {@code rf},
 * {@code ri}, {@code rua} and {@code ruf}; unknown tags are ignored (§6.3: "MUST be ignored"). Values are
 * case-insensitive. A record without a valid {@code p=} that names at least one aggregate report URI is read as
 * {@code p=none} (§6.6.3 step 6); {@link #policyWasInvalid()} says so.
 *
 * @param policy           {@code p=}, the requested handling of mail that fails
 * @param subdomainPolicy  {@code sp=}, for subdomains of the Organizational Domain, if given
 * @param dkimAlignment    {@code adkim=} (relaxed when absent)
 * @param spfAlignment     {@code aspf=} (relaxed when absent)
 * @param percent          {@code pct=}, 0–100 (100 when absent)
 * @param failureOptions   {@code fo=}, the failure reporting options ({@code 0} when absent)
 * @param reportInterval   {@code ri=}, seconds between aggregate reports (86400 when absent)
 * @param aggregateReports {@code rua=}, the aggregate report URIs
 * @param failureReports   {@code ruf=}, the failure report URIs
 * @param policyWasInvalid whether {@code p=} was missing or invalid and {@code none} was assumed (§6.6.3)
 */
public record DmarcRecord(Policy policy, Optional<Policy> subdomainPolicy, Alignment dkimAlignment,
                          Alignment spfAlignment, int percent, List<String> failureOptions, long reportInterval,
                          List<ReportUri> aggregateReports, List<ReportUri> failureReports,
                          boolean policyWasInvalid) {

  /** The most URIs read from {@code rua=} or {@code ruf=}; more are ignored (§6.2 lets receivers limit them). */
  public static final int MAX_REPORT_URIS = 10;

  /** The requested Mail Receiver policy (RFC 7489 §6.3 {@code p=}). */
  public enum Policy {
    /** No specific action: monitoring. */
    NONE,
    /** Treat failing mail as suspicious (for example, deliver to the spam folder). */
    QUARANTINE,
    /** Reject failing mail during the SMTP transaction. */
    REJECT;

    /** {@return the tag value and the word aggregate reports use} */
    public String keyword() {
      return name().toLowerCase(Locale.ROOT);
    }

    static Optional<Policy> fromTag(String v) {
      for (Policy p : values()) {
        if (p.keyword().equalsIgnoreCase(v)) {
          return Optional.of(p);
        }
      }
      return Optional.empty();
    }

    /** The next less strict policy, used for the messages {@code pct=} leaves out (§6.6.4). */
    Policy lessStrict() {
      return this == REJECT ? QUARANTINE : NONE;
    }
  }

  /** Identifier alignment mode (RFC 7489 §3.1, {@code adkim=} and {@code aspf=}). */
  public enum Alignment {
    /** The Organizational Domains must be equal. */
    RELAXED,
    /** The domains must be equal. */
    STRICT;

    /** {@return the tag value: {@code r} or {@code s}} */
    public String tagValue() {
      return this == RELAXED ? "r" : "s";
    }
  }

  /**
   * A report URI with its optional size limit (RFC 7489 §6.2: {@code URI [ "!" size [unit] ]}).
   *
   * @param uri          the URI, commas and exclamation marks percent-encoded as written
   * @param maxSizeBytes the largest report to send there, if limited
   */
  public record ReportUri(String uri, Optional<Long> maxSizeBytes) {
    /**
     * Requires the values.
     *
     * @param uri          the URI
     * @param maxSizeBytes the largest report to send there, if limited
     */
    public ReportUri {
      Objects.requireNonNull(uri, "uri");
      Objects.requireNonNull(maxSizeBytes, "maxSizeBytes");
    }

    /** {@return the address of a {@code mailto:} URI, without query, or empty for another scheme} */
    public Optional<String> mailtoAddress() {
      if (!uri.regionMatches(true, 0, "mailto:", 0, 7)) {
        return Optional.empty();
      }
      String a = uri.substring(7);
      int q = a.indexOf('?');
      return Optional.of(q < 0 ? a : a.substring(0, q)).filter(s -> s.indexOf('@') > 0);
    }
  }

  /**
   * Copies the lists and checks the values.
   *
   * @param policy           {@code p=}
   * @param subdomainPolicy  {@code sp=}, if given
   * @param dkimAlignment    {@code adkim=}
   * @param spfAlignment     {@code aspf=}
   * @param percent          {@code pct=}, 0–100
   * @param failureOptions   {@code fo=}
   * @param reportInterval   {@code ri=}
   * @param aggregateReports {@code rua=}
   * @param failureReports   {@code ruf=}
   * @param policyWasInvalid whether {@code none} was assumed for a missing or invalid {@code p=}
   */
  public DmarcRecord {
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(subdomainPolicy, "subdomainPolicy");
    Objects.requireNonNull(dkimAlignment, "dkimAlignment");
    Objects.requireNonNull(spfAlignment, "spfAlignment");
    if (percent < 0 || percent > 100) {
      throw new IllegalArgumentException("pct must be 0-100, was " + percent);
    }
    failureOptions = List.copyOf(failureOptions);
    aggregateReports = List.copyOf(aggregateReports);
    failureReports = List.copyOf(failureReports);
  }

  /**
   * Whether a TXT record is a DMARC record at all: it starts with {@code v=DMARC1} (RFC 7489 §6.6.3 step 2
   * discards the others).
   *
   * @param txt the record's text
   * @return whether it is a DMARC record
   */
  public static boolean isDmarcRecord(String txt) {
    String s = txt.stripLeading();
    if (!s.regionMatches(true, 0, "v", 0, 1)) {
      return false;
    }
    s = s.substring(1).stripLeading();
    if (!s.startsWith("=")) {
      return false;
    }
    s = s.substring(1).stripLeading();
    if (!s.regionMatches(true, 0, "DMARC1", 0, 6)) {
      return false;
    }
    s = s.substring(6).stripLeading();
    return s.isEmpty() || s.startsWith(";");
  }

  /**
   * Parses a DMARC record. This is the fuzzing entry point of the record grammar.
   *
   * @param txt the TXT record's text (its strings joined)
   * @return the record
   * @throws MalformedRecordException if it is not a DMARC record, is not a tag list, or has an invalid value
   *                                  (other than {@code p=} with a report URI, §6.6.3)
   */
  public static DmarcRecord parse(String txt) throws MalformedRecordException {
    if (!isDmarcRecord(txt)) {
      throw new MalformedRecordException("not a DMARC record: it must start with v=DMARC1 (RFC 7489 §6.3)");
    }
    TagList tags = TagList.parse(lowerCaseNames(txt));
    List<ReportUri> rua = uris(tags.value("rua").orElse(""));
    List<ReportUri> ruf = uris(tags.value("ruf").orElse(""));
    Optional<Policy> p = tags.value("p").flatMap(Policy::fromTag);
    Optional<String> spText = tags.value("sp");
    Optional<Policy> sp = spText.flatMap(Policy::fromTag);
    boolean invalid = p.isEmpty() || spText.isPresent() && sp.isEmpty();
    if (invalid && rua.isEmpty()) {
      throw new MalformedRecordException(tags.value("p").isEmpty() ? "DMARC record lacks p= (RFC 7489 §6.3)"
          : "invalid p= or sp= value (RFC 7489 §6.3)");
    }
    Alignment adkim = alignment(tags, "adkim");
    Alignment aspf = alignment(tags, "aspf");
    int pct = (int) number(tags, "pct", 100, 100);
    long ri = number(tags, "ri", 86400, 0xffff_ffffL);
    List<String> fo = new ArrayList<>();
    for (String o : tags.value("fo").orElse("0").split(":")) {
      String v = TagList.compact(o).toLowerCase(Locale.ROOT);
      if (!List.of("0", "1", "d", "s").contains(v)) {
        throw new MalformedRecordException("invalid fo= option " + TagList.excerpt(v) + " (RFC 7489 §6.3)");
      }
      fo.add(v);
    }
    return invalid
        ? new DmarcRecord(Policy.NONE, Optional.empty(), adkim, aspf, pct, fo, ri, rua, ruf, true)
        : new DmarcRecord(p.get(), sp, adkim, aspf, pct, fo, ri, rua, ruf, false);
  }

  /**
   * The policy for the author domain: {@code sp=} for a subdomain of the Organizational Domain whose record was
   * found there (RFC 7489 §6.3 {@code sp}, §6.6.3 step 4), otherwise {@code p=}.
   *
   * @param forSubdomain whether the record applies to a subdomain
   * @return the policy
   */
  public Policy policyFor(boolean forSubdomain) {
    return forSubdomain ? subdomainPolicy.orElse(policy) : policy;
  }

  /** Tag names are case-insensitive in DMARC (RFC 7489 §6.4, ABNF literals); TagList's are not. */
  private static String lowerCaseNames(String txt) {
    StringBuilder b = new StringBuilder(txt.length());
    boolean inName = true;
    for (int i = 0; i < txt.length(); i++) {
      char c = txt.charAt(i);
      if (c == '=') {
        inName = false;
      } else if (c == ';') {
        inName = true;
      }
      b.append(inName && c >= 'A' && c <= 'Z' ? (char) (c + 32) : c);
    }
    return b.toString();
  }

  private static Alignment alignment(TagList tags, String name) throws MalformedRecordException {
    String v = tags.value(name).orElse("r");
    if (v.equalsIgnoreCase("r")) {
      return Alignment.RELAXED;
    }
    if (v.equalsIgnoreCase("s")) {
      return Alignment.STRICT;
    }
    throw new MalformedRecordException("invalid " + name + "=" + TagList.excerpt(v) + " (RFC 7489 §6.3)");
  }

  private static long number(TagList tags, String name, long absent, long max) throws MalformedRecordException {
    String v = tags.value(name).orElse(null);
    if (v == null) {
      return absent;
    }
    if (v.isEmpty() || v.length() > 10 || !v.chars().allMatch(c -> c >= '0' && c <= '9')
        || Long.parseLong(v) > max) {
      throw new MalformedRecordException("invalid " + name + "=" + TagList.excerpt(v) + " (RFC 7489 §6.3)");
    }
    return Long.parseLong(v);
  }

  /** {@code dmarc-uri *(*WSP "," *WSP dmarc-uri)}; a URI that does not parse is skipped (§6.4). */
  private static List<ReportUri> uris(String value) {
    List<ReportUri> out = new ArrayList<>();
    for (String part : value.split(",")) {
      String u = TagList.compact(part);
      if (out.size() == MAX_REPORT_URIS) {
        break;
      }
      int bang = u.lastIndexOf('!');
      Optional<Long> size = Optional.empty();
      if (bang > 0) {
        Optional<Long> parsed = size(u.substring(bang + 1));
        if (parsed.isEmpty()) {
          continue;
        }
        size = parsed;
        u = u.substring(0, bang);
      }
      int colon = u.indexOf(':');
      if (colon < 1 || colon == u.length() - 1 || !u.substring(0, colon).chars()
          .allMatch(c -> Character.isLetterOrDigit(c) || c == '+' || c == '-' || c == '.')) {
        continue; // RFC 3986 §3.1: a scheme, then something
      }
      out.add(new ReportUri(u, size));
    }
    return out;
  }

  /** {@code 1*DIGIT [ "k" / "m" / "g" / "t" ]} (§6.4), in octets; empty when malformed or beyond a long. */
  private static Optional<Long> size(String s) {
    if (s.isEmpty()) {
      return Optional.empty();
    }
    char unit = Character.toLowerCase(s.charAt(s.length() - 1));
    int shift = switch (unit) {
      case 'k' -> 10;
      case 'm' -> 20;
      case 'g' -> 30;
      case 't' -> 40;
      default -> 0;
    };
    String digits = shift == 0 ? s : s.substring(0, s.length() - 1);
    if (digits.isEmpty() || digits.length() > 18 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return Optional.empty();
    }
    try {
      return Optional.of(Math.multiplyExact(Long.parseLong(digits), 1L << shift));
    } catch (ArithmeticException tooLarge) {
      return Optional.empty();
    }
  }
}
