package dev.missive.smtp.server.internal;

import dev.missive.smtp.Reply;

/**
 * The outcome of parsing peer input: a value, or the reply that refuses it (parsers are total: docs/architecture.md, "Errors").
 *
 * @param value the parsed value, or {@code null} on failure
 * @param error the refusal, or {@code null} on success
 * @param <T>   the value type
 */
public record Parsed<T>(T value, Reply error) {

  /** A successful parse. */
  public static <T> Parsed<T> ok(T value) {
    return new Parsed<>(value, null);
  }

  /** A refusal with {@code reply}. */
  public static <T> Parsed<T> fail(Reply reply) {
    return new Parsed<>(null, reply);
  }

  /** Whether parsing failed. */
  public boolean failed() {
    return error != null;
  }
}
