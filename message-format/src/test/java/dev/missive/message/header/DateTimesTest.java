package dev.missive.message.header;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missive.message.Defect;
import dev.missive.message.DefectKind;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DateTimesTest {

  private final List<Defect> defects = new ArrayList<>();

  private static ZonedDateTime at(int y, int mo, int d, int h, int mi, int s, int offsetMinutes) {
    return ZonedDateTime.of(y, mo, d, h, mi, s, 0, ZoneOffset.ofTotalSeconds(offsetMinutes * 60));
  }

  @Test
  void rfc5322AppendixA11() {
    assertThat(DateTimes.parse("Fri, 21 Nov 1997 09:55:06 -0600", defects))
        .contains(at(1997, 11, 21, 9, 55, 6, -360));
    assertThat(DateTimes.parse("Tue, 1 Jul 2003 10:52:37 +0200", defects))
        .contains(at(2003, 7, 1, 10, 52, 37, 120));
    assertThat(defects).isEmpty();
  }

  @Test
  void rfc5322AppendixA5FoldedWithAComment() {
    HeaderField f = HeaderField.parse(("Date: Thu,\r\n      13\r\n        Feb\r\n          1969\r\n      23:32\r\n"
        + "               -0330 (Newfoundland Time)").getBytes(StandardCharsets.US_ASCII), defects);
    assertThat(DateTimes.parse(f.unfoldedValue(), defects)).contains(at(1969, 2, 13, 23, 32, 0, -210));
    assertThat(defects).isEmpty();
  }

  @Test
  void rfc5322AppendixA62ObsoleteYearAndZone() {
    assertThat(DateTimes.parse("21 Nov 97 09:55:06 GMT", defects)).contains(at(1997, 11, 21, 9, 55, 6, 0));
    assertThat(defects).isEmpty();
  }

  @Test
  void rfc5322AppendixA63CommentsAndWhiteSpaceInTheTime() {
    HeaderField f = HeaderField.parse("Date  : Fri, 21\r\n Nov 1997 09(comment):   55  :  06 -0600"
        .getBytes(StandardCharsets.US_ASCII), defects);
    assertThat(f.name()).isEqualTo("Date");
    assertThat(defects).extracting(Defect::kind).containsExactly(DefectKind.WHITESPACE_BEFORE_COLON);
    defects.clear();
    assertThat(DateTimes.parse(f.unfoldedValue(), defects)).contains(at(1997, 11, 21, 9, 55, 6, -360));
    assertThat(defects).isEmpty();
  }

  /** RFC 5322 §4.3: the obsolete zone names. */
  @ParameterizedTest
  @CsvSource({"UT,0", "GMT,0", "EST,-300", "EDT,-240", "CST,-360", "CDT,-300", "MST,-420", "MDT,-360",
      "PST,-480", "PDT,-420", "est,-300"})
  void obsoleteZones(String zone, int offsetMinutes) {
    MessageDate d = DateTimes.parseMessageDate("Fri, 21 Nov 1997 09:55:06 " + zone, defects).orElseThrow();
    assertThat(d.dateTime()).isEqualTo(at(1997, 11, 21, 9, 55, 6, offsetMinutes));
    assertThat(d.offsetUnknown()).isFalse();
    assertThat(defects).isEmpty();
  }

  /** RFC 5322 §4.3: military zones and unknown names mean -0000, as does -0000 itself (§3.3). */
  @ParameterizedTest
  @CsvSource({"A", "M", "N", "Y", "Z", "J", "XYZ", "-0000"})
  void zonesThatMeanNoLocalOffset(String zone) {
    MessageDate d = DateTimes.parseMessageDate("21 Nov 1997 09:55:06 " + zone, defects).orElseThrow();
    assertThat(d.dateTime()).isEqualTo(at(1997, 11, 21, 9, 55, 6, 0));
    assertThat(d.offsetUnknown()).as(zone).isTrue();
    assertThat(DateTimes.format(d)).isEqualTo("Fri, 21 Nov 1997 09:55:06 -0000");
  }

  /** RFC 5322 §4.3: two-digit years 00–49 are 20xx, 50–99 are 19xx; three digits add 1900. */
  @ParameterizedTest
  @CsvSource({"00,2000", "49,2049", "50,1950", "99,1999", "103,2003", "1997,1997"})
  void obsoleteYears(String written, int year) {
    assertThat(DateTimes.parse("1 Jan " + written + " 00:00 +0000", defects).orElseThrow().getYear())
        .isEqualTo(year);
  }

  @Test
  void dayOfWeekMismatchIsToleratedWithADefect() {
    assertThat(DateTimes.parse("Mon, 21 Nov 1997 09:55:06 -0600", defects))
        .contains(at(1997, 11, 21, 9, 55, 6, -360));
    assertThat(defects).extracting(Defect::kind).containsExactly(DefectKind.MALFORMED_DATE);
  }

  @Test
  void leapSecondIsClampedAndMissingZoneIsADefect() {
    assertThat(DateTimes.parse("31 Dec 2016 23:59:60 +0000", defects)).contains(at(2016, 12, 31, 23, 59, 59, 0));
    assertThat(defects).isEmpty();
    assertThat(DateTimes.parseMessageDate("31 Dec 2016 23:59:00", defects).orElseThrow().offsetUnknown()).isTrue();
    assertThat(defects).extracting(Defect::kind).containsExactly(DefectKind.MALFORMED_DATE);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {"''", "garbage", "Fri, 31 Feb 1997 09:55:06 -0600", "Fri, 21 Nov 1997",
      "21 Nov 1997 25:00 +0000", "21 Foo 1997 10:00 +0000", "Fri 21 Nov 1997 09:55:06 -0600 \u00e9",
      "21 Nov 1997 10:00:00:00 +0000 extra", "(((", "99999 Nov 1997 10:00 +0000"})
  void garbageIsEmptyWithADefectNeverAnException(String value) {
    if (DateTimes.parse(value, defects).isEmpty()) {
      assertThat(defects).extracting(Defect::kind).containsOnly(DefectKind.MALFORMED_DATE).isNotEmpty();
    } else {
      assertThat(defects).isNotEmpty();
    }
  }

  @Test
  void formatWritesRfc5322Section33() {
    assertThat(DateTimes.format(at(1997, 11, 21, 9, 55, 6, -360))).isEqualTo("Fri, 21 Nov 1997 09:55:06 -0600");
    assertThat(DateTimes.format(at(2003, 7, 1, 10, 52, 37, 120))).isEqualTo("Tue, 1 Jul 2003 10:52:37 +0200");
    assertThat(DateTimes.format(at(1969, 2, 13, 23, 32, 0, -210))).isEqualTo("Thu, 13 Feb 1969 23:32:00 -0330");
    assertThat(DateTimes.format(at(2026, 1, 5, 0, 0, 0, 0))).isEqualTo("Mon, 5 Jan 2026 00:00:00 +0000");
  }

  @Test
  void formatRefusesYearsOutsideFourDigitsFrom1900() {
    assertThat(DateTimes.format(at(1900, 1, 1, 0, 0, 0, 0))).isEqualTo("Mon, 1 Jan 1900 00:00:00 +0000");
    assertThat(DateTimes.format(at(9999, 12, 31, 23, 59, 59, 0))).isEqualTo("Fri, 31 Dec 9999 23:59:59 +0000");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> DateTimes.format(at(1899, 12, 31, 23, 59, 59, 0)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1899");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> DateTimes.format(at(10000, 1, 1, 0, 0, 0, 0)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Property(tries = 200)
  void formatThenParseIsIdentity(@ForAll @LongRange(min = -2_208_988_800L, max = 253_402_300_799L) long epoch,
      @ForAll @IntRange(min = -18 * 60, max = 18 * 60) int offsetMinutes) {
    ZonedDateTime t = java.time.Instant.ofEpochSecond(epoch)
        .atZone(ZoneOffset.ofTotalSeconds(offsetMinutes * 60));
    if (t.getYear() < 1900 || t.getYear() > 9999) {
      return;
    }
    List<Defect> found = new ArrayList<>();
    assertThat(DateTimes.parse(DateTimes.format(t), found)).contains(t);
    assertThat(found).isEmpty();
  }

  /**
   * A four-digit year before 1900 (or a one-digit year) is not a date of RFC 5322 §3.3 ("any numeric year 1900 or
   * later"): it was read, and then {@code format} refused to write it (fuzz finding F10,
   * {@code finding-year-before-1900}).
   */
  @Test
  void aYearBefore1900IsMalformed() {
    List<Defect> defects = new ArrayList<>();
    assertThat(DateTimes.parseMessageDate("Thu, 13 Feb 0984 23:32 -0600", defects)).isEmpty();
    assertThat(defects).isNotEmpty();
    assertThat(DateTimes.parse("13 Feb 5 23:32 -0600", new ArrayList<>())).isEmpty();
    assertThat(DateTimes.parse("13 Feb 1900 23:32 -0600", new ArrayList<>())).isPresent();
  }
}
