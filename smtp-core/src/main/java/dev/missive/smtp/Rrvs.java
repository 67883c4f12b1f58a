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

  /** {@code 550 5.7.17}: the mailbox has changed owner since the time given (RFC 7293 §3, IANA X.7.17). */
  public static final Reply MAILBOX_OWNER_CHANGED = Reply.of(550, "5.7.17", "Mailbox owner has changed");
  /** {@code 550 5.7.18}: the domain has changed owner since the time given (RFC 7293 §3, IANA X.7.18). */
  public static final Reply DOMAIN_OWNER_CHANGED = Reply.of(550, "5.7.18", "Domain owner has changed");
  /** {@code 550 5.7.19}: the condition cannot be checked and {@code ;R} asks to refuse (RFC 7293 §3, X.7.19). */
  public static final Reply CANNOT_BE_COMPLETED = Reply.of(550, "5.7.19", "RRVS test cannot be completed");

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

  /**
   * The RCPT reply a receiving host gives for this condition (RFC 7293 §3): refused with
   * {@link #MAILBOX_OWNER_CHANGED} when the mailbox has had its owner since a time after {@link #since()}; when the
   * host cannot tell, refused with {@link #CANNOT_BE_COMPLETED} unless {@code ;C} lets the message go on (without
   * an action the parameter means {@code R}, as the client side treats it too), else accepted as far as this
   * condition goes.
   *
   * @param mailboxOwnedSince since when the mailbox has had its present owner, or empty if the host cannot tell
   * @return the refusal, or empty when the condition holds or may be passed over
   */
  public Optional<Reply> refusal(Optional<OffsetDateTime> mailboxOwnedSince) {
    if (mailboxOwnedSince.isPresent()) {
      return mailboxOwnedSince.get().isAfter(since) ? Optional.of(MAILBOX_OWNER_CHANGED) : Optional.empty();
    }
    return action.orElse(Action.REJECT) == Action.REJECT ? Optional.of(CANNOT_BE_COMPLETED) : Optional.empty();
  }

  /** {@return the parameter as written on the wire, such as {@code RRVS=2014-04-03T23:01:00Z;C}} */
  public String toParameter() {
    return "RRVS=" + DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(since)
        + action.map(a -> a == Action.CONTINUE ? ";C" : ";R").orElse("");
  }
}
