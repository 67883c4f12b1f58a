package dev.missive.benchmarks.message;

import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The {@link ParsingBenchmark} measurements of RFC 5322 / RFC 2045 parsing for each of issue 3's five {@link Sample}
 * messages on its own.
 */
@State(Scope.Thread)
public class SampleBenchmark extends ParsingBenchmark {

  /** Which message (a {@link Sample} name). */
  @Param({"PLAIN", "NEWSLETTER", "ATTACHMENT", "FORWARD", "HEADERS"})
  public String sample;

  /** Generates the message once per trial. */
  @Setup(Level.Trial)
  public void setUp() {
    messages = new byte[][] {Sample.valueOf(sample).bytes()};
  }
}
