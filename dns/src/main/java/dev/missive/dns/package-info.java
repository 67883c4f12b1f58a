/**
 * DNS look-ups for mail (RFC 1035 §3.3, RFC 3596 §2, RFC 7505): {@link dev.missive.dns.DnsResolver} with its
 * typed {@link dev.missive.dns.DnsResult}s, the JDK-backed {@link dev.missive.dns.JndiDnsResolver} and the
 * in-memory {@link dev.missive.dns.StaticDnsResolver} for tests.
 */
package dev.missive.dns;
