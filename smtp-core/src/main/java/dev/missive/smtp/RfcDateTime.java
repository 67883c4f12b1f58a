package dev.missive.smtp;

import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * RFC 3339 §5.6 {@code date-time} as ESMTP parameters carry it (FUTURERELEASE's HOLDUNTIL, RRVS): a full date, a
 * {@code T} (or {@code t}), a time with optional fractional seconds and a {@code Z} or numeric offset.
 */
final class RfcDateTime {

  private RfcDateTime() {
  }

  /** {@return the time, or empty if {@code text} is not an RFC 3339 date-time} */
  static Optional<OffsetDateTime> parse(String text) {
    if (text.length() < 20 || text.length() > 35 || !text.chars().allMatch(c -> c > 0x20 && c < 0x7F)) {
      return Optional.empty();
    }
    try {
      return Optional.of(OffsetDateTime.parse(text.replace('t', 'T').replace('z', 'Z'),
          DateTimeFormatter.ISO_OFFSET_DATE_TIME));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
