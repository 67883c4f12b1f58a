package dev.missive.mailauth.spf;

import dev.missive.dns.DnsNames;
import dev.missive.dns.DnsResolver;
import dev.missive.dns.DnsResult;
import dev.missive.dns.MxRecord;
import dev.missive.dns.TxtRecord;
import dev.missive.mailauth.MalformedRecordException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One run of {@link SpfChecker#checkHost}: the mechanisms (RFC 7208 §5) and modifiers (§6) of a record and of the
 * records it includes or redirects to, evaluated for one client address, with the counters of the processing
 * limits (§4.6.4) shared by all of them. Not thread-safe: a new one per check.
 */
final class SpfEvaluation {

  private final DnsResolver dns;
  private final SpfChecker.Options options;
  private final InetAddress ip;
  private int dnsTerms;
  private int voids;
  private String ptrName;

  /** A result with a reason, used to unwind evaluation. */
  private static final class Abort extends Exception {
    private static final long serialVersionUID = 1L;
    final transient SpfResult.Status status;

    Abort(SpfResult.Status status, String reason) {
      super(reason, null, false, false);
      this.status = status;
    }
  }

  /**
   * A fresh evaluation with zeroed counters.
   *
   * @param dns     the resolver
   * @param options the limits
   * @param ip      the client's address
   */
  SpfEvaluation(DnsResolver dns, SpfChecker.Options options, InetAddress ip) {
    this.dns = dns;
    this.options = options;
    this.ip = ip;
  }

  /**
   * {@code check_host()} of one domain (RFC 7208 §4.4–§4.7), the nested {@code include:} and {@code redirect=}
   * evaluations sharing this evaluation's counters.
   *
   * @param domain  the domain whose record is evaluated
   * @param context the macro context, its domain replaced by {@code domain}
   * @param depth   the nesting of include/redirect
   * @return the result
   */
  SpfResult checkHost(String domain, MacroContext context, int depth) {
    if (!isValidDomain(domain)) {
      return new SpfResult(SpfResult.Status.NONE, "not a valid domain name (RFC 7208 §4.3)", Optional.empty(),
          domain);
    }
    String d = DnsNames.normalize(domain);
    MacroContext ctx = context.withDomain(d);
    DnsResult<TxtRecord> txt = dns.txt(d);
    if (txt instanceof DnsResult.Failure<TxtRecord> f) {
      return result(SpfResult.Status.TEMPERROR, "DNS: " + f.reason(), d);
    }
    List<String> spf = new ArrayList<>();
    for (TxtRecord r : txt.records()) {
      if (SpfRecord.isSpfRecord(r.text())) {
        spf.add(r.text());
      }
    }
    if (spf.isEmpty()) {
      return result(SpfResult.Status.NONE, "no SPF record", d);
    }
    if (spf.size() > 1) {
      return result(SpfResult.Status.PERMERROR, "more than one SPF record (RFC 7208 §4.5)", d);
    }
    SpfRecord record;
    try {
      if (!spf.get(0).chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
        throw new MalformedRecordException("SPF records are 7-bit printable ASCII (RFC 7208 §3.1, §4.6.1)");
      }
      record = SpfRecord.parse(spf.get(0));
    } catch (MalformedRecordException ex) {
      return result(SpfResult.Status.PERMERROR, ex.getMessage(), d);
    }
    try {
      for (SpfRecord.Directive directive : record.directives()) {
        if (matches(directive.mechanism(), ctx, depth)) {
          SpfResult.Status s = directive.qualifier().result();
          Optional<String> exp = s == SpfResult.Status.FAIL ? explanation(record, ctx) : Optional.empty();
          return new SpfResult(s, "matched " + describe(directive), exp, d);
        }
      }
      if (record.redirect().isPresent() && !record.hasAll()) {
        countDnsTerm();
        String target = targetName(record.redirect().get(), ctx);
        SpfResult r = target == null ? null : checkHost(target, ctx, depth + 1);
        if (r == null || r.status() == SpfResult.Status.NONE) {
          return result(SpfResult.Status.PERMERROR, "redirect= to a domain without SPF record (RFC 7208 §6.1)",
              d);
        }
        return r;
      }
      return result(SpfResult.Status.NEUTRAL, "no mechanism matched (RFC 7208 §4.7)", d);
    } catch (Abort a) {
      return result(a.status, a.getMessage(), d);
    }
  }

  private boolean matches(Mechanism m, MacroContext ctx, int depth) throws Abort {
    if (m.queriesDns()) {
      countDnsTerm();
    }
    if (m instanceof Mechanism.All) {
      return true;
    }
    if (m instanceof Mechanism.Ip4 n) {
      return ip instanceof Inet4Address && inNetwork(ip, n.network(), n.cidr());
    }
    if (m instanceof Mechanism.Ip6 n) {
      return !(ip instanceof Inet4Address) && inNetwork(ip, n.network(), n.cidr());
    }
    if (m instanceof Mechanism.Include inc) {
      String target = targetName(inc.domain(), ctx);
      if (target == null) {
        throw new Abort(SpfResult.Status.PERMERROR, "include: of an invalid domain");
      }
      SpfResult r = checkHost(target, ctx, depth + 1);
      switch (r.status()) {
        case PASS:
          return true;
        case TEMPERROR:
          throw new Abort(SpfResult.Status.TEMPERROR, "include:" + target + ": " + r.reason());
        case PERMERROR:
        case NONE:
          throw new Abort(SpfResult.Status.PERMERROR, "include:" + target + ": " + r.status().keyword() + ", "
              + r.reason() + " (RFC 7208 §5.2)");
        default:
          return false;
      }
    }
    if (m instanceof Mechanism.A a) {
      String target = a.domain().isPresent() ? targetName(a.domain().get(), ctx) : ctx.domain();
      return target != null && addressMatches(target, a.cidr4(), a.cidr6(), true);
    }
    if (m instanceof Mechanism.Mx mx) {
      String target = mx.domain().isPresent() ? targetName(mx.domain().get(), ctx) : ctx.domain();
      if (target == null) {
        return false;
      }
      List<MxRecord> records = records(dns.mx(target), true);
      if (records.size() > options.maxNames()) {
        throw new Abort(SpfResult.Status.PERMERROR, "more than " + options.maxNames()
            + " MX records (RFC 7208 §4.6.4)");
      }
      for (MxRecord r : records) {
        if (!r.isNullMx() && DnsNames.isQueryable(r.exchange())
            && addressMatches(r.exchange(), mx.cidr4(), mx.cidr6(), false)) {
          return true;
        }
      }
      return false;
    }
    if (m instanceof Mechanism.Ptr p) {
      String target = p.domain().isPresent() ? targetName(p.domain().get(), ctx) : ctx.domain();
      return target != null && validatedNames(target).size() > 0;
    }
    Mechanism.Exists ex = (Mechanism.Exists) m;
    String target = targetName(ex.domain(), ctx);
    return target != null && !records(dns.a(target), true).isEmpty();
  }

  private boolean addressMatches(String name, int cidr4, int cidr6, boolean countVoid) throws Abort {
    List<? extends InetAddress> addresses = ip instanceof Inet4Address ? records(dns.a(name), countVoid)
        : records(dns.aaaa(name), countVoid);
    for (InetAddress a : addresses) {
      if (inNetwork(ip, a, ip instanceof Inet4Address ? cidr4 : cidr6)) {
        return true;
      }
    }
    return false;
  }

  /** §5.5: PTR names of the client (at most 10) whose addresses include it and that are, or end in, target. */
  private List<String> validatedNames(String target) throws Abort {
    DnsResult<String> ptr = dns.ptr(ip);
    if (ptr instanceof DnsResult.Failure) {
      return List.of(); // §5.5: a DNS error on the PTR query makes the mechanism not match
    }
    if (ptr.isVoid()) {
      countVoid();
    }
    List<String> names = new ArrayList<>();
    List<String> candidates = ptr.records();
    for (int i = 0; i < candidates.size() && i < options.maxNames(); i++) {
      String name = candidates.get(i).toLowerCase(Locale.ROOT);
      if (!DnsNames.isQueryable(name)) {
        continue;
      }
      if (target != null && !name.equals(target) && !name.endsWith("." + target)) {
        continue;
      }
      DnsResult<? extends InetAddress> addr = ip instanceof Inet4Address ? dns.a(name) : dns.aaaa(name);
      if (addr.records().contains(ip)) {
        names.add(name);
      }
    }
    return names;
  }

  /** The {@code %{p}} macro (RFC 7208 §7.3): the first validated PTR name, or "unknown"; looked up once. */
  String validatedPtr() {
    if (ptrName == null) {
      try {
        List<String> names = validatedNames(null);
        ptrName = names.isEmpty() ? "unknown" : names.get(0);
      } catch (Abort a) {
        ptrName = "unknown";
      }
    }
    return ptrName;
  }

  private <T> List<T> records(DnsResult<T> r, boolean countVoid) throws Abort {
    if (r instanceof DnsResult.Failure<T> f) {
      throw new Abort(SpfResult.Status.TEMPERROR, "DNS: " + f.reason());
    }
    if (r.isVoid() && countVoid) {
      countVoid();
    }
    return r.records();
  }

  private void countVoid() throws Abort {
    if (++voids > options.maxVoidLookups()) {
      throw new Abort(SpfResult.Status.PERMERROR, "more than " + options.maxVoidLookups()
          + " void look-ups (RFC 7208 §4.6.4)");
    }
  }

  private void countDnsTerm() throws Abort {
    if (++dnsTerms > options.maxDnsTerms()) {
      throw new Abort(SpfResult.Status.PERMERROR, "more than " + options.maxDnsTerms()
          + " DNS-querying terms (RFC 7208 §4.6.4)");
    }
  }

  /** The expanded target name, its left labels dropped past 253 octets (§7.3); null if it cannot be asked. */
  private String targetName(MacroString spec, MacroContext ctx) {
    String name = spec.expand(ctx);
    if (name.endsWith(".")) {
      name = name.substring(0, name.length() - 1);
    }
    while (name.length() > DnsNames.MAX_NAME_LENGTH && name.indexOf('.') >= 0) {
      name = name.substring(name.indexOf('.') + 1);
    }
    return DnsNames.isQueryable(name) ? DnsNames.normalize(name) : null;
  }

  /** §6.2: the explanation of a fail; any problem gives none. */
  private Optional<String> explanation(SpfRecord record, MacroContext ctx) {
    if (record.explanation().isEmpty()) {
      return Optional.empty();
    }
    String target = targetName(record.explanation().get(), ctx);
    if (target == null) {
      return Optional.empty();
    }
    List<TxtRecord> txt = dns.txt(target).records();
    if (txt.size() != 1) {
      return Optional.empty();
    }
    try {
      String text = txt.get(0).text();
      if (!text.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
        return Optional.empty();
      }
      return Optional.of(MacroString.parse(text, true).expand(ctx));
    } catch (MalformedRecordException e) {
      return Optional.empty();
    }
  }

  private static SpfResult result(SpfResult.Status s, String reason, String domain) {
    return new SpfResult(s, reason, Optional.empty(), domain);
  }

  private static String describe(SpfRecord.Directive d) {
    String m = d.mechanism().getClass().getSimpleName().toLowerCase(Locale.ROOT);
    return (d.qualifier() == Qualifier.PASS ? "" : String.valueOf(d.qualifier().symbol())) + m;
  }

  /** §4.3: a multi-label domain name whose labels are 1–63 octets, 253 in all. */
  static boolean isValidDomain(String domain) {
    if (domain == null || domain.isEmpty() || !DnsNames.isQueryable(domain)) {
      return false;
    }
    String d = domain.endsWith(".") ? domain.substring(0, domain.length() - 1) : domain;
    return d.indexOf('.') > 0 && !d.startsWith("[");
  }

  static boolean inNetwork(InetAddress ip, InetAddress network, int prefix) {
    byte[] a = ip.getAddress();
    byte[] n = network.getAddress();
    if (a.length != n.length) {
      return false;
    }
    int full = prefix / 8;
    for (int i = 0; i < full; i++) {
      if (a[i] != n[i]) {
        return false;
      }
    }
    int bits = prefix % 8;
    if (bits == 0) {
      return true;
    }
    int mask = (0xff << (8 - bits)) & 0xff;
    return (a[full] & mask) == (n[full] & mask);
  }
}
