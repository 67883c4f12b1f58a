package dev.missive.pop3.pop2;

import java.util.Objects;

/**
 * The configuration of a POP2 server session.
 *
 * @param hostname the server's host name for the greeting {@code + POP2 <host>} (RFC 937, "Replies", Greeting):
 *                 letters, digits, {@code -} and {@code .}
 * @param limits   the limits every session enforces
 */
public record Pop2ServerConfig(String hostname, Pop2Limits limits) {

  /**
   * Validates the host name.
   *
   * @param hostname the server's host name: letters, digits, {@code -} and {@code .}
   * @param limits   the limits every session enforces
   */
  public Pop2ServerConfig {
    Objects.requireNonNull(limits, "limits");
    if (hostname == null || hostname.isEmpty()) {
      throw new IllegalArgumentException("hostname must not be empty");
    }
    for (int i = 0; i < hostname.length(); i++) {
      char c = hostname.charAt(i);
      if (!(c < 0x80 && Character.isLetterOrDigit(c)) && c != '-' && c != '.') {
        throw new IllegalArgumentException("RFC 937 <host>: letters, digits, '-' and '.' only: " + hostname);
      }
    }
  }

  /**
   * A configuration with the default limits.
   *
   * @param hostname the server's host name for the greeting
   * @return the configuration
   */
  public static Pop2ServerConfig of(String hostname) {
    return new Pop2ServerConfig(hostname, Pop2Limits.DEFAULT);
  }
}
