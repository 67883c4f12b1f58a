package dev.missive.message.header;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Objects;

/**
 * A {@code date-time} of RFC 5322 §3.3 read into {@code java.time}, remembering whether the zone was
 * {@code -0000}: the time is then in UTC but says nothing about the sender's local zone (§3.3), which is also how
 * RFC 5322 §4.3 reads the military zones and unknown zone names.
 *
 * @param dateTime      the instant with the offset as written ({@code UTC} when unknown)
 * @param offsetUnknown whether the zone was {@code -0000}, a military letter or an unknown name
 */
public record MessageDate(ZonedDateTime dateTime, boolean offsetUnknown) {

  /**
   * Checks that an unknown offset comes with a UTC time.
   *
   * @param dateTime      the instant with the offset as written ({@code UTC} when unknown)
   * @param offsetUnknown whether the zone was {@code -0000}, a military letter or an unknown name
   */
  public MessageDate {
    Objects.requireNonNull(dateTime, "dateTime");
    if (offsetUnknown && !ZoneOffset.UTC.equals(dateTime.getOffset())) {
      throw new IllegalArgumentException("an unknown offset (-0000) needs a UTC time");
    }
  }
}
