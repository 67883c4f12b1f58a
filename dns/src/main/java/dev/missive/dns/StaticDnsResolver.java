package dev.missive.dns;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An in-memory {@link DnsResolver} for tests and fixed configurations: records are added by name and type; a
 * name with no record of any type is NXDOMAIN, a name with records of other types is no data, and a name and
 * type marked {@link #fail(String, String)} is a temporary failure. Every query is logged in order
 * ({@link #queries()}), so tests can count look-ups (RFC 7208 §4.6.4). Thread-safe.
 */
public final class StaticDnsResolver implements DnsResolver {

  private final Map<String, List<Object>> records = new HashMap<>();
  private final Set<String> failing = new HashSet<>();
  private final List<String> queries = new ArrayList<>();

  /** An empty resolver: every name is NXDOMAIN. */
  public StaticDnsResolver() {
  }

  private static String key(String name, String type) {
    return type + " " + DnsNames.normalize(name);
  }

  private synchronized StaticDnsResolver put(String name, String type, Object record) {
    records.computeIfAbsent(key(name, type), k -> new ArrayList<>()).add(record);
    records.computeIfAbsent("* " + DnsNames.normalize(name), k -> new ArrayList<>());
    return this;
  }

  /**
   * Adds a TXT record.
   *
   * @param name    the owner name
   * @param strings the record's character-strings
   * @return this resolver
   */
  public StaticDnsResolver txt(String name, String... strings) {
    return put(name, "TXT", TxtRecord.of(strings));
  }

  /**
   * Adds an MX record.
   *
   * @param name       the owner name
   * @param preference the preference
   * @param exchange   the exchange, {@code "."} for a null MX
   * @return this resolver
   */
  public StaticDnsResolver mx(String name, int preference, String exchange) {
    return put(name, "MX", new MxRecord(preference, exchange));
  }

  /**
   * Adds an A or AAAA record.
   *
   * @param name    the owner name
   * @param address the address
   * @return this resolver
   */
  public StaticDnsResolver address(String name, InetAddress address) {
    return put(name, address instanceof Inet4Address ? "A" : "AAAA", address);
  }

  /**
   * Adds an A or AAAA record from an IP literal.
   *
   * @param name    the owner name
   * @param literal an IPv4 or IPv6 literal
   * @return this resolver
   */
  public StaticDnsResolver address(String name, String literal) {
    InetAddress a = literal.indexOf(':') >= 0 ? JndiAnswers.ipv6(literal)
        : JndiAnswers.ipv4(literal);
    if (a == null) {
      throw new IllegalArgumentException("not an IP literal: " + literal);
    }
    return address(name, a);
  }

  /**
   * Adds a PTR record for an address.
   *
   * @param address the address
   * @param host    the host name it maps to
   * @return this resolver
   */
  public StaticDnsResolver ptr(InetAddress address, String host) {
    return put(DnsNames.reverseName(address), "PTR", host);
  }

  /**
   * Makes queries of a name and type fail temporarily.
   *
   * @param name the name
   * @param type {@code TXT}, {@code MX}, {@code A}, {@code AAAA} or {@code PTR}
   * @return this resolver
   */
  public synchronized StaticDnsResolver fail(String name, String type) {
    failing.add(key(name, type));
    return this;
  }

  /** {@return every query so far as {@code "TYPE name"}, in order} */
  public synchronized List<String> queries() {
    return List.copyOf(queries);
  }

  /** Forgets the logged queries. */
  public synchronized void clearQueries() {
    queries.clear();
  }

  @SuppressWarnings("unchecked")
  private synchronized <T> DnsResult<T> lookup(String name, String type) {
    String k = key(name, type);
    queries.add(k);
    if (failing.contains(k)) {
      return new DnsResult.Failure<>("configured failure for " + k);
    }
    List<Object> found = records.get(k);
    if (found != null && !found.isEmpty()) {
      return new DnsResult.Answer<>((List<T>) Collections.unmodifiableList(new ArrayList<>(found)));
    }
    return records.containsKey("* " + DnsNames.normalize(name)) ? new DnsResult.NoData<>()
        : new DnsResult.NxDomain<>();
  }

  @Override
  public DnsResult<TxtRecord> txt(String name) {
    return lookup(name, "TXT");
  }

  @Override
  public DnsResult<MxRecord> mx(String name) {
    return lookup(name, "MX");
  }

  @Override
  public DnsResult<Inet4Address> a(String name) {
    return lookup(name, "A");
  }

  @Override
  public DnsResult<Inet6Address> aaaa(String name) {
    return lookup(name, "AAAA");
  }

  @Override
  public DnsResult<String> ptr(InetAddress address) {
    return lookup(DnsNames.reverseName(address), "PTR");
  }
}
