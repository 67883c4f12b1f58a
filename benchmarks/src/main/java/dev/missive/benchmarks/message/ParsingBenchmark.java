package dev.missive.benchmarks.message;

import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The like-for-like message-format measurements of issue 3 (RFC 5322 messages with RFC 2045/2046 bodies), as
 * docs/architecture.md, "Benchmarks" sets them: each benchmark method parses every message of {@link #messages} once
 * per operation. Tree with decoded bodies: {@link #missiveTree} against {@link #mime4jDom} and {@link #angusWalk};
 * stream with decoding: {@link #missiveStreamDecoded} against {@link #mime4jStream}; stream events without decoding:
 * {@link #missiveStreamRaw} against the floor {@link #byteScan}. Subclasses choose the messages.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public abstract class ParsingBenchmark {

  /** The messages one operation parses; set by the subclass's setup. */
  protected byte[][] messages;

  private final Mime4jParsing mime4j = new Mime4jParsing();
  private final AngusParsing angus = new AngusParsing();

  /** Missive's tree with every leaf body decoded. */
  @Benchmark
  public Shape missiveTree() {
    return each(MissiveParsing::tree);
  }

  /** Mime4j's DOM with every decoded body read. */
  @Benchmark
  public Shape mime4jDom() {
    return each(mime4j::dom);
  }

  /** Angus Mail's MimeMessage, walked fully, every decoded body read. */
  @Benchmark
  public Shape angusWalk() {
    return each(angus::walk);
  }

  /** Missive's streaming parser with bodies decoded. */
  @Benchmark
  public Shape missiveStreamDecoded() {
    return each(MissiveParsing::streamDecoded);
  }

  /** Mime4j's MimeStreamParser with content decoding, every body read. */
  @Benchmark
  public Shape mime4jStream() {
    return each(mime4j::stream);
  }

  /** Missive's stream events without decoding. */
  @Benchmark
  public Shape missiveStreamRaw() {
    return each(MissiveParsing::streamRaw);
  }

  /** The floor: one pass over every octet. */
  @Benchmark
  public int byteScan() {
    int lines = 0;
    for (byte[] m : messages) {
      lines += ByteScan.lines(m);
    }
    return lines;
  }

  private Shape each(Function<byte[], Shape> parser) {
    Shape sum = Shape.NONE;
    for (byte[] m : messages) {
      sum = sum.plus(parser.apply(m));
    }
    return sum;
  }
}
