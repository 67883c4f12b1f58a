package dev.missive.examples.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Exponential back-off between retries (RFC 5321 §4.5.4.1), capped. */
class RetryScheduleTest {

  @Test
  void doublesUpToTheMaximum() {
    RetrySchedule s = new RetrySchedule(Duration.ofMinutes(30), Duration.ofHours(4));
    assertThat(s.delayAfter(1)).isEqualTo(Duration.ofMinutes(30));
    assertThat(s.delayAfter(2)).isEqualTo(Duration.ofMinutes(60));
    assertThat(s.delayAfter(4)).isEqualTo(Duration.ofHours(4));
    assertThat(s.delayAfter(5)).isEqualTo(Duration.ofHours(4));
    assertThat(s.delayAfter(Integer.MAX_VALUE)).isEqualTo(Duration.ofHours(4));
    assertThat(RetrySchedule.RFC_5321.delayAfter(1)).isEqualTo(Duration.ofMinutes(30));
  }

  @Test
  void rejectsNonsense() {
    assertThatThrownBy(() -> new RetrySchedule(Duration.ZERO, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RetrySchedule(Duration.ofSeconds(2), Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RetrySchedule.RFC_5321.delayAfter(0)).isInstanceOf(IllegalArgumentException.class);
  }
}
