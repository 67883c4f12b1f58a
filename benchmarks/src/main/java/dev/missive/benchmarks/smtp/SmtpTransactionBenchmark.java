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
 * Issue 5's benchmark: SMTP through the server engine in memory (RFC 5321 §3.3). {@link #session()} is one whole
 * connection per operation (new engine, EHLO, MAIL, RCPT × n, DATA, QUIT); {@link #transaction()} is one mail
 * transaction per operation on a connection kept open. Run with {@code -prof gc} for the bytes allocated per
 * operation ({@code gc.alloc.rate.norm}), whose growth from 1 KiB to 100 KiB shows any per-byte allocation in DATA.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Thread)
public class SmtpTransactionBenchmark {

  /** RCPT commands per transaction. */
  @Param({"1", "10"})
  public int recipients;

  /** Message octets in DATA. */
  @Param({"1024", "102400"})
  public int messageSize;

  /**
   * The most octets the host hands the engine per {@code receive}: 16 KiB, the blocking transport's read buffer
   * (so DATA content comes in as many pieces as from a socket); 0 hands each flight whole.
   */
  @Param({"16384"})
  public int hostRead;

  private SmtpTransaction transaction;

  /** Builds the client's flights once per trial. */
  @Setup(Level.Trial)
  public void setUp() {
    transaction = new SmtpTransaction(recipients, messageSize, hostRead);
  }

  /** One whole session: a new engine, EHLO, one transaction, QUIT. */
  @Benchmark
  public long session() {
    return transaction.session();
  }

  /** One mail transaction (MAIL, RCPT × n, DATA) on a session kept open. */
  @Benchmark
  public long transaction() {
    return transaction.transaction();
  }
}
