package dev.missive.message.header;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.missive.message.Defect;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Fuzz target for RFC 5322 §3.3 and §4.3 dates: {@link DateTimes#parseMessageDate} and {@link DateTimes#parse} of
 * any text never throw and agree; every date they accept {@link DateTimes#format formats} (no exception: a date read
 * from a message can be written again) to at most {@link #FORMATTED_MAX} characters that read back as the same date.
 */
class DateTimesFuzzTest {

  /** {@code Thu, 31 Dec 9999 23:59:59 -0000}. */
  static final int FORMATTED_MAX = 31;

  @FuzzTest
  void parsesAnyTextAndWritesWhatItRead(FuzzedDataProvider data) {
    String text = data.consumeRemainingAsString();
    List<Defect> defects = new ArrayList<>();
    Optional<MessageDate> date = DateTimes.parseMessageDate(text, defects);
    assertThat(DateTimes.parse(text, new ArrayList<>())).isEqualTo(date.map(MessageDate::dateTime));
    if (date.isEmpty()) {
      return;
    }
    String written = DateTimes.format(date.get());
    assertThat(written.length()).isLessThanOrEqualTo(FORMATTED_MAX);
    List<Defect> back = new ArrayList<>();
    assertThat(DateTimes.parseMessageDate(written, back)).contains(date.get());
    assertThat(back).isEmpty();
  }
}
