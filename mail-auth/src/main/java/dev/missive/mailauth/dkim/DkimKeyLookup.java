package dev.missive.mailauth.dkim;

import dev.missive.dns.DnsNames;
import dev.missive.dns.DnsResolver;
import dev.missive.dns.DnsResult;
import dev.missive.dns.TxtRecord;

/**
 * Where a verifier finds DKIM (and ARC) public keys: the TXT records at {@code selector._domainkey.domain}
 * (RFC 6376 §3.6.2.1, query method {@code dns/txt}).
 */
@FunctionalInterface
public interface DkimKeyLookup {

  /**
   * The TXT records of a key.
   *
   * @param selector the {@code s=} value
   * @param domain   the {@code d=} value
   * @return the records, or why there are none
   */
  DnsResult<TxtRecord> keyRecords(String selector, String domain);

  /**
   * Looks keys up in DNS.
   *
   * @param resolver the resolver
   * @return the look-up
   */
  static DkimKeyLookup dns(DnsResolver resolver) {
    return (selector, domain) -> {
      String name = selector + "._domainkey." + domain;
      if (!DnsNames.isQueryable(name)) {
        return new DnsResult.NxDomain<>();
      }
      return resolver.txt(name);
    };
  }
}
