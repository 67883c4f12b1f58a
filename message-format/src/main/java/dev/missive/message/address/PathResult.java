package dev.missive.message.address;

import java.util.Objects;

/**
 * The outcome of parsing an SMTP reverse-path or forward-path (RFC 5321 §4.1.2): the path and where it ended, or
 * why it is invalid. Parsing never throws; a Java 17 host tests the result with {@code instanceof}.
 *
 * @param <T> {@link ReversePath} or {@link ForwardPath}
 */
public sealed interface PathResult<T> {

  /**
   * A path that parsed.
   *
   * @param path the path (any source route dropped)
   * @param end  the index just after the closing {@code >}: either the end of the input or the space before the
   *     ESMTP parameters (RFC 5321 §4.1.2 {@code Mail-parameters})
   */
  record Parsed<T>(T path, int end) implements PathResult<T> {
    /**
     * Validates the values.
     *
     * @param path the path (any source route dropped)
     * @param end  the index just after the closing {@code >}: either the end of the input or the space before the
     *     ESMTP parameters (RFC 5321 §4.1.2 {@code Mail-parameters})
     */
    public Parsed {
      Objects.requireNonNull(path, "path");
      if (end < 0) {
        throw new IllegalArgumentException("end < 0");
      }
    }
  }

  /**
   * A path that did not parse or broke a limit.
   *
   * @param error  what is wrong, with the reply it suggests
   * @param index  the index in the input where the problem was found
   * @param detail a short explanation suitable for a reply text (ASCII; never echoes the input)
   */
  record Invalid<T>(PathError error, int index, String detail) implements PathResult<T> {
    /**
     * Validates the values.
     *
     * @param error  what is wrong, with the reply it suggests
     * @param index  the index in the input where the problem was found
     * @param detail a short explanation suitable for a reply text (ASCII; never echoes the input)
     */
    public Invalid {
      Objects.requireNonNull(error, "error");
      Objects.requireNonNull(detail, "detail");
    }
  }
}
