package dev.missive.pop3.client;

import java.util.Objects;

/** Checks for values the client engine writes into POP3 command lines (RFC 1939 §3; docs/architecture.md, "Values on
 * the wire"). */
final class Arguments {

  private Arguments() {
  }

  /**
   * Refuses {@code null}, CR, LF and NUL (compared as {@code char}s, never narrowed), and an empty value unless
   * {@code emptyAllowed}. The message names the value, never shows it (it may be a secret).
   */
  static void requireText(String value, String name, boolean emptyAllowed) {
    Objects.requireNonNull(value, name);
    if (value.isEmpty() && !emptyAllowed) {
      throw new IllegalArgumentException(name + " must not be empty");
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\r' || c == '\n' || c == 0) {
        throw new IllegalArgumentException(name + " must not hold CR, LF or NUL");
      }
    }
  }

  /** Whether every char is US-ASCII. */
  static boolean isAscii(String value) {
    return value.chars().allMatch(c -> c < 0x80);
  }
}
