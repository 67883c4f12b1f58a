package dev.missive.examples.relay;

import dev.missive.sasl.SaslServerMechanisms;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The relay's On-Demand Mail Relay customers (RFC 2645): who may authenticate on the ODMR port, and which domains'
 * mail the relay holds for each until that customer collects it with ATRN instead of forwarding it.
 *
 * @param customers the domains of each customer, by user name
 * @param passwords each customer's password, by user name
 */
record OdmrCustomers(Map<String, Set<String>> customers, Map<String, String> passwords) {

  /** No customers: nothing is held. */
  static final OdmrCustomers NONE = new OdmrCustomers(Map.of(), Map.of());

  OdmrCustomers {
    customers = Map.copyOf(customers);
    passwords = Map.copyOf(passwords);
  }

  /**
   * Reads {@code user:password:domain[,domain...]} entries, as given to {@code --odmr-customer}.
   *
   * @param entries the entries
   * @return the customers
   * @throws IllegalArgumentException for an entry of another form
   */
  static OdmrCustomers parse(List<String> entries) {
    Map<String, Set<String>> domains = new LinkedHashMap<>();
    Map<String, String> passwords = new LinkedHashMap<>();
    for (String entry : entries) {
      String[] parts = entry.split(":", 3);
      if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty() || parts[2].isEmpty()) {
        throw new IllegalArgumentException("--odmr-customer takes user:password:domain[,domain...]");
      }
      domains.put(parts[0], Set.of(parts[2].toLowerCase(Locale.ROOT).split(",")));
      passwords.put(parts[0], parts[1]);
    }
    return new OdmrCustomers(domains, passwords);
  }

  /** {@return whether mail for {@code domain} is held for a customer} */
  boolean holds(String domain) {
    String d = domain.toLowerCase(Locale.ROOT);
    return customers.values().stream().anyMatch(s -> s.contains(d));
  }

  /**
   * The domains {@code user} may collect out of {@code requested} (RFC 2645 §5.2.1: none requested means all of the
   * customer's), or empty when a requested domain is not the customer's (ATRN is then refused).
   */
  Optional<Set<String>> allowed(String user, List<String> requested) {
    Set<String> own = customers.getOrDefault(user, Set.of());
    if (requested.isEmpty()) {
      return own.isEmpty() ? Optional.empty() : Optional.of(own);
    }
    Set<String> asked = requested.stream().map(d -> d.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
    return own.containsAll(asked) ? Optional.of(asked) : Optional.empty();
  }

  /** The AUTH mechanisms of the ODMR port: PLAIN and LOGIN against the customers' passwords. */
  SaslServerMechanisms mechanisms() {
    return SaslServerMechanisms.builder().plain(this::authenticates).login(this::authenticates).build();
  }

  private boolean authenticates(String user, char[] password) {
    String known = passwords.get(user);
    return known != null && MessageDigest.isEqual(known.getBytes(StandardCharsets.UTF_8),
        new String(password).getBytes(StandardCharsets.UTF_8));
  }
}
