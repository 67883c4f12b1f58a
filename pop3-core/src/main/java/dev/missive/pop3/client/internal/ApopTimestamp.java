package dev.missive.pop3.client.internal;

/**
 * Finds the APOP timestamp in a greeting's text and checks that it is a proper msg-id (RFC 1939 §7: the banner
 * timestamp has the syntax of an RFC 822 msg-id, {@code <process-ID.clock@hostname>}; docs/security.md, "Password
 * guessing": the client refuses a malformed one rather than hashing whatever the server put there).
 *
 * <p>Accepted: one {@code <local@domain>} with non-empty local part and domain, each of printable US-ASCII
 * without space, {@code <}, {@code >} or {@code @}, at most 255 octets in all, and no second {@code <} in the
 * greeting.
 */
public final class ApopTimestamp {

  /** The longest timestamp accepted, brackets included. */
  public static final int MAX_LENGTH = 255;

  /**
   * What the greeting held.
   *
   * @param timestamp the valid timestamp with its brackets, or null
   * @param malformed whether a {@code <} was present but no valid timestamp could be taken
   */
  public record Found(String timestamp, boolean malformed) {
  }

  private ApopTimestamp() {
  }

  /** Looks for a timestamp in {@code greetingText}; never throws. */
  public static Found find(String greetingText) {
    int open = greetingText.indexOf('<');
    if (open < 0) {
      return new Found(null, greetingText.indexOf('>') >= 0);
    }
    int close = greetingText.indexOf('>', open);
    if (close < 0 || greetingText.indexOf('<', open + 1) >= 0 || greetingText.indexOf('>', close + 1) >= 0) {
      return new Found(null, true);
    }
    String candidate = greetingText.substring(open, close + 1);
    return isMsgId(candidate) ? new Found(candidate, false) : new Found(null, true);
  }

  /** Whether {@code s} is {@code <local@domain>} as described above. */
  public static boolean isMsgId(String s) {
    if (s.length() < 5 || s.length() > MAX_LENGTH || s.charAt(0) != '<' || s.charAt(s.length() - 1) != '>') {
      return false;
    }
    int at = -1;
    for (int i = 1; i < s.length() - 1; i++) {
      char c = s.charAt(i);
      if (c == '@') {
        if (at >= 0) {
          return false;
        }
        at = i;
      } else if (c <= 0x20 || c >= 0x7F || c == '<' || c == '>') {
        return false;
      }
    }
    return at > 1 && at < s.length() - 2;
  }
}
