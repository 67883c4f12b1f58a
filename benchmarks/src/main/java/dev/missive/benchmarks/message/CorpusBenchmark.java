package dev.missive.benchmarks.message;

import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The {@link ParsingBenchmark} measurements of RFC 5322 / RFC 2045 parsing over the whole shared {@link Corpus}: one
 * operation parses the set.
 */
@State(Scope.Thread)
public class CorpusBenchmark extends ParsingBenchmark {

  /** The corpus folder or the shared directory; blank to find it as {@link Corpus#locate} says. */
  @Param({""})
  public String corpus;

  /** Loads the corpus once per trial. */
  @Setup(Level.Trial)
  public void setUp() {
    messages = Corpus.load(Corpus.locate(corpus));
  }
}
