package dev.missive.mailauth.spf;

import dev.missive.dns.DnsResolver;
import java.net.InetAddress;
import java.time.Clock;
import java.util.Objects;
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
    SpfEvaluation e = new SpfEvaluation(dns, options, ip);
    MacroContext context = new MacroContext(ip, sender, domain, helo, options.receiver(),
        options.clock().instant().getEpochSecond(), e::validatedPtr);
    SpfResult r = e.checkHost(domain, context, 0);
    if (LOG.isDebugEnabled()) {
      LOG.debug("SPF {} for {} from {}: {} ({})", domain, sender, ip.getHostAddress(), r.status().keyword(),
          r.reason());
    }
    return r;
  }
}
