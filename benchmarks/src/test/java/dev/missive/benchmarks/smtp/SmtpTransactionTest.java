package dev.missive.benchmarks.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Runs issue 5's benchmark body: each session delivers the whole message and ends with QUIT answered, whether the
 * host hands each flight whole or in reads of a given size.
 */
class SmtpTransactionTest {

  /** The bound on a whole session's allocation (a9260526: 6 544 B in JMH {@code -prof gc}). */
  private static final long SESSION_BYTES = 4000;

  private static SmtpTransactionBenchmark benchmark(int recipients, int size) {
    SmtpTransactionBenchmark b = new SmtpTransactionBenchmark();
    b.recipients = recipients;
    b.messageSize = size;
    b.hostRead = 16384;
    b.setUp();
    return b;
  }

  @ParameterizedTest
  @CsvSource({"1, 1024", "10, 1024", "1, 102400", "10, 102400"})
  void sessionsDeliverTheMessageAndQuit(int recipients, int size) {
    SmtpTransactionBenchmark b = benchmark(recipients, size);
    long first = b.session();
    long second = b.session();
    assertThat(second).isEqualTo(first).isGreaterThan(size);

    SmtpTransaction t = new SmtpTransaction(recipients, size, 1000); // every flight in reads of 1000 octets
    t.session();
    t.session();
    assertThat(t.messagesAccepted()).isEqualTo(2);
    assertThat(t.dataBytes()).isEqualTo(2L * size);
    assertThat(t.lastClosed()).isTrue();
    // every RCPT was answered with its own 250 reply (15 octets at least) besides greeting, EHLO, MAIL, DATA, QUIT
    assertThat(t.outputBytes()).isEqualTo(2 * (first - size)).isGreaterThan(2L * 15 * (recipients + 5));
  }

  @ParameterizedTest
  @CsvSource({"1, 1024", "10, 102400"})
  void transactionsRepeatOnOneOpenSession(int recipients, int size) {
    SmtpTransactionBenchmark b = benchmark(recipients, size);
    long opening = b.transaction();
    long second = b.transaction();
    long third = b.transaction();
    assertThat(third).isEqualTo(second).isGreaterThan(size).isLessThan(opening);

    SmtpTransaction t = new SmtpTransaction(recipients, size);
    for (int i = 0; i < 30; i++) {
      t.transaction();
    }
    assertThat(t.messagesAccepted()).isEqualTo(30);
    assertThat(t.dataBytes()).isEqualTo(30L * size);
    assertThat(t.lastClosed()).isFalse();
  }

  /**
   * Issue 25's per-connection cost: what depends only on the configuration (replies, EHLO's lines, limits) is worked
   * out once and shared, so a whole session (new engine, greeting, EHLO, MAIL, RCPT, DATA of 1 KiB, QUIT) allocates
   * well under the 6.5 KB it took at a9260526. Counted by the JVM per thread: independent of load.
   */
  @Test
  void aWholeSessionAllocatesLittleMoreThanTheEngineItself() {
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    SmtpTransaction t = new SmtpTransaction(1, 1024, 16384);
    long least = Long.MAX_VALUE;
    for (int round = 0; round < 2000; round++) { // the least of many: class loading and compilation settle
      long before = threads.getCurrentThreadAllocatedBytes();
      t.session();
      least = Math.min(least, threads.getCurrentThreadAllocatedBytes() - before);
    }
    assertThat(least).as("bytes allocated by one whole session").isLessThan(SESSION_BYTES);
  }

  @ParameterizedTest
  @CsvSource({"128", "1000", "1024", "4097"})
  void messageHasExactlyTheAskedSize(int size) {
    String m = SmtpTransaction.message(size);
    assertThat(m).hasSize(size).endsWith("\r\n").doesNotContain("\r\n.");
  }

  @ParameterizedTest
  @CsvSource({"0, 1024, 0", "1, 127, 0", "1, 1024, -1"})
  void refusesNonsense(int recipients, int size, int hostRead) {
    assertThatThrownBy(() -> new SmtpTransaction(recipients, size, hostRead))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
