package dev.missive.smtp;

import dev.missive.message.address.ForwardPath;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.function.Function;

/**
 * The limits a server announces with the {@code LIMITS} EHLO keyword (RFC 9422): {@code MAILMAX=} transactions per
 * session (§4.1), {@code RCPTMAX=} RCPT commands per transaction (§4.2), {@code RCPTDOMAINMAX=} recipient domains per
 * session (§4.3), each a positive number of at most six digits when written.
 *
 * @param mailMax       transactions per session, if announced
 * @param rcptMax       recipients per transaction, if announced
 * @param rcptDomainMax distinct recipient domains per session, if announced
 */
public record TransactionLimits(OptionalInt mailMax, OptionalInt rcptMax, OptionalInt rcptDomainMax) {

  /** Nothing announced. */
  public static final TransactionLimits NONE = new TransactionLimits(OptionalInt.empty(), OptionalInt.empty(),
      OptionalInt.empty());

  /**
   * Validates the values.
   *
   * @param mailMax       transactions per session, if announced
   * @param rcptMax       recipients per transaction, if announced
   * @param rcptDomainMax distinct recipient domains per session, if announced
   */
  public TransactionLimits {
    for (OptionalInt v : List.of(mailMax, rcptMax, rcptDomainMax)) {
      if (v.isPresent() && v.getAsInt() < 1) {
        throw new IllegalArgumentException("a LIMITS value is a positive number");
      }
    }
  }

  /**
   * Reads the parameters of a {@code LIMITS} keyword, such as {@code RCPTMAX=20 MAILMAX=5} (RFC 9422 §3:
   * {@code limit-name ["=" limit-value]}, separated by spaces). As §3.7 asks, a parameter that breaks that syntax
   * makes the whole keyword unusable, and a known limit whose value is not a positive number of at most six digits
   * (§4's value syntax) is ignored alone, as if not announced; unknown limit names are ignored, as the registry
   * may grow.
   *
   * @param parameters the text after {@code LIMITS}
   * @return the limits, or {@code null} if the parameters break §3's syntax
   */
  public static TransactionLimits parse(String parameters) {
    OptionalInt mail = OptionalInt.empty();
    OptionalInt rcpt = OptionalInt.empty();
    OptionalInt domains = OptionalInt.empty();
    for (String item : parameters.trim().split(" +")) {
      if (item.isEmpty()) {
        continue;
      }
      int eq = item.indexOf('=');
      String name = eq < 0 ? item : item.substring(0, eq);
      String value = eq < 0 ? null : item.substring(eq + 1);
      if (name.isEmpty() || !name.chars().allMatch(TransactionLimits::isNameChar)
          || (value != null && (value.isEmpty() || !value.chars().allMatch(c -> c > 0x20 && c < 0x7F && c != ';')))) {
        return null;
      }
      name = name.toUpperCase(Locale.ROOT);
      boolean known = name.equals("MAILMAX") || name.equals("RCPTMAX") || name.equals("RCPTDOMAINMAX");
      if (!known || value == null || value.length() > 6 || value.charAt(0) == '0'
          || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
        continue;
      }
      OptionalInt n = OptionalInt.of(Integer.parseInt(value));
      switch (name) {
        case "MAILMAX" -> mail = n;
        case "RCPTMAX" -> rcpt = n;
        default -> domains = n;
      }
    }
    return new TransactionLimits(mail, rcpt, domains);
  }

  private static boolean isNameChar(int c) {
    return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_';
  }

  /**
   * The domain of a recipient as {@code RCPTDOMAINMAX} counts it (RFC 9422 §4.3): the domain of the address,
   * compared without regard to case; empty for a bare {@code <postmaster>}.
   *
   * @param recipient the forward-path of a RCPT TO
   * @return the domain in lower case, or the empty string
   */
  public static String domainOf(ForwardPath recipient) {
    return recipient.mailbox().map(m -> m.domain().value().toLowerCase(Locale.ROOT)).orElse("");
  }

  /** {@return the keyword's parameters as a server writes them, such as {@code RCPTMAX=20 MAILMAX=5}} */
  public String toParameters() {
    List<String> items = new ArrayList<>();
    rcptMax.ifPresent(v -> items.add("RCPTMAX=" + v)); // the order of RFC 9422 §5's example
    mailMax.ifPresent(v -> items.add("MAILMAX=" + v));
    rcptDomainMax.ifPresent(v -> items.add("RCPTDOMAINMAX=" + v));
    return String.join(" ", items);
  }

  /**
   * Splits recipients into the transactions {@code RCPTMAX} allows (RFC 9422: a client honours it by sending the
   * rest in another transaction), in order.
   *
   * @param <T>        the recipient type
   * @param recipients the recipients, in order
   * @return one list per transaction, in order; one list when no {@code RCPTMAX} was announced
   */
  public <T> List<List<T>> split(List<T> recipients) {
    return split(recipients, r -> "");
  }

  /**
   * Splits recipients into transactions that keep both {@code RCPTMAX} and {@code RCPTDOMAINMAX} (RFC 9422): with
   * {@code RCPTDOMAINMAX} announced, recipients are grouped by domain (domains in order of first appearance, recipients in order within each), and
   * a transaction takes recipients until it holds {@code RCPTMAX} of them or a further domain would exceed
   * {@code RCPTDOMAINMAX}; a domain with more recipients than {@code RCPTMAX} spans several transactions. Without
   * it, the order is kept.
   *
   * @param <T>        the recipient type
   * @param recipients the recipients
   * @param domain     the domain of a recipient, compared as given (pass it normalised, such as lower-case
   *                   A-labels)
   * @return one non-empty list per transaction; every recipient in exactly one of them
   */
  public <T> List<List<T>> split(List<T> recipients, Function<T, String> domain) {
    Map<String, List<T>> byDomain = new LinkedHashMap<>();
    for (T r : recipients) {
      byDomain.computeIfAbsent(rcptDomainMax.isPresent() ? domain.apply(r) : "", d -> new ArrayList<>()).add(r);
    }
    int max = rcptMax.orElse(Integer.MAX_VALUE);
    int domainMax = rcptDomainMax.orElse(Integer.MAX_VALUE);
    List<List<T>> out = new ArrayList<>();
    List<T> current = new ArrayList<>();
    int domains = 0;
    for (List<T> group : byDomain.values()) {
      if (!current.isEmpty() && domains == domainMax) {
        out.add(List.copyOf(current));
        current.clear();
        domains = 0;
      }
      domains++;
      for (T r : group) {
        if (current.size() == max) {
          out.add(List.copyOf(current));
          current.clear();
          domains = 1;
        }
        current.add(r);
      }
    }
    if (!current.isEmpty()) {
      out.add(List.copyOf(current));
    }
    return out;
  }
}
