package dev.missive.transport.netty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missive.wire.EngineEnvironment;
import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Clock;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The engine's one timer on an event loop whose time the test moves ({@link EmbeddedChannel} with frozen time), the
 * engine's clock moved in step: it fires once at the earliest deadline it follows, and a deadline that moves later
 * (an idle deadline after every command) keeps the task already scheduled instead of replacing it.
 */
class EngineTimerTest {

  private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

  private final EmbeddedChannel loop = new EmbeddedChannel();
  private final AtomicLong now = new AtomicLong(1_000 * MS);
  private final AtomicInteger fired = new AtomicInteger();
  private final EngineTimer timer = new EngineTimer(loop.eventLoop(),
      new EngineEnvironment(Clock.systemUTC(), now::get, new Random(1)), fired::incrementAndGet);

  EngineTimerTest() {
    loop.freezeTime();
  }

  @AfterEach
  void close() {
    loop.finishAndReleaseAll();
  }

  /** Moves the loop's and the engine's time on by {@code ms} and runs what is due; the next task's delay or -1. */
  private long advance(long ms) {
    now.addAndGet(ms * MS);
    loop.advanceTimeBy(ms, TimeUnit.MILLISECONDS);
    return loop.runScheduledPendingTasks();
  }

  @Test
  void aLaterDeadlineKeepsTheTaskAlreadyWaiting() {
    long start = now.get();
    timer.follow(start + 100 * MS);
    timer.follow(start + 200 * MS);
    timer.follow(start + 300 * MS);
    assertThat(loop.runScheduledPendingTasks()).isEqualTo(100 * MS); // the first task, not a new one per deadline

    assertThat(advance(100)).isEqualTo(200 * MS); // woke at 100, the deadline is at 300: sleeps again
    assertThat(fired).hasValue(0);
    assertThat(advance(200)).isEqualTo(-1);
    assertThat(fired).hasValue(1);
  }

  @Test
  void anEarlierDeadlineReplacesTheTask() {
    long start = now.get();
    timer.follow(start + 300 * MS);
    timer.follow(start + 100 * MS);
    assertThat(advance(100)).isEqualTo(-1);
    assertThat(fired).hasValue(1);
  }

  @Test
  void aDeadlineTakenBackNeverFires() {
    timer.follow(now.get() + 100 * MS);
    timer.follow(EngineTimer.NONE);
    assertThat(advance(100)).isEqualTo(-1);
    assertThat(fired).hasValue(0);
  }

  @Test
  void aCancelledTimerNeverFiresAndCanBeSetAgain() {
    timer.follow(now.get() + 100 * MS);
    timer.cancel();
    assertThat(advance(100)).isEqualTo(-1);
    assertThat(fired).hasValue(0);
    timer.follow(now.get() + 50 * MS);
    advance(50);
    assertThat(fired).hasValue(1);
  }

  @Test
  void aDeadlineAlreadyPastFiresAtOnce() {
    timer.follow(now.get() - MS);
    assertThat(loop.runScheduledPendingTasks()).isEqualTo(-1);
    assertThat(fired).hasValue(1);
  }
}
