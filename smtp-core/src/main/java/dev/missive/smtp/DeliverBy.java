package dev.missive.smtp;

import java.util.Locale;
import java.util.Objects;

/**
 * The {@code BY=} parameter of MAIL FROM (RFC 2852, Deliver By): deliver within {@code byTime} seconds of the
 * message's arrival, or else return it ({@link Mode#RETURN}, {@code R}) or send a "delayed" DSN and go on
 * ({@link Mode#NOTIFY}, {@code N}); {@code T} asks for the by-time trace in DSNs. Syntax:
 * {@code by-value = by-time ";" by-mode [by-trace]}, {@code by-time = ["-" / "+"] 1*9DIGIT}, {@code by-mode = "N" /
 * "R"}, {@code by-trace = "T"}. A by-time of zero or less is allowed with {@code N} only: a message to be returned
 * that late could never be delivered.
 *
 * @param byTime the seconds from the message's arrival, possibly negative with {@code N}
 * @param mode   what happens when the time passes
 * @param trace  whether DSNs carry the by-time trace ({@code T})
 */
public record DeliverBy(long byTime, Mode mode, boolean trace) {

  /** The largest magnitude of a by-time: nine digits. */
  public static final long MAX_BY_TIME = 999_999_999L;

  /** What happens when the by-time passes before delivery. */
  public enum Mode {
    /** {@code N}: a "delayed" DSN, delivery attempts go on. */
    NOTIFY("N"),
    /** {@code R}: the message is returned undelivered. */
    RETURN("R");

    private final String letter;

    Mode(String letter) {
      this.letter = letter;
    }

    /** {@return the mode's letter on the wire} */
    public String letter() {
      return letter;
    }
  }

  /**
   * Validates the values.
   *
   * @param byTime the seconds from the message's arrival
   * @param mode   what happens when the time passes
   * @param trace  whether DSNs carry the by-time trace
   * @throws IllegalArgumentException if the by-time has more than nine digits, or is not positive with {@code R}
   */
  public DeliverBy {
    Objects.requireNonNull(mode, "mode");
    if (Math.abs(byTime) > MAX_BY_TIME) {
      throw new IllegalArgumentException("a by-time has at most nine digits");
    }
    if (mode == Mode.RETURN && byTime <= 0) {
      throw new IllegalArgumentException("a by-time with R must be positive");
    }
  }

  /**
   * Reads a {@code BY=} value.
   *
   * @param value the text after {@code BY=}
   * @return the parameter, or {@code null} if the value is not of the grammar's form
   */
  public static DeliverBy parse(String value) {
    if (value == null) {
      return null;
    }
    int semi = value.indexOf(';');
    if (semi < 1) {
      return null;
    }
    String time = value.substring(0, semi);
    String rest = value.substring(semi + 1).toUpperCase(Locale.ROOT);
    String digits = time.charAt(0) == '-' || time.charAt(0) == '+' ? time.substring(1) : time;
    if (digits.isEmpty() || digits.length() > 9 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return null;
    }
    long seconds = Long.parseLong(digits) * (time.charAt(0) == '-' ? -1 : 1);
    boolean trace = rest.length() == 2 && rest.charAt(1) == 'T';
    if (rest.isEmpty() || rest.length() > 2 || rest.length() == 2 && !trace) {
      return null;
    }
    Mode mode = rest.charAt(0) == 'N' ? Mode.NOTIFY : rest.charAt(0) == 'R' ? Mode.RETURN : null;
    if (mode == null || mode == Mode.RETURN && seconds <= 0) {
      return null;
    }
    return new DeliverBy(seconds, mode, trace);
  }

  /** {@return the parameter as written on the wire, such as {@code BY=120;R}} */
  public String toParameter() {
    return "BY=" + byTime + ";" + mode.letter() + (trace ? "T" : "");
  }
}
