package dev.missive.smtp;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * What a server offers with the {@code FUTURERELEASE} EHLO keyword (RFC 4865 §3): the longest hold it accepts,
 * {@code max-future-release-interval} in seconds ({@code 1*9DIGIT}), and the latest release time,
 * {@code max-future-release-date-time} (an RFC 3339 {@code date-time}, RFC 4865 erratum 2040). A server that offers
 * a fixed interval announces as latest time "now plus the interval", so both say the same at the time of EHLO.
 *
 * <p>A request outside the offer is refused: a {@code HOLDFOR=} longer than the interval, a {@code HOLDUNTIL=} later
 * than the latest time or not in the future. The server answers each with {@code 501 5.5.4} (RFC 4865 §4 asks for
 * such semantic errors to be treated as syntax errors); the client does not send what the offer excludes.
 *
 * @param maxInterval the longest {@code HOLDFOR=} in seconds, 1 to 999 999 999
 * @param maxDateTime the latest {@code HOLDUNTIL=}
 */
public record FutureReleaseOffer(long maxInterval, OffsetDateTime maxDateTime) {

  /**
   * Validates the values.
   *
   * @param maxInterval the longest {@code HOLDFOR=} in seconds, 1 to 999 999 999
   * @param maxDateTime the latest {@code HOLDUNTIL=}
   */
  public FutureReleaseOffer {
    Objects.requireNonNull(maxDateTime, "maxDateTime");
    if (maxInterval < 1 || maxInterval > FutureRelease.MAX_HOLD_SECONDS) {
      throw new IllegalArgumentException("max-future-release-interval is 1 to 999999999 seconds");
    }
  }

  /**
   * The offer of a server that holds messages for up to {@code maxHold} from {@code now}.
   *
   * @param now     the time of the EHLO reply
   * @param maxHold the longest hold, whole seconds, at most 999 999 999
   * @return the offer, its latest time {@code now + maxHold} in UTC to the second
   */
  public static FutureReleaseOffer of(Instant now, Duration maxHold) {
    return new FutureReleaseOffer(maxHold.getSeconds(),
        now.truncatedTo(ChronoUnit.SECONDS).plusSeconds(maxHold.getSeconds()).atOffset(ZoneOffset.UTC));
  }

  /**
   * Reads the keyword's parameters, such as {@code 604800 2026-12-13T16:00:00Z}.
   *
   * @param parameters the text after {@code FUTURERELEASE}
   * @return the offer, or {@code null} if the parameters are not an interval and a date-time
   */
  public static FutureReleaseOffer parse(String parameters) {
    String[] words = parameters.trim().split(" +");
    if (words.length != 2 || words[0].isEmpty() || words[0].length() > 9
        || !words[0].chars().allMatch(c -> c >= '0' && c <= '9') || Long.parseLong(words[0]) < 1) {
      return null;
    }
    return RfcDateTime.parse(words[1]).map(t -> new FutureReleaseOffer(Long.parseLong(words[0]), t)).orElse(null);
  }

  /** {@return the keyword's parameters as a server writes them, such as {@code 604800 2026-12-13T16:00:00Z}} */
  public String toParameters() {
    return maxInterval + " " + DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(maxDateTime);
  }

  /**
   * Why a request falls outside this offer, or {@code null} if it is inside.
   *
   * @param release the request
   * @param now     the time it is judged at; {@code null} for a client, which cannot know the server's clock and
   *                leaves the "not in the future" check to the server
   * @return the reason, or {@code null}
   */
  public String refusal(FutureRelease release, Instant now) {
    if (release instanceof FutureRelease.HoldFor f) {
      return f.seconds() > maxInterval
          ? "HOLDFOR=" + f.seconds() + " is longer than the " + maxInterval + " seconds offered" : null;
    }
    OffsetDateTime until = ((FutureRelease.HoldUntil) release).time();
    if (until.isAfter(maxDateTime)) {
      return "HOLDUNTIL is later than the " + DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(maxDateTime) + " offered";
    }
    if (now != null && !until.toInstant().isAfter(now)) {
      return "HOLDUNTIL is not in the future";
    }
    return null;
  }
}
