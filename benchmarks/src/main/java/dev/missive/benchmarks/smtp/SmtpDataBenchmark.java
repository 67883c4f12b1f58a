package dev.missive.benchmarks.smtp;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Issue 25's benchmark for the cost of message content: one mail transaction per operation on a session kept open
 * (as {@link SmtpTransactionBenchmark#transaction()}), the content read and discarded, at two message sizes. With
 * {@code -prof gc}, the growth of {@code gc.alloc.rate.norm} from 1 KiB to 1 MiB divided by the extra octets is the
 * allocation per DATA octet (goal below 0.01 B); the transaction's fixed cost cancels out. The content comes as DATA
 * (RFC 5321 §4.1.1.4), as DATA with a stuffed dot starting every body line (§4.5.2: each line is its own piece), or
 * as one BDAT chunk (RFC 3030 §2), in host reads of 2 KiB (Netty's first read) or 16 KiB (the blocking transport's
 * buffer).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Thread)
public class SmtpDataBenchmark {

  /** How the client sends the content. */
  @Param({"DATA", "DATA_DOTTED", "BDAT"})
  public SmtpTransaction.ContentKind kind;

  /** Message octets as the host receives them. */
  @Param({"1024", "1048576"})
  public int messageSize;

  /** The most octets the host hands the engine per {@code receive}. */
  @Param({"2048", "16384"})
  public int hostRead;

  private SmtpTransaction transaction;

  /** Builds the client's flights once per trial. */
  @Setup(Level.Trial)
  public void setUp() {
    transaction = new SmtpTransaction(1, messageSize, hostRead, kind);
  }

  /** One mail transaction (MAIL, RCPT, DATA or BDAT, the content) on a session kept open. */
  @Benchmark
  public long transaction() {
    return transaction.transaction();
  }
}
