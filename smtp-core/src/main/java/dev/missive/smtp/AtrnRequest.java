package dev.missive.smtp;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What an ATRN command asks for (RFC 2645 §5.2.1, On-Demand Mail Relay): the mail held for the listed domains, or
 * with no domain for every domain the provider associates with the authenticated customer. Shared by the provider's
 * server, which parses it, and the customer's client, which writes it.
 *
 * @param domains the domains, each fully qualified (RFC 5321 §4.1.2), in the order given; empty for all of the
 *                customer's domains
 */
public record AtrnRequest(List<String> domains) {

  /** The most domains one ATRN may name; a longer list is a syntax error (the command line limit allows no more). */
  public static final int MAX_DOMAINS = 64;

  /**
   * Copies and validates the domains.
   *
   * @param domains the domains, each fully qualified; empty for all of the customer's domains
   * @throws IllegalArgumentException if a domain is not fully qualified or there are more than {@link #MAX_DOMAINS}
   */
  public AtrnRequest {
    domains = List.copyOf(domains);
    if (domains.size() > MAX_DOMAINS) {
      throw new IllegalArgumentException("at most " + MAX_DOMAINS + " domains in one ATRN");
    }
    for (String d : domains) {
      if (!DomainNames.isFullyQualified(Objects.requireNonNull(d, "domain"))) {
        throw new IllegalArgumentException("not a fully qualified domain name (RFC 2645 §5.2.1)");
      }
    }
  }

  /**
   * A request for the mail of {@code domains}.
   *
   * @param domains the domains, each fully qualified; none for all of the customer's domains
   * @return the request
   */
  public static AtrnRequest of(String... domains) {
    return new AtrnRequest(List.of(domains));
  }

  /**
   * Reads the argument of ATRN, the text after {@code ATRN}: nothing, or {@code domain *("," domain)}.
   *
   * @param argument the argument as sent, possibly empty
   * @return the request, or {@code null} if the argument is not of the RFC's form
   */
  public static AtrnRequest parse(String argument) {
    if (argument.isEmpty()) {
      return new AtrnRequest(List.of());
    }
    String[] parts = argument.split(",", -1);
    if (parts.length > MAX_DOMAINS) {
      return null;
    }
    List<String> domains = new ArrayList<>();
    for (String part : parts) {
      if (!DomainNames.isFullyQualified(part)) {
        return null;
      }
      domains.add(part);
    }
    return new AtrnRequest(domains);
  }

  /** {@return the command line's argument: the domains joined by commas, empty for all domains} */
  public String argument() {
    return String.join(",", domains);
  }

  /** The argument as written on the wire. */
  @Override
  public String toString() {
    return argument();
  }
}
