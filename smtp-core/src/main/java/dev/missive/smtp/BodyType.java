package dev.missive.smtp;

/**
 * The {@code BODY=} value of MAIL FROM (RFC 6152 §2, RFC 3030 §3).
 */
public enum BodyType {
  /** {@code BODY=7BIT}: lines of 7-bit octets (RFC 6152 §2). */
  SEVEN_BIT("7BIT"),
  /** {@code BODY=8BITMIME}: 8-bit octets in lines (RFC 6152 §2). */
  EIGHT_BIT_MIME("8BITMIME"),
  /** {@code BODY=BINARYMIME}: arbitrary octets, sent only with BDAT (RFC 3030 §3). */
  BINARY_MIME("BINARYMIME");

  private final String keyword;

  BodyType(String keyword) {
    this.keyword = keyword;
  }

  /** {@return the value as written on the wire} */
  public String keyword() {
    return keyword;
  }

  /**
   * The body type with this keyword (case-insensitive), or {@code null}.
   *
   * @param keyword the BODY parameter's value, such as {@code 8BITMIME}
   * @return the body type, or {@code null} if unknown
   */
  public static BodyType fromKeyword(String keyword) {
    for (BodyType b : values()) {
      if (b.keyword.equalsIgnoreCase(keyword)) {
        return b;
      }
    }
    return null;
  }
}
