package dev.missive.imap;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;

/**
 * One field of an ID command or response (RFC 2971 §3.3): a name of at most 30 octets and a value (NIL when
 * empty) of at most 1024.
 *
 * @param field the field name, for example {@code name} or {@code version}
 * @param value the value, empty for NIL
 */
public record IdParameter(String field, Optional<String> value) {

  /**
   * Checks the values against the limits of RFC 2971 §3.3.
   *
   * @param field the field name
   * @param value the value, empty for NIL
   */
  public IdParameter {
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(value, "value");
    if (!fits(field, value.orElse(null))) {
      throw new IllegalArgumentException("ID fields are at most 30 octets, values at most 1024 (RFC 2971 §3.3)");
    }
  }

  /**
   * Whether a field and value are within the limits of RFC 2971 §3.3 (30 and 1024 octets of UTF-8).
   *
   * @param field the field name
   * @param value the value, or null for NIL
   * @return whether both fit
   */
  public static boolean fits(String field, String value) {
    return field.getBytes(StandardCharsets.UTF_8).length <= 30
        && (value == null || value.getBytes(StandardCharsets.UTF_8).length <= 1024);
  }
}
