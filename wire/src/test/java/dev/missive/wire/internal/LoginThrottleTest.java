package dev.missive.wire.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The failed-login throttle both server engines share: held replies on the engine's clock, and the last failure. */
class LoginThrottleTest {

  @Test
  void eachFailureIsHeldUntilItsDeadlineAndTheLastOneExhausts() {
    LoginThrottle<String> t = new LoginThrottle<>(2, Duration.ofSeconds(2));
    assertThat(t.nextFailureIsLast()).isFalse();
    assertThat(t.fail("535 first", 1_000)).isNull();
    assertThat(t.holding()).isTrue();
    assertThat(t.until()).isEqualTo(1_000 + 2_000_000_000L);
    assertThat(t.release(1_000 + 1_999_999_999L)).isNull();
    assertThat(t.release(t.until())).isEqualTo("535 first");
    assertThat(t.holding()).isFalse();
    assertThat(t.release(Long.MAX_VALUE)).isNull();
    assertThat(t.exhausted()).isFalse();
    assertThat(t.nextFailureIsLast()).isTrue();
    t.fail("535 second", 5_000);
    assertThat(t.exhausted()).isTrue();
    assertThat(t.failures()).isEqualTo(2);
    t.clear();
    assertThat(t.holding()).isFalse();
  }

  @Test
  void withoutADelayTheReplyGoesAtOnceAndDeadlinesWrapAround() {
    LoginThrottle<String> none = new LoginThrottle<>(3, Duration.ZERO);
    assertThat(none.fail("535", 0)).isEqualTo("535");
    assertThat(none.holding()).isFalse();
    LoginThrottle<String> wrapping = new LoginThrottle<>(3, Duration.ofNanos(10));
    wrapping.fail("535", Long.MAX_VALUE - 5);
    assertThat(wrapping.release(Long.MAX_VALUE)).isNull();
    assertThat(wrapping.release(Long.MAX_VALUE + 5)).isEqualTo("535"); // monotonic time may wrap (System.nanoTime)
    assertThatThrownBy(() -> new LoginThrottle<String>(0, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new LoginThrottle<String>(1, Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
