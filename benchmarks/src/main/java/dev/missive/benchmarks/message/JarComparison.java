package dev.missive.benchmarks.message;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Before and after in one JVM: Missive's parsers (RFC 5322 / RFC 2045) from two or more builds of
 * {@code benchmarks.jar}, each in its own class loader, run in alternating slices of the same thread together with
 * Mime4j, and scored by operations per second of this thread's CPU time — so a change can be judged under load
 * against the commit before it, as {@link InterleavedRatios} judges Missive against its peer. Which set runs first
 * shapes the JIT's profiles of shared code, so run each comparison in two orders. The JMH run (benchmarks/README.md)
 * stays the measurement of record.
 *
 * <p>Usage: {@code java -cp benchmarks.jar dev.missive.benchmarks.message.JarComparison JAR,JAR[,JAR...] SECONDS
 * tree|streamDecoded SET...} where a set is a {@link Sample} name or {@code CORPUS}; the messages and Mime4j come from
 * the first jar.
 */
public final class JarComparison {

  private JarComparison() {}

  /** One parser of one jar, called by reflection (the same class exists once per class loader). */
  private record Parser(Method method, Object target) {
    Object parse(byte[] message) {
      try {
        return method.invoke(target, (Object) message);
      } catch (IllegalAccessException | InvocationTargetException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /**
   * Runs the comparison and prints one line per set.
   *
   * @param args the jars (comma-separated), the measured CPU seconds per side, the mode, then the sets
   * @throws ReflectiveOperationException when a jar lacks the benchmark classes
   * @throws MalformedURLException for a jar path that is not a URL
   */
  public static void main(String[] args) throws ReflectiveOperationException, MalformedURLException {
    if (args.length < 4) {
      System.out.println("usage: JarComparison JAR,JAR[,JAR...] SECONDS tree|streamDecoded SET...");
      return;
    }
    String[] jars = args[0].split(",");
    long budget = Long.parseLong(args[1]) * 1_000_000_000L;
    String mode = args[2];
    if (!mode.equals("tree") && !mode.equals("streamDecoded")) {
      throw new IllegalArgumentException("mode must be tree or streamDecoded: " + mode);
    }
    ClassLoader[] loaders = new ClassLoader[jars.length];
    for (int i = 0; i < jars.length; i++) {
      loaders[i] = new URLClassLoader(new URL[] {Path.of(jars[i]).toUri().toURL()},
          ClassLoader.getPlatformClassLoader());
    }
    for (int a = 3; a < args.length; a++) {
      String set = args[a];
      byte[][] messages = messages(loaders[0], set);
      List<Parser> parsers = new ArrayList<>();
      for (ClassLoader l : loaders) {
        parsers.add(new Parser(type(l, "MissiveParsing").getMethod(mode, byte[].class), null));
      }
      Class<?> peer = type(loaders[0], "Mime4jParsing");
      parsers.add(new Parser(peer.getMethod(mode.equals("tree") ? "dom" : "stream", byte[].class),
          peer.getConstructor().newInstance()));
      long[][] sums = new long[parsers.size()][2];
      long warmEnd = System.nanoTime() + 3_000_000_000L;
      while (System.nanoTime() < warmEnd) {
        for (Parser p : parsers) {
          InterleavedRatios.slice(messages, p::parse, new long[2]);
        }
      }
      while (sums[0][1] < budget) {
        for (int i = 0; i < parsers.size(); i++) {
          InterleavedRatios.slice(messages, parsers.get(i)::parse, sums[i]);
        }
      }
      double peerRate = rate(sums[parsers.size() - 1]);
      StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-10s %-13s", set, mode));
      for (int i = 0; i < jars.length; i++) {
        line.append(String.format(Locale.ROOT, "  jar%d %9.0f ops/cpu-s (%.2fx Mime4j)", i, rate(sums[i]),
            rate(sums[i]) / peerRate));
      }
      line.append(String.format(Locale.ROOT, "  Mime4j %9.0f  jar1/jar0 %.3f", peerRate,
          rate(sums[1 % jars.length]) / rate(sums[0])));
      System.out.println(line);
    }
  }

  private static Class<?> type(ClassLoader loader, String simpleName) throws ClassNotFoundException {
    return Class.forName("dev.missive.benchmarks.message." + simpleName, true, loader);
  }

  private static byte[][] messages(ClassLoader loader, String set) throws ReflectiveOperationException {
    if (set.equals("CORPUS")) {
      Class<?> corpus = type(loader, "Corpus");
      Object dir = corpus.getMethod("locate", String.class).invoke(null, "");
      return (byte[][]) corpus.getMethod("load", Path.class).invoke(null, dir);
    }
    Class<?> sample = type(loader, "Sample");
    Object s = sample.getMethod("valueOf", String.class).invoke(null, set);
    return new byte[][] {(byte[]) sample.getMethod("bytes").invoke(s)};
  }

  private static double rate(long[] sum) {
    return sum[0] * 1e9 / sum[1];
  }
}
