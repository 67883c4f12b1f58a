package dev.missive.smtp;

import java.util.Locale;
import java.util.Objects;

/**
 * What an ETRN command asks a server to start a queue run for (RFC 1985 §5): a node ({@code ETRN example.org}), a
 * domain with all its subdomains (the {@code @} option, {@code ETRN @example.org}) or a queue the server names
 * itself (the {@code #} option, {@code ETRN #dialup}). Shared by the server, which parses it from the command line,
 * and the client, which writes it.
 *
 * <p>A node or domain name must be a fully qualified domain name (RFC 1985 §5): letter-digit-hyphen labels
 * (RFC 5321 §4.1.2), at least two of them, at most 255 octets; that is why RFC 1985 §7's {@code ETRN localname}
 * gets 501. A queue name is 1 to 255 printable US-ASCII characters without spaces.
 *
 * @param scope what the name stands for
 * @param name  the node, domain or queue name, without the option character
 */
public record EtrnRequest(Scope scope, String name) {

  /** The longest name accepted, the limit of a domain name (RFC 5321 §4.5.3.1.2). */
  public static final int MAX_NAME_LENGTH = DomainNames.MAX_LENGTH;

  /** What the name of an ETRN command stands for (RFC 1985 §5). */
  public enum Scope {
    /** A node: the queue of mail for exactly this host name. */
    NODE(""),
    /** The {@code @} option: the node and every subdomain of it. */
    SUBDOMAINS("@"),
    /** The {@code #} option: a queue named by the server's own convention, not a host. */
    QUEUE("#");

    private final String option;

    Scope(String option) {
      this.option = option;
    }

    /** {@return the option character as written before the name, or the empty string for a node} */
    public String option() {
      return option;
    }
  }

  /**
   * Validates the name for its scope.
   *
   * @param scope what the name stands for
   * @param name  the node, domain or queue name, without the option character
   * @throws IllegalArgumentException if the name is not a fully qualified domain name (node, subdomains) or not 1
   *                                  to 255 printable US-ASCII characters without spaces (queue)
   */
  public EtrnRequest {
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(name, "name");
    if (!(scope == Scope.QUEUE ? isQueueName(name) : isDomainName(name))) {
      throw new IllegalArgumentException("not a valid ETRN " + scope.name().toLowerCase(Locale.ROOT)
          + " name (RFC 1985 §5)");
    }
  }

  /**
   * A request for the queue of one node.
   *
   * @param node the node's fully qualified domain name
   * @return the request
   */
  public static EtrnRequest node(String node) {
    return new EtrnRequest(Scope.NODE, node);
  }

  /**
   * A request for a domain and all its subdomains (the {@code @} option).
   *
   * @param domain the domain
   * @return the request
   */
  public static EtrnRequest subdomains(String domain) {
    return new EtrnRequest(Scope.SUBDOMAINS, domain);
  }

  /**
   * A request for a queue the server names (the {@code #} option).
   *
   * @param queue the queue's name
   * @return the request
   */
  public static EtrnRequest queue(String queue) {
    return new EtrnRequest(Scope.QUEUE, queue);
  }

  /**
   * Reads the argument of an ETRN command, the text after {@code ETRN }.
   *
   * @param argument the argument as sent
   * @return the request, or {@code null} if the argument is empty or not of the RFC's form
   */
  public static EtrnRequest parse(String argument) {
    if (argument == null || argument.isEmpty()) {
      return null;
    }
    char first = argument.charAt(0);
    Scope scope = first == '@' ? Scope.SUBDOMAINS : first == '#' ? Scope.QUEUE : Scope.NODE;
    String name = argument.substring(scope.option().length());
    boolean valid = scope == Scope.QUEUE ? isQueueName(name) : isDomainName(name);
    return valid ? new EtrnRequest(scope, name) : null;
  }

  /** {@return the command's argument as written on the wire: the option character, then the name} */
  public String argument() {
    return scope.option() + name;
  }

  /** The argument as written on the wire. */
  @Override
  public String toString() {
    return argument();
  }

  private static boolean isQueueName(String name) {
    return !name.isEmpty() && name.length() <= MAX_NAME_LENGTH && name.chars().allMatch(c -> c > 0x20 && c < 0x7F);
  }

  private static boolean isDomainName(String name) {
    return DomainNames.isFullyQualified(name);
  }
}
