package dev.missive.benchmarks.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missive.benchmarks.smtp.SmtpTransaction.ContentKind;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Runs {@link SmtpDataBenchmark}'s body for each kind of content, and checks issue 25's goal the benchmark measures:
 * content costs no allocation per octet, so a message 64 times longer, in 64 times as many host reads, allocates
 * about what the short one does (the engine hands out one reused view of the host's buffer, docs/architecture.md,
 * "Streamed message data"). Allocation is counted by the JVM per thread, so the check does not depend on load.
 */
class SmtpDataBenchmarkTest {

  private static final int SMALL = 16 * 1024;
  private static final int LARGE = 1024 * 1024;
  private static final int READ = 1024;

  @ParameterizedTest
  @EnumSource(ContentKind.class)
  void everyKindDeliversTheWholeMessage(ContentKind kind) {
    SmtpDataBenchmark b = new SmtpDataBenchmark();
    b.kind = kind;
    b.messageSize = 1024;
    b.hostRead = 2048;
    b.setUp();
    assertThat(b.transaction()).isGreaterThan(1024);

    SmtpTransaction t = new SmtpTransaction(1, 4096, 100, kind); // content in reads of 100 octets
    t.transaction();
    t.transaction();
    assertThat(t.messagesAccepted()).isEqualTo(2);
    assertThat(t.dataBytes()).isEqualTo(2 * 4096);
  }

  @ParameterizedTest
  @EnumSource(ContentKind.class)
  void contentAllocatesNothingPerOctet(ContentKind kind) {
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    SmtpTransaction small = new SmtpTransaction(1, SMALL, READ, kind);
    SmtpTransaction large = new SmtpTransaction(1, LARGE, READ, kind);
    long smallest = Long.MAX_VALUE;
    long largest = Long.MAX_VALUE;
    for (int round = 0; round < 20; round++) { // the least of several rounds: class loading and compilation settle
      long before = threads.getCurrentThreadAllocatedBytes();
      small.transaction();
      long between = threads.getCurrentThreadAllocatedBytes();
      large.transaction();
      long after = threads.getCurrentThreadAllocatedBytes();
      smallest = Math.min(smallest, between - before);
      largest = Math.min(largest, after - between);
    }
    double perOctet = (double) (largest - smallest) / (LARGE - SMALL);
    assertThat(perOctet).as("bytes allocated per extra content octet (%d B for 16 KiB, %d B for 1 MiB)", smallest,
        largest).isLessThan(0.01);
  }
}
