package dev.missive.imap.internal.text;

import java.time.LocalDate;
import java.time.OffsetDateTime;

/** Writes IMAP's {@code date} and {@code date-time} (RFC 9051 §9). */
public final class DateText {

  private static final String[] MONTHS =
      {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

  private DateText() {}

  /**
   * {@code date-text}: {@code 1-Feb-1994}.
   *
   * @param d the date (years 0 to 9999)
   * @return the text
   */
  public static String date(LocalDate d) {
    checkYear(d.getYear());
    return d.getDayOfMonth() + "-" + MONTHS[d.getMonthValue() - 1] + "-" + pad(d.getYear(), 4);
  }

  /**
   * {@code date-time} without its quotes: {@code 17-Jul-1996 02:44:25 -0700}.
   *
   * @param t the instant with its offset; seconds of offset are refused, fractions of seconds dropped
   * @return the text
   */
  public static String dateTime(OffsetDateTime t) {
    checkYear(t.getYear());
    int offset = t.getOffset().getTotalSeconds();
    if (offset % 60 != 0) {
      throw new IllegalArgumentException("a date-time zone has no seconds: " + t.getOffset());
    }
    int minutes = Math.abs(offset / 60);
    return pad(t.getDayOfMonth(), 2) + "-" + MONTHS[t.getMonthValue() - 1] + "-" + pad(t.getYear(), 4) + " "
        + pad(t.getHour(), 2) + ":" + pad(t.getMinute(), 2) + ":" + pad(t.getSecond(), 2) + " "
        + (offset < 0 ? "-" : "+") + pad(minutes / 60, 2) + pad(minutes % 60, 2);
  }

  private static void checkYear(int year) {
    if (year < 0 || year > 9999) {
      throw new IllegalArgumentException("IMAP dates have four-digit years: " + year);
    }
  }

  private static String pad(int n, int width) {
    String s = Integer.toString(n);
    return "0".repeat(Math.max(0, width - s.length())) + s;
  }
}
