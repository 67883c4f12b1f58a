package dev.missive.smtp;

/**
 * The {@code MT-PRIORITY=} parameter of MAIL FROM (RFC 6710, Message Transfer Priority): an integer from -9 (lowest)
 * to 9 (highest), 0 being the priority of a message without the parameter. Syntax: {@code priority-value = ["-"]
 * DIGIT} in that range (a leading {@code +} is tolerated when read).
 *
 * <p>The server engine hands the value to the host with MAIL FROM and does not judge it: RFC 6710 §4 leaves to the
 * receiving MTA whether this sender may ask for a raised priority (typically only an authenticated or otherwise
 * trusted one), and a host that does not trust the sender lowers it or refuses the command.
 *
 * @param value the priority, -9 to 9
 */
public record MtPriority(int value) {

  /**
   * The priority assignment policies registered for the MT-PRIORITY EHLO keyword's parameter (RFC 6710 §9): how the
   * ten levels map onto a community's own precedences. A server names the one it follows.
   */
  public enum Policy {
    /** MIXER's priorities (RFC 2156). */
    MIXER,
    /** STANAG 4406 (military messaging) precedences. */
    STANAG4406,
    /** National Security and Emergency Preparedness (NSEP) priorities. */
    NSEP;

    /**
     * Reads a policy name as the EHLO keyword carries it.
     *
     * @param name the name, in any case
     * @return the policy, or {@code null} if it is not one of these
     */
    public static Policy parse(String name) {
      for (Policy p : values()) {
        if (p.name().equalsIgnoreCase(name)) {
          return p;
        }
      }
      return null;
    }
  }

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
