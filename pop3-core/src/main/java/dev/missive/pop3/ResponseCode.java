package dev.missive.pop3;

import java.util.Objects;

/**
 * An extended response code of a POP3 status line, the bracketed token after {@code +OK} or {@code -ERR}
 * (RFC 2449 §8, with the codes of RFC 2449 §8.1, RFC 3206 §4 and RFC 6856 §5).
 *
 * <p>A code is one or more atoms of letters, digits and hyphens separated by {@code /} (hierarchical codes such
 * as {@code SYS/TEMP}); anything else is refused at construction so a code can never break a status line.
 *
 * @param value the code without brackets, such as {@code IN-USE}
 */
public record ResponseCode(String value) {

  /** The maildrop is locked by another session (RFC 2449 §8.1.1). */
  public static final ResponseCode IN_USE = new ResponseCode("IN-USE");
  /** The user logged in too recently (RFC 2449 §8.1.2). */
  public static final ResponseCode LOGIN_DELAY = new ResponseCode("LOGIN-DELAY");
  /** A temporary system problem: trying again later may succeed (RFC 3206 §4). */
  public static final ResponseCode SYS_TEMP = new ResponseCode("SYS/TEMP");
  /** A permanent system problem that the user cannot fix by retrying (RFC 3206 §4). */
  public static final ResponseCode SYS_PERM = new ResponseCode("SYS/PERM");
  /** The credentials were refused, or the login is refused for an authentication policy (RFC 3206 §5). */
  public static final ResponseCode AUTH = new ResponseCode("AUTH");
  /** The operation needs UTF-8 mode, or a UTF-8 argument was refused (RFC 6856 §5). */
  public static final ResponseCode UTF8 = new ResponseCode("UTF8");

  /**
   * Validates the syntax of RFC 2449 §8 ({@code resp-code = "[" resp-level *("/" resp-level) "]"}).
   *
   * @param value the code without brackets, such as {@code IN-USE}
   */
  public ResponseCode {
    Objects.requireNonNull(value, "value");
    if (!isValid(value)) {
      throw new IllegalArgumentException("not an RFC 2449 response code: " + printable(value));
    }
  }

  /**
   * Whether {@code s} is a syntactically valid response code (without brackets).
   *
   * @param s the candidate code
   * @return whether it is valid
   */
  public static boolean isValid(CharSequence s) {
    if (s.length() == 0 || s.length() > 64) {
      return false;
    }
    boolean atomStart = true;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '/') {
        if (atomStart) {
          return false;
        }
        atomStart = true;
      } else if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-') {
        atomStart = false;
      } else {
        return false;
      }
    }
    return !atomStart;
  }

  /** The code as it appears on the wire, in brackets: {@code [IN-USE]}. */
  @Override
  public String toString() {
    return "[" + value + "]";
  }

  static String printable(CharSequence s) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < s.length() && i < 80; i++) {
      char c = s.charAt(i);
      if (c >= 0x20 && c < 0x7F) {
        b.append(c);
      } else {
        b.append(String.format("\\u%04x", (int) c));
      }
    }
    return b.toString();
  }
}
