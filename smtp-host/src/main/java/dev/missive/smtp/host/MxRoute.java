package dev.missive.smtp.host;

import dev.missive.dns.DnsResolver;
import dev.missive.dns.DnsResult;
import dev.missive.dns.MxRecord;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Where mail for one domain goes (RFC 5321 §5.1): its MX hosts by preference, equal preferences in random order;
 * without MX records the domain itself as the only host (the implicit MX, its A/AAAA records); a null MX (RFC 7505 §3)
 * or a domain that does not exist is a permanent failure, a DNS failure a temporary one.
 *
 * @param hosts   the hosts to try in order, each with its addresses looked up when tried
 * @param failure why there is no host (then {@code hosts} is empty)
 * @param status  the status of that failure
 */
record MxRoute(List<String> hosts, String failure, DeliveryStatus status) {

  static MxRoute lookup(DnsResolver dns, String domain, RandomGenerator random) {
    DnsResult<MxRecord> mx = dns.mx(domain);
    if (mx instanceof DnsResult.NxDomain) {
      return failed(DeliveryStatus.PERMANENT_FAILURE, "the domain " + domain + " does not exist (NXDOMAIN)");
    }
    if (mx instanceof DnsResult.Failure<MxRecord> f) {
      return failed(DeliveryStatus.TEMPORARY_FAILURE, "the MX look-up of " + domain + " failed: " + f.reason());
    }
    List<MxRecord> records = new ArrayList<>(mx.records());
    if (records.stream().anyMatch(MxRecord::isNullMx)) {
      return failed(DeliveryStatus.PERMANENT_FAILURE, "the domain " + domain + " accepts no mail (null MX, RFC 7505)");
    }
    if (records.isEmpty()) {
      return new MxRoute(List.of(domain), "", null); // RFC 5321 §5.1: the domain is its own implicit MX
    }
    Collections.shuffle(records, new java.util.Random(random.nextLong())); // equal preferences in random order
    records.sort(Comparator.comparingInt(MxRecord::preference));
    return new MxRoute(records.stream().map(MxRecord::exchange).distinct().toList(), "", null);
  }

  static MxRoute literal(InetAddress address) {
    return new MxRoute(List.of(address.getHostAddress()), "", null);
  }

  private static MxRoute failed(DeliveryStatus status, String why) {
    return new MxRoute(List.of(), why, status);
  }

  /**
   * The addresses of one host, IPv4 then IPv6 (RFC 5321 §5.1); empty when it has none or the look-up failed.
   *
   * @param dns  the resolver
   * @param host the MX host (a name, or an address literal's address)
   * @return the addresses to try
   */
  static List<InetAddress> addresses(DnsResolver dns, String host) {
    if (host.indexOf(':') >= 0 || host.matches("[0-9.]+")) {
      try {
        return List.of(InetAddress.getByName(host)); // a literal: no look-up
      } catch (java.net.UnknownHostException e) {
        return List.of();
      }
    }
    return dns.addresses(host).records();
  }
}
