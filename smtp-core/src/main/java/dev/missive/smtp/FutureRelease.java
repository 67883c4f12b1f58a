package dev.missive.smtp;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Objects;

/**
 * A future-release request on MAIL FROM (RFC 4865, FUTURERELEASE): hold the message for a number of seconds
 * ({@code HOLDFOR=}, {@code 1*9DIGIT}) or until a time ({@code HOLDUNTIL=}, an RFC 3339 {@code date-time}); a command
 * carries at most one of them.
 */
public sealed interface FutureRelease {

  /** The longest hold a {@code HOLDFOR=} value can say: nine digits of seconds. */
  long MAX_HOLD_SECONDS = 999_999_999L;

  /** {@return the parameter as written on the wire} */
  String toParameter();

  /**
   * The time of release for a message received at {@code arrival}.
   *
   * @param arrival when the message was received
   * @return when it may be released
   */
  OffsetDateTime releaseAt(OffsetDateTime arrival);

  /**
   * {@code HOLDFOR=}: hold for {@code seconds} from arrival.
   *
   * @param seconds the seconds to hold, 0 to 999 999 999
   */
  record HoldFor(long seconds) implements FutureRelease {

    /**
     * Validates the range.
     *
     * @param seconds the seconds to hold
     */
    public HoldFor {
      if (seconds < 0 || seconds > MAX_HOLD_SECONDS) {
        throw new IllegalArgumentException("HOLDFOR is 0 to 999999999 seconds");
      }
    }

    @Override
    public String toParameter() {
      return "HOLDFOR=" + seconds;
    }

    @Override
    public OffsetDateTime releaseAt(OffsetDateTime arrival) {
      return arrival.plus(Duration.ofSeconds(seconds));
    }
  }

  /**
   * {@code HOLDUNTIL=}: hold until {@code time}.
   *
   * @param time the release time, with its offset
   */
  record HoldUntil(OffsetDateTime time) implements FutureRelease {

    /**
     * Checks that a time is given.
     *
     * @param time the release time
     */
    public HoldUntil {
      Objects.requireNonNull(time, "time");
    }

    @Override
    public String toParameter() {
      return "HOLDUNTIL=" + DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(time);
    }

    @Override
    public OffsetDateTime releaseAt(OffsetDateTime arrival) {
      return time;
    }
  }

  /**
   * Reads a {@code HOLDFOR=} or {@code HOLDUNTIL=} parameter.
   *
   * @param keyword {@code HOLDFOR} or {@code HOLDUNTIL}, in any case
   * @param value   the text after the {@code =}
   * @return the request, or {@code null} if the keyword is neither or the value is not of its form
   */
  static FutureRelease parse(String keyword, String value) {
    if (value == null || value.isEmpty()) {
      return null;
    }
    String key = keyword.toUpperCase(Locale.ROOT);
    if (key.equals("HOLDFOR")) {
      if (value.length() > 9 || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
        return null;
      }
      return new HoldFor(Long.parseLong(value));
    }
    if (key.equals("HOLDUNTIL")) {
      return RfcDateTime.parse(value).map(HoldUntil::new).orElse(null);
    }
    return null;
  }
}
