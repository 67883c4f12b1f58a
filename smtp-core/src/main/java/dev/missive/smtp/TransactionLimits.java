package dev.missive.smtp;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;

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

  /** {@return the keyword's parameters as a server writes them, such as {@code MAILMAX=1000 RCPTMAX=20}} */
  public String toParameters() {
    List<String> items = new ArrayList<>();
    mailMax.ifPresent(v -> items.add("MAILMAX=" + v));
    rcptMax.ifPresent(v -> items.add("RCPTMAX=" + v));
    rcptDomainMax.ifPresent(v -> items.add("RCPTDOMAINMAX=" + v));
    return String.join(" ", items);
  }

  /**
   * Splits recipients into the transactions {@code RCPTMAX} allows (a client honours it by sending the rest in
   * another transaction, RFC 9422).
   *
   * @param <T>        the recipient type
   * @param recipients the recipients, in order
   * @return one list per transaction, in order; one list when no {@code RCPTMAX} was announced
   */
  public <T> List<List<T>> split(List<T> recipients) {
    int max = rcptMax.orElse(Integer.MAX_VALUE);
    List<List<T>> out = new ArrayList<>();
    for (int i = 0; i < recipients.size(); i += max) {
      out.add(List.copyOf(recipients.subList(i, Math.min(recipients.size(), i + max))));
    }
    return out;
  }
}
