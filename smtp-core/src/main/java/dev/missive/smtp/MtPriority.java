package dev.missive.smtp;

/**
 * The {@code MT-PRIORITY=} parameter of MAIL FROM (RFC 6710, Message Transfer Priority): an integer from -9 (lowest)
 * to 9 (highest), 0 being the priority of a message without the parameter. Syntax: {@code priority-value = ["-"]
 * DIGIT} in that range (a leading {@code +} is tolerated when read).
 *
 * @param value the priority, -9 to 9
 */
public record MtPriority(int value) {

  /** The priority of a message sent without the parameter. */
  public static final MtPriority NORMAL = new MtPriority(0);

  /**
   * Validates the range.
   *
   * @param value the priority, -9 to 9
   * @throws IllegalArgumentException outside -9 to 9
   */
  public MtPriority {
    if (value < -9 || value > 9) {
      throw new IllegalArgumentException("MT-PRIORITY is from -9 to 9, not " + value);
    }
  }

  /**
   * Reads an {@code MT-PRIORITY=} value.
   *
   * @param value the text after {@code MT-PRIORITY=}
   * @return the priority, or {@code null} if it is not one digit with an optional sign
   */
  public static MtPriority parse(String value) {
    if (value == null || value.isEmpty() || value.length() > 2) {
      return null;
    }
    char sign = value.charAt(0);
    String digit = sign == '-' || sign == '+' ? value.substring(1) : value;
    if (digit.length() != 1 || digit.charAt(0) < '0' || digit.charAt(0) > '9') {
      return null;
    }
    int v = digit.charAt(0) - '0';
    return new MtPriority(sign == '-' ? -v : v);
  }

  /** {@return the parameter as written on the wire, such as {@code MT-PRIORITY=-3}} */
  public String toParameter() {
    return "MT-PRIORITY=" + value;
  }
}
