package dev.missive.dns;

import java.util.Objects;

/**
 * One MX record (RFC 1035 §3.3.9): a preference (lower is tried first, RFC 5321 §5.1) and the exchange's host
 * name, in A-label form without the trailing dot; the exchange of a null MX (RFC 7505 §3) is {@code "."}.
 *
 * @param preference 0–65535
 * @param exchange   the host name, or {@code "."} for the root
 */
public record MxRecord(int preference, String exchange) {

  /**
   * Checks the preference and requires an exchange.
   *
   * @param preference 0–65535
   * @param exchange   the host name, or {@code "."} for the root
   */
  public MxRecord {
    if (preference < 0 || preference > 0xffff) {
      throw new IllegalArgumentException("MX preference out of range: " + preference);
    }
    Objects.requireNonNull(exchange, "exchange");
    if (exchange.isEmpty()) {
      throw new IllegalArgumentException("empty exchange; the root is \".\"");
    }
  }

  /** {@return whether this is a null MX: the domain accepts no mail (RFC 7505 §3: preference 0, exchange ".")} */
  public boolean isNullMx() {
    return preference == 0 && exchange.equals(".");
  }
}
