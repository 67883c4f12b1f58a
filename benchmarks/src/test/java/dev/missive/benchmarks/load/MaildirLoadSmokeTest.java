package dev.missive.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThatCode;

import org.junit.jupiter.api.Test;

/**
 * Issue 19's IMAP load programs run once at a tiny size, so they stay compiled and working (no timing, no goal
 * checked); the lead runs them at full size on a quiet machine. Compiled only with {@code -Pload}.
 */
class MaildirLoadSmokeTest {

  @Test
  void selectOfALargeFolder() {
    assertThatCode(() -> MaildirSelectLarge.main(new String[] {"50"})).doesNotThrowAnyException();
  }

  @Test
  void fetchAgainstGreenMail() {
    assertThatCode(() -> MaildirFetchVsGreenMail.main(new String[] {"20", "2", "1"})).doesNotThrowAnyException();
  }

  @Test
  void idleSessions() {
    assertThatCode(() -> MaildirIdleSessions.main(new String[] {"3", "20"})).doesNotThrowAnyException();
  }
}
