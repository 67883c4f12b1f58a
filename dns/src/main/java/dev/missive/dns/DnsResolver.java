package dev.missive.dns;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * Typed DNS look-ups (RFC 1035, RFC 3596) for mail: what SPF ({@code a}, {@code mx}, {@code ptr},
 * {@code exists}, {@code include}, RFC 7208 §5), DKIM key records (RFC 6376 §3.6.2), DMARC policy records
 * (RFC 7489 §6.6.3) and MX delivery (RFC 5321 §5.1, RFC 7505) ask.
 *
 * <p>Names are absolute domain names in A-label form (RFC 5890 §2.3.2.1), written without the trailing dot;
 * convert internationalised names before asking. A name that {@link DnsNames#isQueryable(String)} refuses is
 * host misuse and throws {@link IllegalArgumentException}. The methods block until the answer, NXDOMAIN, no
 * data or a failure is known, and never throw for what the network or a server does: every such outcome is a
 * {@link DnsResult}. CNAMEs are followed by the server. Implementations are thread-safe.
 */
public interface DnsResolver {

  /**
   * The TXT records of a name (RFC 1035 §3.3.14).
   *
   * @param name the domain name
   * @return the records, or why there are none
   */
  DnsResult<TxtRecord> txt(String name);

  /**
   * The MX records of a name (RFC 1035 §3.3.9), in the order the server gave them; sort by
   * {@link MxRecord#preference()} to deliver.
   *
   * @param name the domain name
   * @return the records, or why there are none
   */
  DnsResult<MxRecord> mx(String name);

  /**
   * The IPv4 addresses of a name (A records, RFC 1035 §3.4.1).
   *
   * @param name the domain name
   * @return the addresses, or why there are none
   */
  DnsResult<Inet4Address> a(String name);

  /**
   * The IPv6 addresses of a name (AAAA records, RFC 3596 §2).
   *
   * @param name the domain name
   * @return the addresses, or why there are none
   */
  DnsResult<Inet6Address> aaaa(String name);

  /**
   * The host names of an address (PTR records under in-addr.arpa or ip6.arpa, RFC 1035 §3.5, RFC 3596 §2.5),
   * without the trailing dot.
   *
   * @param address the address
   * @return the names, or why there are none
   */
  DnsResult<String> ptr(InetAddress address);

  /**
   * The IPv4 and IPv6 addresses of a name: A then AAAA, as SPF's {@code a} mechanism and MX delivery's
   * address look-up use them. The result is an answer if either query answered; a failure if either failed and
   * neither answered; otherwise NXDOMAIN if the A query said so, else no data.
   *
   * @param name the domain name
   * @return the addresses, or why there are none
   */
  default DnsResult<InetAddress> addresses(String name) {
    DnsResult<Inet4Address> v4 = a(name);
    if (v4 instanceof DnsResult.NxDomain) {
      return new DnsResult.NxDomain<>();
    }
    DnsResult<Inet6Address> v6 = aaaa(name);
    List<InetAddress> all = new ArrayList<>(v4.records());
    all.addAll(v6.records());
    if (!all.isEmpty()) {
      return new DnsResult.Answer<>(all);
    }
    if (v4 instanceof DnsResult.Failure<Inet4Address> f) {
      return new DnsResult.Failure<>(f.reason());
    }
    if (v6 instanceof DnsResult.Failure<Inet6Address> f) {
      return new DnsResult.Failure<>(f.reason());
    }
    return v6 instanceof DnsResult.NxDomain ? new DnsResult.NxDomain<>() : new DnsResult.NoData<>();
  }
}
