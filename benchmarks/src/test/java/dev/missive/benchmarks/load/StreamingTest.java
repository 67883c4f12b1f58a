package dev.missive.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Checks that the streaming program moves every octet (RFC 5321 §4.1.1.4 DATA, RFC 1939 §7 RETR), so its MB/s
 * count real work; never a timing assertion. Compiled only with {@code -Pload}.
 */
class StreamingTest {

  private static final long ONE_MIB = 1024 * 1024;
  private static final long LINE = 79;

  /** The octets the program hands in: whole 64 701-octet arrays of 79-octet lines until the size is reached. */
  private static long sent(long octets) {
    long chunk = 819 * LINE;
    return (octets + chunk - 1) / chunk * chunk;
  }

  @Test
  void smtpDataDeliversEveryOctetAsDataChunks() throws Exception {
    assertThat(new Streaming().measure("smtp", ONE_MIB)).isEqualTo(sent(ONE_MIB));
  }

  @Test
  void pop3RetrAnswersTheWholeFileWithStatusAndTerminator() throws Exception {
    long answered = new Streaming().measure("pop3", ONE_MIB);
    // greeting already drained; +OK for USER, PASS and RETR, the message, then ".\r\n"
    assertThat(answered).isGreaterThan(sent(ONE_MIB) + 3).isLessThan(sent(ONE_MIB) + 300);
  }
}
