package dev.missive.message.header;

import dev.missive.message.Defect;
import dev.missive.message.DefectKind;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads and writes the {@code date-time} of RFC 5322 §3.3 with {@code java.time}, including the obsolete syntax
 * of §4.3: comments and folding anywhere, optional seconds and day of week, two- and three-digit years, and the
 * zone names UT, GMT, EST/EDT, CST/CDT, MST/MDT, PST/PDT; military zone letters and unknown names are read as
 * {@code -0000} (§4.3). Reading is total; a day of week that disagrees with the date is tolerated with a defect.
 */
public final class DateTimes {

  private static final String[] DAYS = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
  private static final String[] MONTHS =
      {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};
  private static final String[] DAY_NAMES = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
  private static final String[] MONTH_NAMES =
      {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

  private DateTimes() {
  }

  /**
   * Parses a date-time leniently; the result keeps the offset as written ({@code UTC} for {@code -0000}).
   *
   * @param value   an unfolded Date-type field value
   * @param defects receives MALFORMED_DATE defects
   * @return the date, or empty when it does not parse (a MALFORMED_DATE defect is then recorded)
   */
  public static Optional<ZonedDateTime> parse(String value, List<Defect> defects) {
    return parseMessageDate(value, defects).map(MessageDate::dateTime);
  }

  /**
   * Parses a date-time leniently, telling whether the offset was unknown ({@code -0000}).
   *
   * @param value   the unfolded Date field value
   * @param defects receives a defect when the date is malformed
   * @return the date, or empty
   */
  public static Optional<MessageDate> parseMessageDate(String value, List<Defect> defects) {
    List<String> tokens = tokens(value);
    if (tokens == null) {
      return fail(value, defects, "stray characters");
    }
    int i = 0;
    int dayOfWeek = -1;
    if (i < tokens.size() && isWord(tokens.get(i))) {
      dayOfWeek = indexOfPrefix(DAYS, tokens.get(i));
      if (dayOfWeek < 0) {
        return fail(value, defects, "unknown day of week");
      }
      i++;
      if (i < tokens.size() && tokens.get(i).equals(",")) {
        i++;
      }
    }
    if (i + 2 >= tokens.size()) {
      return fail(value, defects, "too short");
    }
    int day = number(tokens.get(i++), 2);
    int month = isWord(tokens.get(i)) ? indexOfPrefix(MONTHS, tokens.get(i)) + 1 : 0;
    i++;
    int year = year(tokens.get(i++));
    int[] time = new int[] {-1, -1, 0};
    for (int f = 0; f < 3 && i < tokens.size(); f++) {
      if (f > 0) {
        if (!tokens.get(i).equals(":")) {
          break;
        }
        i++;
      }
      time[f] = i < tokens.size() ? number(tokens.get(i++), 2) : -1;
    }
    if (day < 0 || month < 1 || year < 0 || time[0] < 0 || time[1] < 0 || time[2] < 0) {
      return fail(value, defects, "bad day, month, year or time");
    }
    LocalDateTime local;
    try {
      local = LocalDateTime.of(year, month, day, time[0], time[1], Math.min(time[2], 59));
    } catch (DateTimeException e) {
      return fail(value, defects, "no such date or time");
    }
    ZoneOffset offset = null;
    if (i < tokens.size() && isZoneToken(tokens.get(i))) {
      offset = zone(tokens.get(i++));
    } else {
      defects.add(new Defect(DefectKind.MALFORMED_DATE, "date without zone, -0000 assumed"));
    }
    boolean unknown = offset == null;
    if (unknown) {
      offset = ZoneOffset.UTC;
    }
    if (i < tokens.size()) {
      defects.add(new Defect(DefectKind.MALFORMED_DATE, "text after the date: " + HeaderChars.excerpt(value)));
    }
    ZonedDateTime result = ZonedDateTime.of(local, offset);
    if (dayOfWeek >= 0 && result.getDayOfWeek() != DayOfWeek.of(dayOfWeek + 1)) {
      defects.add(new Defect(DefectKind.MALFORMED_DATE,
          "day of week " + DAY_NAMES[dayOfWeek] + " does not match the date " + local.toLocalDate()));
    }
    return Optional.of(new MessageDate(result, unknown));
  }

  private static Optional<MessageDate> fail(String value, List<Defect> defects, String why) {
    defects.add(new Defect(DefectKind.MALFORMED_DATE, why + ": " + HeaderChars.excerpt(value)));
    return Optional.empty();
  }

  /** Splits into words, numbers, signed zone offsets, ":" and ","; comments dropped; null on stray characters. */
  private static List<String> tokens(String value) {
    ValueScanner sc = new ValueScanner(value);
    List<String> tokens = new ArrayList<>(10);
    String s = value;
    while (true) {
      sc.skipCfws();
      if (sc.atEnd()) {
        return tokens;
      }
      int start = sc.position();
      int c = sc.peek();
      if (c == ':' || c == ',') {
        sc.advance();
      } else if (isLetter(c)) {
        while (isLetter(sc.peek())) {
          sc.advance();
        }
      } else if (isDigit(c) || ((c == '+' || c == '-') && start + 1 < s.length() && isDigit(s.charAt(start + 1)))) {
        sc.advance();
        while (isDigit(sc.peek())) {
          sc.advance();
        }
      } else {
        return null;
      }
      tokens.add(s.substring(start, sc.position()));
    }
  }

  private static boolean isLetter(int c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  private static boolean isDigit(int c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isWord(String t) {
    return isLetter(t.charAt(0));
  }

  private static boolean isZoneToken(String t) {
    return isWord(t) || t.charAt(0) == '+' || t.charAt(0) == '-';
  }

  private static int indexOfPrefix(String[] names, String word) {
    if (word.length() < 3) {
      return -1;
    }
    String w = word.toLowerCase(Locale.ROOT);
    for (int i = 0; i < names.length; i++) {
      if (w.startsWith(names[i])) {
        return i;
      }
    }
    return -1;
  }

  private static int number(String t, int maxDigits) {
    if (!isDigit(t.charAt(0)) || t.length() > maxDigits) {
      return -1;
    }
    return Integer.parseInt(t);
  }

  /**
   * A year, with the two- and three-digit rules of RFC 5322 §4.3; -1 for a year before 1900 (§3.3: "any numeric year
   * 1900 or later"), which {@link #format} could not write back.
   */
  private static int year(String t) {
    if (!isDigit(t.charAt(0)) || t.length() > 4) {
      return -1;
    }
    int y = Integer.parseInt(t);
    if (t.length() == 2) {
      return y < 50 ? 2000 + y : 1900 + y;
    }
    int year = t.length() == 3 ? 1900 + y : y;
    return year >= 1900 ? year : -1;
  }

  /** A zone: {@code ±hhmm} or an RFC 5322 §4.3 name; null for -0000, military letters and unknown names. */
  private static ZoneOffset zone(String t) {
    char sign = t.charAt(0);
    if (sign == '+' || sign == '-') {
      if (t.length() != 5) {
        return null;
      }
      int hh = Integer.parseInt(t.substring(1, 3));
      int mm = Integer.parseInt(t.substring(3, 5));
      if ((sign == '-' && hh == 0 && mm == 0) || mm > 59 || hh > 18) {
        return null;
      }
      try {
        return ZoneOffset.ofHoursMinutes(sign == '-' ? -hh : hh, sign == '-' ? -mm : mm);
      } catch (DateTimeException e) {
        return null;
      }
    }
    switch (t.toUpperCase(Locale.ROOT)) {
      case "UT":
      case "GMT":
      case "UTC":
        return ZoneOffset.UTC;
      case "EDT":
        return ZoneOffset.ofHours(-4);
      case "EST":
      case "CDT":
        return ZoneOffset.ofHours(-5);
      case "CST":
      case "MDT":
        return ZoneOffset.ofHours(-6);
      case "MST":
      case "PDT":
        return ZoneOffset.ofHours(-7);
      case "PST":
        return ZoneOffset.ofHours(-8);
      default:
        return null;
    }
  }

  /**
   * Formats a date-time as RFC 5322 §3.3 writes it, e.g. {@code Fri, 21 Nov 1997 09:55:06 -0600}.
   *
   * @param dateTime the date-time, in the offset to write
   * @return the {@code date-time} text
   * @throws IllegalArgumentException for a year before 1900 (RFC 5322 §3.3: "any numeric year 1900 or later") or
   *                                  after 9999 (the grammar allows more digits, but readers expect four; a host
   *                                  with such a date has a bug, not a message)
   */
  public static String format(ZonedDateTime dateTime) {
    return format(dateTime, false);
  }

  /**
   * Formats a parsed date, writing {@code -0000} when its offset was unknown.
   *
   * @param date the parsed date
   * @return the RFC 5322 date-time text
   */
  public static String format(MessageDate date) {
    return format(date.dateTime(), date.offsetUnknown());
  }

  private static String format(ZonedDateTime dt, boolean unknownOffset) {
    if (dt.getYear() < 1900 || dt.getYear() > 9999) {
      throw new IllegalArgumentException("RFC 5322 §3.3 years run from 1900 to 9999: " + dt.getYear());
    }
    int total = dt.getOffset().getTotalSeconds() / 60;
    StringBuilder b = new StringBuilder(31);
    b.append(DAY_NAMES[dt.getDayOfWeek().getValue() - 1]).append(", ")
        .append(dt.getDayOfMonth()).append(' ')
        .append(MONTH_NAMES[dt.getMonthValue() - 1]).append(' ')
        .append(dt.getYear()).append(' ');
    two(b, dt.getHour()).append(':');
    two(b, dt.getMinute()).append(':');
    two(b, dt.getSecond()).append(' ');
    b.append(unknownOffset || total < 0 ? '-' : '+');
    two(b, Math.abs(total) / 60);
    two(b, Math.abs(total) % 60);
    return b.toString();
  }

  private static StringBuilder two(StringBuilder b, int n) {
    return b.append((char) ('0' + n / 10)).append((char) ('0' + n % 10));
  }
}
