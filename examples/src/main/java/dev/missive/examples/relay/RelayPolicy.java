package dev.missive.examples.relay;

import dev.missive.smtp.server.PriorityTrust;
import dev.missive.smtp.server.SmtpSession;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Collection;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * How long the relay keeps trying a message (RFC 5321 §4.5.4.1): after {@code warnAfter} without delivery the sender
 * gets a "delayed" report (RFC 3464 §2.3.3), after {@code expireAfter} the message is given up with a "failed" one.
 * Both count from the time the relay may first send the message: its arrival, or the end of its hold (RFC 4865 §4);
 * the SMTP side offers holds of up to {@code maxHold} (FUTURERELEASE's {@code max-future-release-interval}, §3).
 *
 * <p>Which clients may raise a message's transfer priority ({@link #priorityTrust()}): RFC 6710 §4.1 forbids
 * "upgraded (positive) priorities from untrusted (e.g., unauthenticated) or unauthorized sources". The relay takes
 * no AUTH, so a client is trusted by its address alone ({@code priorityClients}, {@code --priority-clients}); any
 * other client's priority above 0 is lowered to 0 (the engine answers {@code 250 2.3.6}) and the queue orders the
 * message as normal, while a lower priority is kept from anyone. None is trusted by default.
 *
 * @param warnAfter       when the "delayed" report goes out
 * @param expireAfter     when the message is given up
 * @param maxHold         the longest HOLDFOR/HOLDUNTIL the SMTP side accepts, whole seconds
 * @param priorityClients the client addresses whose {@code MT-PRIORITY} above 0 is kept
 */
public record RelayPolicy(Duration warnAfter, Duration expireAfter, Duration maxHold,
                          Set<InetAddress> priorityClients) {

  /** The longest hold offered unless configured: 7 days. */
  public static final Duration DEFAULT_MAX_HOLD = Duration.ofDays(7);

  /** RFC 5321 §4.5.4.1's "4-5 days" as five days, with a warning after four hours; holds of up to 7 days. */
  public static final RelayPolicy DEFAULT = new RelayPolicy(Duration.ofHours(4), Duration.ofDays(5));

  /**
   * A policy offering holds of up to {@link #DEFAULT_MAX_HOLD}.
   *
   * @param warnAfter   when the "delayed" report goes out
   * @param expireAfter when the message is given up
   */
  public RelayPolicy(Duration warnAfter, Duration expireAfter) {
    this(warnAfter, expireAfter, DEFAULT_MAX_HOLD);
  }

  /**
   * A policy that trusts no client to raise a priority.
   *
   * @param warnAfter   when the "delayed" report goes out
   * @param expireAfter when the message is given up
   * @param maxHold     the longest hold the SMTP side accepts
   */
  public RelayPolicy(Duration warnAfter, Duration expireAfter, Duration maxHold) {
    this(warnAfter, expireAfter, maxHold, Set.of());
  }

  /**
   * Requires {@code 0 < warnAfter < expireAfter} and a hold of 1 to 999 999 999 whole seconds.
   *
   * @param warnAfter       when the "delayed" report goes out
   * @param expireAfter     when the message is given up
   * @param maxHold         the longest hold the SMTP side accepts
   * @param priorityClients the client addresses whose {@code MT-PRIORITY} above 0 is kept
   */
  public RelayPolicy {
    priorityClients = Set.copyOf(priorityClients);
    Objects.requireNonNull(maxHold, "maxHold");
    if (maxHold.getSeconds() < 1 || maxHold.getSeconds() > 999_999_999L || maxHold.getNano() != 0) {
      throw new IllegalArgumentException("maxHold is 1 to 999999999 whole seconds (RFC 4865 §3), got " + maxHold);
    }
    Objects.requireNonNull(warnAfter, "warnAfter");
    Objects.requireNonNull(expireAfter, "expireAfter");
    if (warnAfter.isNegative() || warnAfter.isZero() || expireAfter.compareTo(warnAfter) <= 0) {
      throw new IllegalArgumentException("need 0 < warnAfter < expireAfter, got " + warnAfter + " and "
          + expireAfter);
    }
  }

  /**
   * This policy trusting {@code clients} to raise a priority.
   *
   * @param clients the client addresses whose {@code MT-PRIORITY} above 0 is kept
   * @return the copy
   */
  public RelayPolicy withPriorityClients(Collection<InetAddress> clients) {
    return new RelayPolicy(warnAfter, expireAfter, maxHold, Set.copyOf(clients));
  }

  /**
   * The relay's MT-PRIORITY rule for its SMTP side (RFC 6710 §4.1): a priority above 0 kept for the clients of
   * {@link #priorityClients()} (and a session that authenticated, where a host adds AUTH), lowered to 0 for anyone
   * else; 0 and below kept.
   *
   * @return the rule, for {@code SmtpServerConfig.Builder.priorityTrust}
   */
  public PriorityTrust priorityTrust() {
    return PriorityTrust.above(0, session -> session.authentication().isPresent()
        || address(session).map(priorityClients::contains).orElse(false));
  }

  /** The session's client address: {@code 192.0.2.1}, {@code [192.0.2.1]} or {@code [IPv6:2001:db8::1]}. */
  private static Optional<InetAddress> address(SmtpSession session) {
    String a = session.peer().remoteAddress();
    if (a.startsWith("[") && a.endsWith("]")) {
      a = a.substring(1, a.length() - 1);
    }
    return literal(a.regionMatches(true, 0, "IPv6:", 0, 5) ? a.substring(5) : a);
  }

  /**
   * An IPv4 or IPv6 address literal, parsed without DNS.
   *
   * @param text such as {@code 192.0.2.1} or {@code 2001:db8::1}
   * @return the address, or empty if {@code text} is not a literal (a name is never looked up)
   */
  static Optional<InetAddress> literal(String text) {
    boolean v6 = text.indexOf(':') >= 0;
    if (text.isEmpty() || !text.chars().allMatch(c -> c == '.' || (v6 ? c == ':' || Character.digit(c, 16) >= 0
        : c >= '0' && c <= '9'))) {
      return Optional.empty();
    }
    try {
      return Optional.of(InetAddress.getByName(text)); // digits, dots and colons only: parsed as a literal
    } catch (UnknownHostException e) {
      return Optional.empty();
    }
  }
}
