package dev.missive.smtp;

import java.util.Optional;

/**
 * The {@code MT-PRIORITY=} parameter of MAIL FROM (RFC 6710, Message Transfer Priority): an integer from -9 (lowest)
 * to 9 (highest), 0 being the priority of a message without the parameter. Syntax (§7): {@code priority-value =
 * (["-"] NZDIGIT) / "0"}.
 *
 * <p>The server engine does not trust a raised priority from just any client (RFC 6710 §4.1): its configuration's
 * {@link dev.missive.smtp.server.PriorityTrust} says which priority a session's message gets, and the host is handed
 * that one. The replies of §4.1, §5 and §10 are here: {@link #changedReply()} (X.3.6), {@link #TOO_LOW} and
 * {@link #TOO_LOW_FOR_NOW} (X.7.15), {@link #TOO_BIG} (X.7.16).
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
   * {@code 550 5.7.15}: the message's priority is below the lowest this server accepts (RFC 6710 §4.1, IANA
   * X.7.15), for a host that refuses MAIL FROM by priority.
   */
  public static final Reply TOO_LOW = Reply.of(550, "5.7.15", "Priority Level is too low");
  /** {@code 450 4.7.15}: as {@link #TOO_LOW}, for a condition that may pass (RFC 6710 §4.1: "might be temporary"). */
  public static final Reply TOO_LOW_FOR_NOW = Reply.of(450, "4.7.15", "Priority Level is too low");
  /**
   * {@code 552 5.7.16}: the message is larger than its priority allows (RFC 6710 §5, IANA X.7.16), for a host whose
   * priority assignment policy bounds the size per priority (§10.1 item 5): at MAIL FROM from the declared
   * {@code SIZE=} (§5's implementation note) or at the end of the data.
   */
  public static final Reply TOO_BIG = Reply.of(552, "5.7.16", "Message is too big for the specified priority");

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
   * @return the priority, or {@code null} if it is not of §7's form (no plus sign, no {@code -0}: RFC 6710 §4.1
   *     item 1 makes any other value an error)
   */
  public static MtPriority parse(String value) {
    if (value == null || value.isEmpty() || value.length() > 2) {
      return null;
    }
    boolean negative = value.charAt(0) == '-';
    String digit = negative ? value.substring(1) : value;
    if (digit.length() != 1 || digit.charAt(0) < (negative ? '1' : '0') || digit.charAt(0) > '9') {
      return null;
    }
    int v = digit.charAt(0) - '0';
    return new MtPriority(negative ? -v : v);
  }

  /**
   * {@return {@code 250 2.3.6 <this priority> is the new priority assigned to the message}: the acceptance of a
   * message whose priority the server changed (RFC 6710 §4.1 and §8; X.3.6, the new priority first in the text)}
   */
  public Reply changedReply() {
    return Reply.of(250, "2.3.6", value + " is the new priority assigned to the message");
  }

  /**
   * Reads the priority a server says it gave the message instead of the one asked for: a positive reply with X.3.6
   * whose text starts with the new priority (RFC 6710 §4.1 and §10: "The human readable text after the status code
   * contains the new priority, followed by SP"), as {@link #changedReply()} writes it.
   *
   * @param reply the reply to MAIL FROM or to the end of the data
   * @return the new priority, or empty for any other reply (including one whose priority is not §7's form)
   */
  public static Optional<MtPriority> assignedIn(Reply reply) {
    if (!reply.isPositiveCompletion() || reply.status().filter(s -> s.subject() == 3 && s.detail() == 6).isEmpty()) {
      return Optional.empty();
    }
    String text = reply.lines().get(0);
    int space = text.indexOf(' ');
    return Optional.ofNullable(parse(space < 0 ? text : text.substring(0, space)));
  }

  /** {@return the parameter as written on the wire, such as {@code MT-PRIORITY=-3}} */
  public String toParameter() {
    return "MT-PRIORITY=" + value;
  }
}
