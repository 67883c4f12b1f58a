package dev.missive.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.missive.wire.EngineEnvironment;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ManualTimeTest {

  @Test
  void movesOnlyWhenToldAndTheClockFollows() {
    ManualTime t = new ManualTime(Instant.parse("1996-05-04T12:00:00Z"));
    long start = t.getAsLong();
    assertThat(start).isNotZero();
    assertThat(t.getAsLong()).isEqualTo(start);
    t.advance(Duration.ofSeconds(90));
    assertThat(t.getAsLong() - start).isEqualTo(90_000_000_000L);
    assertThat(t.clock().instant()).isEqualTo(Instant.parse("1996-05-04T12:01:30Z"));
    assertThat(t.elapsed()).isEqualTo(Duration.ofSeconds(90));
    assertThat(t.fixedClock().instant()).isEqualTo(Instant.parse("1996-05-04T12:00:00Z"));
  }

  @Test
  void neverGoesBack() {
    ManualTime t = new ManualTime();
    long now = t.getAsLong();
    t.advanceTo(now - 5);
    assertThat(t.getAsLong()).isEqualTo(now);
    t.advanceTo(now + 5);
    assertThat(t.getAsLong()).isEqualTo(now + 5);
    assertThatThrownBy(() -> t.advanceNanos(-1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> t.advance(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void environmentsAreReproducible() {
    EngineEnvironment a = new ManualTime().fixedEnvironment();
    EngineEnvironment b = new ManualTime().fixedEnvironment();
    assertThat(a.randomHex(16)).isEqualTo(b.randomHex(16)).hasSize(32);
    assertThat(a.clock().instant()).isEqualTo(ManualTime.DEFAULT_START);
    assertThat(new ManualTime().environment(1).randomHex(8))
        .isNotEqualTo(new ManualTime().environment(2).randomHex(8));
    ManualTime t = new ManualTime();
    EngineEnvironment env = t.environment();
    t.advance(Duration.ofMinutes(1));
    assertThat(env.now()).isEqualTo(t.getAsLong());
    assertThat(env.clock().instant()).isEqualTo(ManualTime.DEFAULT_START.plusSeconds(60));
  }
}
