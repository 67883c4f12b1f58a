package dev.missive.smtp;

import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code RRVS=} parameter of RCPT TO (RFC 7293, Require-Recipient-Valid-Since): deliver only if the mailbox has
 * belonged to the same owner since {@code since}; the optional {@code ;C} asks a relay that cannot check it to
 * continue, {@code ;R} to reject. Syntax: {@code rrvs-param = "RRVS=" date-time [ ";" ( "C" / "R" ) ]}, the time in
 * RFC 3339 form.
 *
 * @param since  the time since which the mailbox must have had the same owner
 * @param action what a relay that cannot check it does, if given
 */
public record Rrvs(OffsetDateTime since, Optional<Action> action) {

  /** What a server that cannot check the condition does. */
  public enum Action {
    /** {@code C}: continue, relaying the parameter on if it can. */
    CONTINUE,
    /** {@code R}: reject the recipient. */
    REJECT
  }

  /**
   * Checks that every value is present.
   *
   * @param since  the time since which the mailbox must have had the same owner
   * @param action what a relay that cannot check it does, if given
   */
  public Rrvs {
    Objects.requireNonNull(since, "since");
    Objects.requireNonNull(action, "action");
  }

  /**
   * Reads an {@code RRVS=} value.
   *
   * @param value the text after {@code RRVS=}
   * @return the parameter, or {@code null} if it is not of the grammar's form
   */
  public static Rrvs parse(String value) {
    if (value == null) {
      return null;
    }
    int semi = value.indexOf(';');
    String time = semi < 0 ? value : value.substring(0, semi);
    Optional<Action> action = Optional.empty();
    if (semi >= 0) {
      String a = value.substring(semi + 1).toUpperCase(Locale.ROOT);
      if (!a.equals("C") && !a.equals("R")) {
        return null;
      }
      action = Optional.of(a.equals("C") ? Action.CONTINUE : Action.REJECT);
    }
    Optional<Action> chosen = action;
    return RfcDateTime.parse(time).map(t -> new Rrvs(t, chosen)).orElse(null);
  }

  /** {@return the parameter as written on the wire, such as {@code RRVS=2014-04-03T23:01:00Z;C}} */
  public String toParameter() {
    return "RRVS=" + DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(since)
        + action.map(a -> a == Action.CONTINUE ? ";C" : ";R").orElse("");
  }
}
