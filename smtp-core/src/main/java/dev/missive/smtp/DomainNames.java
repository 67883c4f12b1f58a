package dev.missive.smtp;

/** The fully qualified domain names ETRN and ATRN name (RFC 1985 §5, RFC 2645 §5.2.1). */
final class DomainNames {

  /** The longest domain name (RFC 5321 §4.5.3.1.2). */
  static final int MAX_LENGTH = 255;

  private DomainNames() {
  }

  /**
   * Whether {@code name} is a fully qualified domain name: letter-digit-hyphen labels of 1 to 63 characters that
   * neither start nor end with a hyphen (RFC 5321 §4.1.2 {@code Domain}), at least two of them, at most 255 octets.
   */
  static boolean isFullyQualified(String name) {
    if (name.isEmpty() || name.length() > MAX_LENGTH) {
      return false;
    }
    String[] labels = name.split("\\.", -1);
    if (labels.length < 2) {
      return false;
    }
    for (String label : labels) {
      if (label.isEmpty() || label.length() > 63 || label.charAt(0) == '-' || label.charAt(label.length() - 1) == '-'
          || !label.chars().allMatch(c -> c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
          || c == '-')) {
        return false;
      }
    }
    return true;
  }
}
