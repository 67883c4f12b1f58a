package dev.missive.smtp;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.function.Function;

/**
 * The limits a server announces with the {@code LIMITS} EHLO keyword (RFC 9422): {@code MAILMAX=} transactions per
 * session, {@code RCPTMAX=} recipients per transaction, {@code RCPTDOMAINMAX=} recipient domains per transaction, each
 * a positive number. Unknown limit names are ignored when read, as the keyword's registry may grow; a known name
 * with a value that is not a positive number of at most six digits makes the whole keyword unusable.
 *
 * @param mailMax       transactions per session, if announced
 * @param rcptMax       recipients per transaction, if announced
 * @param rcptDomainMax distinct recipient domains per transaction, if announced
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
   * @param rcptDomainMax distinct recipient domains per transaction, if announced
   */
  public TransactionLimits {
    for (OptionalInt v : List.of(mailMax, rcptMax, rcptDomainMax)) {
      if (v.isPresent() && v.getAsInt() < 1) {
        throw new IllegalArgumentException("a LIMITS value is a positive number");
      }
    }
  }

  /**
   * Reads the parameters of a {@code LIMITS} keyword, such as {@code MAILMAX=1000 RCPTMAX=20}.
   *
   * @param parameters the text after {@code LIMITS}
   * @return the limits, or {@code null} if a known limit has a bad value
   */
  public static TransactionLimits parse(String parameters) {
    OptionalInt mail = OptionalInt.empty();
    OptionalInt rcpt = OptionalInt.empty();
    OptionalInt domains = OptionalInt.empty();
    for (String item : parameters.trim().split(" +")) {
      int eq = item.indexOf('=');
      if (eq < 1) {
        continue;
      }
      String name = item.substring(0, eq).toUpperCase(Locale.ROOT);
      if (!name.equals("MAILMAX") && !name.equals("RCPTMAX") && !name.equals("RCPTDOMAINMAX")) {
        continue;
      }
      String v = item.substring(eq + 1);
      if (v.isEmpty() || v.length() > 6 || !v.chars().allMatch(c -> c >= '0' && c <= '9')
          || Integer.parseInt(v) < 1) {
        return null;
      }
      OptionalInt n = OptionalInt.of(Integer.parseInt(v));
      switch (name) {
        case "MAILMAX" -> mail = n;
        case "RCPTMAX" -> rcpt = n;
        default -> domains = n;
      }
    }
    return new TransactionLimits(mail, rcpt, domains);
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
