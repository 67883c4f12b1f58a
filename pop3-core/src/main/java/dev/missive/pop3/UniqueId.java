package dev.missive.pop3;

import java.util.Objects;

/**
 * A message's unique-id listing as UIDL reports it: 1 to 70 characters in the range 0x21 to 0x7E
 * (RFC 1939 §7, UIDL).
 *
 * <p>Unique ids come from the host's storage; anything else (a space, CR, LF, a control, a non-ASCII
 * character, an empty or over-long value) is refused at construction, and the server engine answers
 * {@code -ERR} rather than writing such an id (docs/security.md, "Unique ids from storage").
 *
 * @param value the id
 */
public record UniqueId(String value) {

  /** The longest unique id RFC 1939 allows. */
  public static final int MAX_LENGTH = 70;

  /**
   * Validates the value.
   *
   * @param value the id
   */
  public UniqueId {
    Objects.requireNonNull(value, "value");
    if (!isValid(value)) {
      throw new IllegalArgumentException("not an RFC 1939 unique id (1-70 characters in 0x21-0x7E): "
          + ResponseCode.printable(value));
    }
  }

  /**
   * Whether {@code s} is a valid unique id; never throws (null is invalid).
   *
   * @param s the candidate unique id
   * @return whether it is valid
   */
  public static boolean isValid(CharSequence s) {
    if (s == null || s.length() < 1 || s.length() > MAX_LENGTH) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x21 || c > 0x7E) {
        return false;
      }
    }
    return true;
  }

  @Override
  public String toString() {
    return value;
  }
}
