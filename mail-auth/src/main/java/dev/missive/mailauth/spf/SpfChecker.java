package dev.missive.mailauth.spf;

import dev.missive.dns.DnsNames;
import dev.missive.dns.DnsResolver;
import dev.missive.dns.DnsResult;
import dev.missive.dns.MxRecord;
import dev.missive.dns.TxtRecord;
import dev.missive.mailauth.MalformedRecordException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SPF's {@code check_host()} (RFC 7208 §4): the record of a domain fetched through a {@link DnsResolver},
 * evaluated for a client address with every mechanism (§5) and modifier (§6) and macro expansion (§7), within the
 * processing limits of §4.6.4 (10 DNS-querying terms, 2 void look-ups, 10 MX or PTR names each), whose excess is
 * a {@code permerror}. DNS failures are {@code temperror}. Thread-safe: each check keeps its own state.
 * <pre>{@code
 * SpfResult r = new SpfChecker(resolver, SpfChecker.Options.DEFAULT)
 *     .checkMailFrom(clientAddress, "alice@example.com", "mail.example.com");
 * }</pre>
 */
public final class SpfChecker {

  private static final Logger LOG = LoggerFactory.getLogger(SpfChecker.class);

  /**
   * The limits and context of a checker.
   *
   * @param maxDnsTerms    terms that query DNS per check (§4.6.4: 10)
   * @param maxVoidLookups look-ups answered NXDOMAIN or no data (§4.6.4: 2)
   * @param maxNames       MX names per {@code mx}, PTR names per {@code ptr} (§4.6.4: 10)
   * @param receiver       this host's domain, the {@code %{r}} macro in explanations
   * @param clock          the {@code %{t}} macro
   */
  public record Options(int maxDnsTerms, int maxVoidLookups, int maxNames, String receiver, Clock clock) {

    /** RFC 7208 §4.6.4's limits, receiver "unknown", the system clock. */
    public static final Options DEFAULT = new Options(10, 2, 10, "unknown", Clock.systemUTC());

    /**
     * Checks the values.
     *
     * @param maxDnsTerms    terms that query DNS per check (§4.6.4: 10)
     * @param maxVoidLookups look-ups answered NXDOMAIN or no data (§4.6.4: 2)
     * @param maxNames       MX names per {@code mx}, PTR names per {@code ptr} (§4.6.4: 10)
     * @param receiver       this host's domain, the {@code %{r}} macro in explanations
     * @param clock          the {@code %{t}} macro
     */
    public Options {
      if (maxDnsTerms < 1 || maxDnsTerms > 100 || maxVoidLookups < 0 || maxVoidLookups > 100 || maxNames < 1
          || maxNames > 100) {
        throw new IllegalArgumentException("SPF limits out of range");
      }
      Objects.requireNonNull(receiver, "receiver");
      Objects.requireNonNull(clock, "clock");
    }
  }

  private final DnsResolver dns;
  private final Options options;

  /**
   * A checker.
   *
   * @param dns     the resolver
   * @param options limits and context
   */
  public SpfChecker(DnsResolver dns, Options options) {
    this.dns = Objects.requireNonNull(dns, "dns");
    this.options = Objects.requireNonNull(options, "options");
  }

  /**
   * Checks the MAIL FROM identity (§2.4), or the HELO identity when the reverse-path is null (§2.4: then the
   * sender is {@code postmaster@helo}).
   *
   * @param ip     the client's address
   * @param sender the reverse-path's mailbox, or empty for the null reverse-path
   * @param helo   the HELO/EHLO domain
   * @return the result
   */
  public SpfResult checkMailFrom(InetAddress ip, String sender, String helo) {
    if (sender == null || sender.isEmpty()) {
      return checkHelo(ip, helo);
    }
    int at = sender.lastIndexOf('@');
    String local = at <= 0 ? "postmaster" : sender.substring(0, at);
    String domain = at < 0 ? sender : sender.substring(at + 1);
    return checkHost(ip, domain, local + "@" + domain, helo);
  }

  /**
   * Checks the HELO identity (§2.3).
   *
   * @param ip   the client's address
   * @param helo the HELO/EHLO domain
   * @return the result
   */
  public SpfResult checkHelo(InetAddress ip, String helo) {
    return checkHost(ip, helo, "postmaster@" + helo, helo);
  }

  /**
   * {@code check_host(ip, domain, sender)} (§4).
   *
   * @param ip     the client's address
   * @param domain the domain to check
   * @param sender the sender, {@code local-part@domain}
   * @param helo   the HELO/EHLO domain (for {@code %{h}})
   * @return the result
   */
  public SpfResult checkHost(InetAddress ip, String domain, String sender, String helo) {
    Evaluation e = new Evaluation(ip);
    MacroContext context = new MacroContext(ip, sender, domain, helo, options.receiver(),
        options.clock().instant().getEpochSecond(), e::validatedPtr);
    SpfResult r = e.checkHost(domain, context, 0);
    if (LOG.isDebugEnabled()) {
      LOG.debug("SPF {} for {} from {}: {} ({})", domain, sender, ip.getHostAddress(), r.status().keyword(),
          r.reason());
    }
    return r;
  }

  /** A result with a reason, used to unwind evaluation. */
  private static final class Abort extends Exception {
    private static final long serialVersionUID = 1L;
    final transient SpfResult.Status status;

    Abort(SpfResult.Status status, String reason) {
      super(reason, null, false, false);
      this.status = status;
    }
  }

  /** The state of one evaluation: the counters of §4.6.4. */
  private final class Evaluation {
    private final InetAddress ip;
    private int dnsTerms;
    private int voids;
    private String ptrName;

    Evaluation(InetAddress ip) {
      this.ip = ip;
    }

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
