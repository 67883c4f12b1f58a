package dev.missive.smtp.server.internal;

import java.util.Optional;

/**
 * The arguments of one BDAT command (RFC 3030 §2): {@code chunk-size [LAST]}.
 *
 * @param size the chunk's size in octets
 * @param last whether this is the last chunk of the message
 */
public record BdatCommand(long size, boolean last) {

  /** More digits could overflow a {@code long}; no real chunk comes near 10^18 octets. */
  private static final int MAX_DIGITS = 18;

  /**
   * Checks the size.
   *
   * @param size the chunk's size in octets, not negative
   * @param last whether this is the last chunk
   */
  public BdatCommand {
    if (size < 0) {
      throw new IllegalArgumentException("negative chunk size " + size);
    }
  }

  /**
   * Parses {@code chunk-size [SP "LAST"]} (RFC 3030 §2: {@code chunk-size = 1*DIGIT}, {@code end-marker = "LAST"},
   * case-insensitive as every SMTP keyword).
   *
   * @param args the text after {@code BDAT }
   * @return the command, or empty when the arguments do not follow the grammar
   */
  public static Optional<BdatCommand> parse(String args) {
    int space = args.indexOf(' ');
    String digits = space < 0 ? args : args.substring(0, space);
    if (digits.isEmpty() || digits.length() > MAX_DIGITS) {
      return Optional.empty();
    }
    long n = 0;
    for (int i = 0; i < digits.length(); i++) {
      char c = digits.charAt(i);
      if (c < '0' || c > '9') {
        return Optional.empty();
      }
      n = n * 10 + (c - '0');
    }
    if (space >= 0 && !args.substring(space + 1).equalsIgnoreCase("LAST")) {
      return Optional.empty();
    }
    return Optional.of(new BdatCommand(n, space >= 0));
  }
}
