package dev.missive.smtp;

import java.util.List;
import java.util.Optional;

/**
 * An SMTP reply (RFC 5321 §4.2): a three-digit code, an optional enhanced status code (RFC 3463, RFC 2034) and one
 * or more lines of text.
 *
 * <p>Only the engines format replies for the wire (multi-line replies per RFC 5321 §4.2.1, with the enhanced code
 * on every line when enabled, RFC 2034 §4); this value only holds validated parts. Lines never contain CR, LF or
 * NUL (docs/architecture.md, "Values on the wire"). An enhanced status code must have the class of the reply code
 * and is never allowed on a 3xx reply (RFC 2034 §4).
 *
 * @param code   the reply code, {@code 2yz}–{@code 5yz} with {@code y} 0–5 (RFC 5321 §4.2.1)
 * @param status the enhanced status code, if any
 * @param lines  the text lines, at least one (possibly empty)
 */
public record Reply(int code, Optional<EnhancedStatus> status, List<String> lines) {

  /** The most text octets a line may carry: 512 minus the code, separator, enhanced code and CRLF. */
  public static final int MAX_LINE_TEXT = 490;

  private static final Reply OK = of(250, "2.0.0", "OK");

  /**
   * Validates the code, the status class and every line.
   *
   * @param code   the reply code, {@code 2yz}–{@code 5yz} with {@code y} 0–5 (RFC 5321 §4.2.1)
   * @param status the enhanced status code, if any
   * @param lines  the text lines, at least one (possibly empty)
   */
  public Reply {
    if (code < 200 || code > 559 || (code / 10) % 10 > 5) {
      throw new IllegalArgumentException("not an SMTP reply code: " + code);
    }
    if (status == null) {
      throw new IllegalArgumentException("status must not be null (use Optional.empty())");
    }
    if (status.isPresent()) {
      if (code / 100 == 3) {
        throw new IllegalArgumentException("a 3xx reply never carries an enhanced status code (RFC 2034 §4)");
      }
      if (status.get().statusClass() != code / 100) {
        throw new IllegalArgumentException("status " + status.get() + " does not match reply code " + code);
      }
    }
    if (lines == null || lines.isEmpty()) {
      throw new IllegalArgumentException("a reply has at least one line");
    }
    lines = List.copyOf(lines);
    for (String line : lines) {
      requireText(line);
    }
  }

  private static void requireText(String line) {
    if (line.length() > MAX_LINE_TEXT) {
      throw new IllegalArgumentException("reply line longer than " + MAX_LINE_TEXT + " characters");
    }
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '\r' || c == '\n' || c == 0) {
        throw new IllegalArgumentException("reply text must not contain CR, LF or NUL");
      }
    }
  }

  /**
   * A reply with an enhanced status code, such as {@code Reply.of(550, "5.1.1", "No such user here")}.
   *
   * @param code   the three-digit reply code
   * @param status the enhanced status code (RFC 3463), such as {@code 5.1.1}
   * @param lines  the text lines, at least one
   * @return the reply
   */
  public static Reply of(int code, String status, String... lines) {
    return new Reply(code, Optional.of(EnhancedStatus.parse(status)), List.of(lines));
  }

  /**
   * A reply without an enhanced status code, such as {@code Reply.of(354, "Start mail input")}.
   *
   * @param code the three-digit reply code
   * @param line the text
   * @return the reply
   */
  public static Reply of(int code, String line) {
    return new Reply(code, Optional.empty(), List.of(line));
  }

  /**
   * {@code 250 2.0.0 OK}.
   *
   * @return the standard {@code 250} reply
   */
  public static Reply ok() {
    return OK;
  }

  /**
   * This reply with {@code status} replaced.
   *
   * @param status the enhanced status code, if any
   * @return a copy with that value
   */
  public Reply withStatus(EnhancedStatus status) {
    return new Reply(code, Optional.ofNullable(status), lines);
  }

  /** {@return the lines joined with a space, for messages and logs} */
  public String text() {
    return String.join(" ", lines);
  }

  /** {@return whether this is a 2yz positive completion reply (RFC 5321 §4.2.1)} */
  public boolean isPositiveCompletion() {
    return code / 100 == 2;
  }

  /** {@return whether this is a 3yz positive intermediate reply (RFC 5321 §4.2.1)} */
  public boolean isPositiveIntermediate() {
    return code / 100 == 3;
  }

  /** {@return whether this is a 4yz transient negative completion reply (RFC 5321 §4.2.1)} */
  public boolean isTransientFailure() {
    return code / 100 == 4;
  }

  /** {@return whether this is a 5yz permanent negative completion reply (RFC 5321 §4.2.1)} */
  public boolean isPermanentFailure() {
    return code / 100 == 5;
  }

  /** The first line as it would appear on the wire with enhanced status codes on, for logs and tests. */
  @Override
  public String toString() {
    return code + status.map(s -> " " + s).orElse("") + (lines.get(0).isEmpty() ? "" : " " + lines.get(0))
        + (lines.size() > 1 ? " (+" + (lines.size() - 1) + " lines)" : "");
  }
}
