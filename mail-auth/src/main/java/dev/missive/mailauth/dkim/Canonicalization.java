package dev.missive.mailauth.dkim;

/**
 * A DKIM canonicalization algorithm (RFC 6376 §3.4), for the header or the body.
 */
public enum Canonicalization {
  /** No change but line ends and, for the body, empty lines at the end (RFC 6376 §3.4.1, §3.4.3). */
  SIMPLE("simple"),
  /** White space reduced, header names lower-cased, values unfolded (RFC 6376 §3.4.2, §3.4.4). */
  RELAXED("relaxed");

  private final String tagValue;

  Canonicalization(String tagValue) {
    this.tagValue = tagValue;
  }

  /** {@return the name in the {@code c=} tag} */
  public String tagValue() {
    return tagValue;
  }

  static Canonicalization fromTag(String s) {
    for (Canonicalization c : values()) {
      if (c.tagValue.equalsIgnoreCase(s)) {
        return c;
      }
    }
    return null;
  }
}
