package dev.missive.benchmarks.message;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Same-JVM ratios of Missive's parsers to Mime4j's (tree against DOM, decoded stream against stream) on a machine
 * shared with other work, where JMH's wall-clock scores swing with the load: the two sides run in alternating short
 * slices of the same thread after a common warm-up, and each side is scored by operations per second of this
 * thread's CPU time, which other processes move far less than wall time. A direction finder for changes made under
 * load; the JMH run (benchmarks/README.md) stays the measurement of record.
 *
 * <p>Usage: {@code java -cp benchmarks.jar dev.missive.benchmarks.message.InterleavedRatios [SECONDS] [SET...]}
 * where a set is a {@link Sample} name or {@code CORPUS}; SECONDS (default 6) is the measured CPU time per side.
 */
public final class InterleavedRatios {

  private static final long SLICE_NANOS = 100_000_000L;
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private InterleavedRatios() {}

  /**
   * Runs the comparison and prints one line per set and pair.
   *
   * @param args the measured seconds per side, then the sets (default: every sample and the corpus)
   */
  public static void main(String[] args) {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 6;
    List<String> sets = new ArrayList<>();
    for (int i = 1; i < args.length; i++) {
      sets.add(args[i]);
    }
    if (sets.isEmpty()) {
      for (Sample s : Sample.values()) {
        sets.add(s.name());
      }
      sets.add("CORPUS");
    }
    Mime4jParsing mime4j = new Mime4jParsing();
    List<Double> tree = new ArrayList<>();
    List<Double> stream = new ArrayList<>();
    for (String set : sets) {
      byte[][] messages = "CORPUS".equals(set) ? Corpus.load(Corpus.locate(""))
          : new byte[][] {Sample.valueOf(set).bytes()};
      double t = ratio(set, "tree/dom", messages, MissiveParsing::tree, mime4j::dom, seconds);
      double s = ratio(set, "streamDecoded/stream", messages, MissiveParsing::streamDecoded, mime4j::stream,
          seconds);
      if (!"CORPUS".equals(set)) {
        tree.add(t);
        stream.add(s);
      }
    }
    if (!tree.isEmpty()) {
      System.out.printf(Locale.ROOT, "geometric mean of the samples: tree/dom %.2fx, streamDecoded/stream %.2fx%n",
          geomean(tree), geomean(stream));
    }
  }

  private static double ratio(String set, String pair, byte[][] messages, Function<byte[], Shape> ours,
                              Function<byte[], Shape> theirs, int seconds) {
    long[] a = new long[2];
    long[] b = new long[2];
    long warmEnd = System.nanoTime() + 2_000_000_000L;
    while (System.nanoTime() < warmEnd) {
      slice(messages, ours, new long[2]);
      slice(messages, theirs, new long[2]);
    }
    while (a[1] < seconds * 1_000_000_000L) {
      slice(messages, ours, a);
      slice(messages, theirs, b);
    }
    double oursRate = a[0] * 1e9 / a[1];
    double theirsRate = b[0] * 1e9 / b[1];
    double r = oursRate / theirsRate;
    System.out.printf(Locale.ROOT, "%-10s %-22s Missive %10.0f ops/cpu-s  Mime4j %10.0f ops/cpu-s  ratio %.2fx%n",
        set, pair, oursRate, theirsRate, r);
    return r;
  }

  /**
   * Runs one slice of about {@link #SLICE_NANOS} of CPU time, adding operations and CPU nanoseconds to {@code sum};
   * every result's hash is kept, so no parse can be optimised away. Also {@link JarComparison}'s slice.
   */
  static void slice(byte[][] messages, Function<byte[], ?> parser, long[] sum) {
    long start = THREADS.getCurrentThreadCpuTime();
    long now = start;
    long ops = 0;
    long sink = 0;
    while (now - start < SLICE_NANOS) {
      for (int i = 0; i < 16; i++) {
        for (byte[] m : messages) {
          sink += parser.apply(m).hashCode();
        }
        ops++;
      }
      now = THREADS.getCurrentThreadCpuTime();
    }
    if (sink == 42) {
      System.out.print("");
    }
    sum[0] += ops;
    sum[1] += now - start;
  }

  private static double geomean(List<Double> xs) {
    double log = 0;
    for (double x : xs) {
      log += Math.log(x);
    }
    return Math.exp(log / xs.size());
  }
}
