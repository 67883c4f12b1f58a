package dev.missive.smtp;

/**
 * An enhanced mail system status code {@code class.subject.detail} (RFC 3463 §2), such as {@code 5.1.1}.
 *
 * <p>The class is 2 (success), 4 (persistent transient failure) or 5 (permanent failure); subject and detail are
 * numbers of at most three digits (RFC 3463 §2: {@code subject = 1*3digit}, {@code detail = 1*3digit}).
 *
 * @param statusClass the class: 2, 4 or 5
 * @param subject     the subject, 0–999
 * @param detail      the detail, 0–999
 */
public record EnhancedStatus(int statusClass, int subject, int detail) {

  /**
   * Validates the three numbers against RFC 3463 §2.
   *
   * @param statusClass the class: 2, 4 or 5
   * @param subject     the subject, 0–999
   * @param detail      the detail, 0–999
   */
  public EnhancedStatus {
    if (statusClass != 2 && statusClass != 4 && statusClass != 5) {
      throw new IllegalArgumentException("enhanced status class must be 2, 4 or 5: " + statusClass);
    }
    if (subject < 0 || subject > 999 || detail < 0 || detail > 999) {
      throw new IllegalArgumentException("enhanced status subject and detail must be 0-999");
    }
  }

  /**
   * Parses {@code class.subject.detail}.
   *
   * @param text a code such as {@code 5.1.1}
   * @return the parsed code
   * @throws IllegalArgumentException if {@code text} is not an RFC 3463 status code
   */
  public static EnhancedStatus parse(String text) {
    EnhancedStatus s = tryParse(text);
    if (s == null) {
      throw new IllegalArgumentException("not an enhanced status code: " + text);
    }
    return s;
  }

  /**
   * Parses {@code class.subject.detail}, returning {@code null} when {@code text} is not a valid code; for peer
   * input (a reply line), where an exception would be wrong.
   *
   * @param text the text to read a code from
   * @return the parsed code, or {@code null} when {@code text} does not hold one
   */
  public static EnhancedStatus tryParse(CharSequence text) {
    if (text == null) {
      return null;
    }
    int[] parts = new int[3];
    int part = 0;
    int digits = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c >= '0' && c <= '9') {
        if (++digits > 3) {
          return null;
        }
        parts[part] = parts[part] * 10 + (c - '0');
      } else if (c == '.' && digits > 0 && part < 2) {
        part++;
        digits = 0;
      } else {
        return null;
      }
    }
    if (part != 2 || digits == 0 || (parts[0] != 2 && parts[0] != 4 && parts[0] != 5) || text.charAt(0) == '0') {
      return null;
    }
    if (text.length() > 1 && text.charAt(1) != '.') {
      return null; // the class is one digit
    }
    return new EnhancedStatus(parts[0], parts[1], parts[2]);
  }

  /** The code as written on the wire, {@code class.subject.detail}. */
  @Override
  public String toString() {
    return statusClass + "." + subject + "." + detail;
  }
}
