package dev.missive.wire;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.SplittableRandom;

/** Manual monotonic time for the wire's own tests (the testkit's {@code ManualTime} sits above this module). */
public final class TestTime {

  private long nanos = 1_000_000_000L;

  public EngineEnvironment environment() {
    return new EngineEnvironment(Clock.fixed(Instant.parse("2024-01-01T00:00:00Z"), ZoneOffset.UTC), () -> nanos,
        new SplittableRandom(1));
  }

  public long now() {
    return nanos;
  }

  public void advance(Duration d) {
    nanos += d.toNanos();
  }
}
