package dev.missive.mailauth.spf;

import java.net.InetAddress;
import java.util.Optional;

/**
 * An SPF mechanism (RFC 7208 §5); Java 17 hosts dispatch with an {@code instanceof} chain. Domain specifications
 * are kept unexpanded ({@link MacroString}): macros are expanded at evaluation (§7).
 */
public sealed interface Mechanism {

  /** {@return whether evaluating it queries DNS and so counts toward the limit of 10 (§4.6.4)} */
  default boolean queriesDns() {
    return !(this instanceof All || this instanceof Ip4 || this instanceof Ip6);
  }

  /** {@code all} (§5.1). */
  record All() implements Mechanism {}

  /**
   * {@code include:domain-spec} (§5.2).
   *
   * @param domain the domain specification
   */
  record Include(MacroString domain) implements Mechanism {}

  /**
   * {@code a[:domain-spec][/cidr4][//cidr6]} (§5.3).
   *
   * @param domain the domain specification, empty for the current domain
   * @param cidr4  the IPv4 prefix length, 32 by default
   * @param cidr6  the IPv6 prefix length, 128 by default
   */
  record A(Optional<MacroString> domain, int cidr4, int cidr6) implements Mechanism {}

  /**
   * {@code mx[:domain-spec][/cidr4][//cidr6]} (§5.4).
   *
   * @param domain the domain specification, empty for the current domain
   * @param cidr4  the IPv4 prefix length, 32 by default
   * @param cidr6  the IPv6 prefix length, 128 by default
   */
  record Mx(Optional<MacroString> domain, int cidr4, int cidr6) implements Mechanism {}

  /**
   * {@code ptr[:domain-spec]} (§5.5, not recommended).
   *
   * @param domain the domain specification, empty for the current domain
   */
  record Ptr(Optional<MacroString> domain) implements Mechanism {}

  /**
   * {@code ip4:network[/cidr]} (§5.6).
   *
   * @param network the network address
   * @param cidr    the prefix length
   */
  record Ip4(InetAddress network, int cidr) implements Mechanism {}

  /**
   * {@code ip6:network[/cidr]} (§5.6).
   *
   * @param network the network address
   * @param cidr    the prefix length
   */
  record Ip6(InetAddress network, int cidr) implements Mechanism {}

  /**
   * {@code exists:domain-spec} (§5.7).
   *
   * @param domain the domain specification
   */
  record Exists(MacroString domain) implements Mechanism {}
}
