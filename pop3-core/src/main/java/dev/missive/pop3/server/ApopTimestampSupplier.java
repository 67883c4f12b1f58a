package dev.missive.pop3.server;

import dev.missive.wire.EngineEnvironment;

/**
 * Makes the per-session timestamp of the greeting that APOP digests are computed over: a msg-id such as
 * {@code <1896.697170952@dbc.mtview.ca.us>} (RFC 1939 §7, syntax of RFC 822 §6 msg-id).
 *
 * <p>The default, {@link #standard(String)}, follows the RFC's example: a random number, a dot, the clock's
 * seconds since the epoch, {@code @} and the host name, all drawn from the session's {@link EngineEnvironment}
 * so tests replay the RFC's banner with a fixed clock and random source (DESIGN.md rule 1).
 */
@FunctionalInterface
public interface ApopTimestampSupplier {

  /**
   * The timestamp for a new session, including its angle brackets.
   *
   * @param environment the session's clock and random source
   * @return the timestamp, such as {@code <1896.697170952@dbc.mtview.ca.us>}
   */
  String timestamp(EngineEnvironment environment);

  /**
   * The default: {@code <R.S@hostname>} where R is {@code random.nextInt(1, 1_000_000)} and S the clock's
   * epoch seconds.
   *
   * @param hostname the server's host name
   * @return the default supplier
   */
  static ApopTimestampSupplier standard(String hostname) {
    return env -> "<" + env.random().nextInt(1, 1_000_000) + "." + env.clock().instant().getEpochSecond()
        + "@" + hostname + ">";
  }

  /**
   * Whether {@code s} has the shape of a msg-id that can go in a greeting: {@code <}, a non-empty local part,
   * {@code @}, a non-empty domain, {@code >}, printable ASCII only, no spaces or further angle brackets.
   *
   * @param s the candidate timestamp
   * @return whether it may go in a greeting
   */
  static boolean isValidTimestamp(String s) {
    if (s == null || s.length() < 5 || s.length() > 200 || s.charAt(0) != '<' || s.charAt(s.length() - 1) != '>') {
      return false;
    }
    int at = s.indexOf('@');
    if (at < 2 || at > s.length() - 3 || s.indexOf('@', at + 1) >= 0) {
      return false;
    }
    for (int i = 1; i < s.length() - 1; i++) {
      char c = s.charAt(i);
      if (c <= 0x20 || c >= 0x7F || c == '<' || c == '>') {
        return false;
      }
    }
    return true;
  }
}
